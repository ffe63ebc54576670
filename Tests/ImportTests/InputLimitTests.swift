import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Export
@testable import Import
@testable import Reports
@testable import TaskStore

/// Hostile input sizes: a line longer than the limit, gigabytes of blank lines, a
/// compression bomb. Each is bounded by a limit (made small here), named with its
/// file and line, and costs nothing already in the store.
@Suite struct InputLimitTests {
  func promptLine(_ text: String) -> String { #"{"prompt":"\#(text)"}"# + "\n" }

  func tasksBytes(_ root: URL) throws -> Data {
    var out = Data()
    for url in Store.taskFileURLs(root) { out += try Data(contentsOf: url) }
    return out
  }

  @Test func aLineOverTheLimitIsNamedAndTheLinesAroundItAreImported() throws {
    let root = try makeStore(tasks: [])
    let src = temporaryDirectory().appendingPathComponent("long.jsonl")
    let long = promptLine(String(repeating: "x", count: 300_000))
    let text = promptLine("first") + long + promptLine("second") + long + promptLine("third")
    try Data(text.utf8).write(to: src)
    let limits = InputLimits(lineBytes: 100_000, copyBytes: nil)
    for block in [1 << 10, 64 << 10, 4 << 20] {
      let s = try Importer.importPath(
        src.path, into: root, dryRun: true, blockSize: block, limits: limits)
      #expect(s.imported == 3, "block \(block)")
      #expect(s.errors.map(\.line) == [2, 4], "block \(block)")
      #expect(s.errors.first?.file == "long.jsonl")
      #expect(s.errors.first?.message.contains("over the limit of 97 KB (--max-line-mb)") == true)
    }
    // Under the default limit the same lines are tasks.
    let s = try Importer.importPath(src.path, into: root, dryRun: true)
    #expect(s.imported == 4 && s.duplicates == 1 && s.errors.isEmpty)
  }

  @Test func aLineOfOnlySpacesOverTheLimitIsABlankLine() throws {
    let root = try makeStore(tasks: [])
    let src = temporaryDirectory().appendingPathComponent("spaces.jsonl")
    let text =
      promptLine("first") + String(repeating: " ", count: 500_000) + "\n" + promptLine("second")
    try Data(text.utf8).write(to: src)
    let s = try Importer.importPath(
      src.path, into: root, dryRun: true, blockSize: 4096,
      limits: InputLimits(lineBytes: 10_000, copyBytes: nil))
    #expect(s.imported == 2)
    #expect(s.errors.isEmpty)
  }

  @Test func blankLinesAreCountedSoLaterLinesKeepTheirNumbers() throws {
    let root = try makeStore(tasks: [])
    let src = temporaryDirectory().appendingPathComponent("blank.jsonl")
    var bytes = [UInt8](repeating: 0x0A, count: 1_000_000)
    bytes += Array((promptLine("after") + "{not json\n").utf8)
    try Data(bytes).write(to: src)
    let s = try Importer.importPath(src.path, into: root, dryRun: true, blockSize: 70_000)
    #expect(s.imported == 1)
    #expect(s.errors.map(\.line) == [1_000_002])
    // Detection passes over the blank lines to the first record.
    #expect(s.detection.hasPrefix("line 1000001 has the fields \"prompt\""))
  }

  @Test func theLineReaderReadsPastALongLineAndNumbersTheRest() throws {
    let url = temporaryDirectory().appendingPathComponent("lines.txt")
    let text =
      "a\n" + String(repeating: "y", count: 50_000) + "\n\n\nb\n"
      + String(repeating: "z", count: 9_000)
    try Data(text.utf8).write(to: url)
    let reader = try LineReader(url: url, chunk: 1000, lineLimit: 8_000)
    var lines: [(Int, String)] = []
    while let (n, bytes) = reader.next() {
      lines.append((n, String(decoding: bytes, as: UTF8.self)))
    }
    #expect(lines.map(\.0) == [1, 2, 3, 4, 5, 6])
    #expect(lines.map(\.1) == ["a", "", "", "", "b", ""])
    #expect(reader.oversized.map(\.line) == [2, 6])
    #expect(reader.oversized.map(\.length) == [50_000, 9_000])
    let skipping = try LineReader(url: url, chunk: 1000, lineLimit: 100_000)
    skipping.skipsEmptyLines = true
    var numbers: [Int] = []
    while let (n, _) = skipping.next() { numbers.append(n) }
    #expect(numbers == [1, 2, 5, 6])
  }

  @Test func aCompressionBombStopsAtTheLimitAndLeavesNothing() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let before = try tasksBytes(root)
    let src = temporaryDirectory().appendingPathComponent("bomb.jsonl.zst")
    let zeros = Data(promptLine("hi").utf8) + Data(repeating: 0x20, count: 3 << 20)
    try Compressor.compress(zeros, .zstd).write(to: src)
    #expect(try FileManager.default.attributesOfItem(atPath: src.path)[.size] as? Int ?? 0 < 4096)
    do {
      _ = try Importer.importPath(
        src.path, into: root, limits: InputLimits(lineBytes: 64 << 20, copyBytes: 1 << 20))
      Issue.record("the bomb was imported")
    } catch {
      #expect(
        "\(error)".contains(
          "bomb.jsonl.zst: its decompressed data passed 1.0 MB, the limit given with --max-decompressed-gb"
        ))
    }
    #expect(try tasksBytes(root) == before)
    let hidden = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent(".rubric").path)
    #expect(!hidden.contains { $0.hasPrefix(".import-") }, "\(hidden)")
    // The default limit is half the free disk: the same file imports.
    let s = try Importer.importPath(src.path, into: root)
    #expect(s.imported == 1)
  }

  @Test func aDigestReadsPastAJournalLineOverTheLimit() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let journal = try Journal(url: url, annotator: "ann")
    func line(_ task: String) throws -> Data {
      let a = Annotation(
        taskId: task, annotator: "ann", status: .submitted, updated: "2026-12-01T10:00:00.000Z")
      return try journal.line(for: JournalRecord(annotation: a))
    }
    var bytes = try line("t1")
    bytes += Data(repeating: 0x41, count: 300_000) + Data([0x0A])
    bytes += try line("t2")
    try bytes.write(to: url)
    let digest = try JournalDigest.read(
      journal: url, annotator: "ann", cache: nil, lineLimit: 50_000)
    #expect(digest.map(\.taskId).sorted() == ["t1", "t2"])
    #expect(digest.state.problems == 1)
  }
}
