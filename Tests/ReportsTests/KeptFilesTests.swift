import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// `ResultCache.files`: an export is not written again while the store's inputs and
/// the files it wrote read as they did; any change to either writes it again.
@Suite struct KeptFilesTests {
  /// Writes `files` as an export would, counting the writes.
  final class Writer {
    var writes = 0
    let files: [URL]
    init(_ files: [URL]) { self.files = files }

    func run(_ root: URL, arguments: [String] = ["dpo"]) throws -> (note: String, current: Bool) {
      try ResultCache.files(root, kind: "export", arguments: arguments, files: files) {
        writes += 1
        for f in files {
          try Data("row \(writes) of \(f.lastPathComponent)\n".utf8).write(to: f)
        }
        return "written \(writes)"
      }
    }
  }

  @Test func anExportIsWrittenAgainOnlyWhenItsInputsOrItsFilesChanged() throws {
    let tests = ResultCacheTests()
    let root = try tests.teamStore(seed: 5)
    let out = temporaryDirectory()
    let writer = Writer([
      out.appendingPathComponent("pairs.train.jsonl"),
      out.appendingPathComponent("pairs.test.jsonl"),
    ])
    #expect(try writer.run(root) == ("written 1", false))
    // Nothing changed: nothing written, and the first run's note.
    #expect(try writer.run(root) == ("written 1", true))
    #expect(writer.writes == 1)
    // Other options write.
    #expect(try writer.run(root, arguments: ["kto"]) == ("written 2", false))
    #expect(try writer.run(root) == ("written 3", false))
    #expect(try writer.run(root) == ("written 3", true))
    // One of the files changed (same length), or gone: written again.
    try Data("row 9 of pairs.test.jsonl\n".utf8).write(to: writer.files[1])
    #expect(try writer.run(root) == ("written 4", false))
    try FileManager.default.removeItem(at: writer.files[0])
    #expect(try writer.run(root) == ("written 5", false))
    #expect(try writer.run(root) == ("written 5", true))
    // A journal grew: written again.
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/ann.jsonl"), annotator: "ann")
    var g = SplitMix64(seed: 9)
    try journal.append(JournalRecord(annotation: tests.randomAnswer(&g, "ann", 99)))
    try tests.age(root)
    #expect(try writer.run(root) == ("written 6", false))
    #expect(try writer.run(root) == ("written 6", true))
    // Without `.rubric/` nothing is known: written again.
    try FileManager.default.removeItem(at: root.appendingPathComponent(".rubric"))
    #expect(try writer.run(root) == ("written 7", false))
  }
}
