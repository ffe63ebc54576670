import Foundation

@testable import Annotation
@testable import Codecs
@testable import Import
@testable import TaskStore

/// A fresh temporary folder, removed when the test process ends.
func temporaryDirectory(_ name: String = #function) -> URL {
  let safe = name.filter { $0.isLetter || $0.isNumber }
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rubric-tests-\(getpid())-\(safe)-\(UInt32.random(in: 0...UInt32.max))")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func sampleTask(_ id: String, candidates: Int = 2) -> Task {
  Task(
    id: id, context: [Message(role: .user, content: "Question \(id)?")],
    candidates: (0..<candidates).map {
      Candidate(
        id: "c\($0)", messages: [Message(role: .assistant, content: "Answer \($0) to \(id)")])
    })
}

/// Creates a store with tasks written through the importer.
func makeStore(preset: String = "pairwise-ranking", tasks: [Task]) throws -> URL {
  let root = temporaryDirectory()
  try FileManager.default.removeItem(at: root)
  try Store.create(at: root, preset: preset, annotator: "ann")
  let src = root.deletingLastPathComponent().appendingPathComponent(
    "src-\(UInt32.random(in: 0...UInt32.max)).jsonl")
  var data = Data()
  for t in tasks {
    data.append(try TaskCodec.encode(t))
    data.append(0x0A)
  }
  try data.write(to: src)
  _ = try Importer.importFile(src, into: root)
  return root
}
