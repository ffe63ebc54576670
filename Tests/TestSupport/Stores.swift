import Annotation
import Codecs
import Export
/// Helpers the store, agreement and sync tests share: folders, tasks, stores.
import Foundation
import Import
import TaskStore

/// A fresh temporary folder, removed when the test process ends.
public func temporaryDirectory(_ name: String = #function) -> URL {
  let safe = name.filter { $0.isLetter || $0.isNumber }
  let url = scratchRoot.appendingPathComponent(
    "rubric-tests-\(getpid())-\(safe)-\(UInt32.random(in: 0...UInt32.max))")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

public func sampleTask(_ id: String, candidates: Int = 2) -> ChatTask {
  ChatTask(
    id: id, context: [Message(role: .user, content: "Question \(id)?")],
    candidates: (0..<candidates).map {
      Candidate(
        id: "c\($0)", messages: [Message(role: .assistant, content: "Answer \($0) to \(id)")])
    })
}

/// Creates a store with tasks written through the importer.
public func makeStore(preset: String = "pairwise-ranking", tasks: [ChatTask]) throws -> URL {
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

/// The lines an export of the store writes in a format.
public func exportText(
  _ root: URL, _ format: ExportFormat, configure: (inout ExportOptions) -> Void = { _ in }
) throws -> [String] {
  var o = ExportOptions(format: format)
  configure(&o)
  let out = root.appendingPathComponent("out-\(format.rawValue).jsonl")
  _ = try Exporter.export(root, options: o, to: out)
  return try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// A line that is not a JSON object, where a test expected one.
public struct NotAnObject: Error, CustomStringConvertible {
  public var line: String
  public var description: String { "not a JSON object: \(line)" }
}

/// One line of JSON as an object.
public func json(_ line: String) throws -> [String: Any] {
  guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
  else { throw NotAnObject(line: line) }
  return object
}

/// Writes lines to a file and imports them into a fresh pairwise store.
public func importText(_ text: String, format: ImportFormat? = nil, preset: String = "pairwise")
  throws
  -> (URL, ImportSummary, [ChatTask])
{
  let root = try makeStore(preset: preset, tasks: [])
  let src = root.deletingLastPathComponent().appendingPathComponent(
    "in-\(UInt32.random(in: 0...UInt32.max)).jsonl")
  try text.write(to: src, atomically: true, encoding: .utf8)
  let summary = try Importer.importFile(src, into: root, format: format)
  var tasks: [ChatTask] = []
  for url in Store.taskFileURLs(root) {
    for (line, bytes) in try LineReader(url: url) {
      tasks.append(try TaskCodec.decode(bytes, file: "", line: line).task)
    }
  }
  return (root, summary, tasks)
}

/// A store of tasks t0, t1 (as Rubric writes them), "hand" (its id past the head the
/// index reads), "broken" (an id at its head, then no task) and two annotators'
/// submitted rankings of those and of "gone" (no task file has it).
public func storeOfEveryTaskPlace() throws -> URL {
  let root = try makeStore(tasks: [sampleTask("t0"), sampleTask("t1")])
  let file = Store.taskFileURLs(root)[0]
  let object = try JSONSerialization.jsonObject(with: TaskCodec.encode(sampleTask("hand")))
  var lines = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  lines.append(contentsOf: Array("\n{\"id\":\"broken\",\"candidates\": cut off}\n".utf8))
  let handle = try FileHandle(forWritingTo: file)
  try handle.seekToEnd()
  try handle.write(contentsOf: lines)
  try handle.close()
  for (n, who) in ["ann", "bob"].enumerated() {
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
    for id in ["t0", "t1", "hand", "broken", "gone"] {
      var a = Annotation(taskId: id, annotator: who, status: .submitted, orderShown: ["c0", "c1"])
      let order = n == 0 || id == "t1" ? ["c0", "c1"] : ["c1", "c0"]
      a.answers["rank"] = .ranking(Ranking(tiers: order.map { [$0] }))
      a.updated = "2026-12-01T10:00:00.000Z"
      try journal.append(JournalRecord(annotation: a))
    }
  }
  return root
}
