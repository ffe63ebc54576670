import Foundation
import TestSupport
import Testing

@testable import Export
@testable import Import
@testable import TaskStore

/// Compressed input is decompressed as it is read, never copied first: the
/// same tasks, errors and line numbers as the plain file, across block sizes.
@Suite struct StreamedInputTests {
  func promptLine(_ text: String) -> String { #"{"prompt":"\#(text)"}"# }

  func tasksBytes(_ root: URL) throws -> Data {
    var out = Data()
    for url in Store.taskFileURLs(root) { out += try Data(contentsOf: url) }
    return out
  }

  @Test func compressedLinesAreStreamedWithTheSameTasksErrorsAndLineNumbers() throws {
    // A byte-order mark, blank lines before the first record, CRLF, a line over
    // the limit, a broken record, a repeat, and no final line break.
    let long = promptLine(String(repeating: "x", count: 300_000))
    var lines = ["", "  ", promptLine("first")]
    for i in 0..<40 {
      switch i % 9 {
      case 2: lines.append(long)
      case 4: lines.append("{broken \(i)")
      case 6: lines.append(promptLine("first"))
      default: lines.append(promptLine("q\(i) " + String(repeating: "w", count: i * 97)))
      }
    }
    let text = Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined(separator: "\r\n").utf8)
    let dir = temporaryDirectory()
    let plain = dir.appendingPathComponent("src.jsonl")
    try text.write(to: plain)
    var sources = [plain]
    for (ext, kind) in [("gz", Compressor.Kind.gzip), ("zst", .zstd)] {
      let url = dir.appendingPathComponent("src.jsonl.\(ext)")
      try Compressor.compress(text, kind).write(to: url)
      sources.append(url)
      let prepared = try PreparedInput.prepare(
        url.path, tempDir: dir, limits: InputLimits(lineBytes: 100_000, copyBytes: nil),
        stream: true)
      #expect(prepared.url == nil, "\(ext) is read as it comes, not copied")
      #expect(prepared.compression == (ext == "gz" ? "gzip" : "zstd"))
    }
    let limits = InputLimits(lineBytes: 100_000, copyBytes: nil)
    var expected: (lines: [Int], messages: [String], tasks: Data)?
    for source in sources {
      for block in [1 << 10, 64 << 10, nil] {
        let root = try makeStore(tasks: [])
        let s = try Importer.importPath(
          source.path, into: root, blockSize: block, limits: limits)
        let got = (s.errors.map(\.line), s.errors.map(\.message), try tasksBytes(root))
        #expect(s.imported == 28 && s.duplicates == 4, "\(source.lastPathComponent) \(block ?? 0)")
        #expect(s.format == "prompts")
        if let expected {
          #expect(got.0 == expected.lines, "\(source.lastPathComponent) block \(block ?? 0)")
          #expect(got.1 == expected.messages)
          #expect(got.2 == expected.tasks)
        } else {
          expected = got
        }
      }
    }
    // Lines 6, 15, 24, 33, 42 are too long; 8, 17, 26, 35 are broken.
    #expect(expected?.lines == [6, 8, 15, 17, 24, 26, 33, 35, 42])
    let hidden = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(!hidden.contains { $0.hasPrefix(".import-") }, "\(hidden)")
  }

  @Test func aStreamWithNoRecordWithinTheLineLimitIsCopiedAndDetectedPastIt() throws {
    let text = promptLine(String(repeating: "x", count: 300_000)) + "\n" + promptLine("after")
    let dir = temporaryDirectory()
    let src = dir.appendingPathComponent("late.jsonl.zst")
    try Compressor.compress(Data(text.utf8), .zstd).write(to: src)
    let limits = InputLimits(lineBytes: 100_000, copyBytes: nil)
    let prepared = try PreparedInput.prepare(src.path, tempDir: dir, limits: limits, stream: true)
    defer { prepared.cleanUp() }
    #expect(prepared.url != nil, "read ahead past the limit, the rest is copied")
    let root = try makeStore(tasks: [])
    let s = try Importer.importPath(src.path, into: root, limits: limits)
    #expect(s.format == "prompts")
    #expect(s.imported == 1)
    #expect(s.errors.map(\.line) == [1])
  }

  @Test func aByteOrderMarkOnABlankFirstLineIsNotTakenForARecord() throws {
    // The record is longer than the first read, so the read-ahead must go past the mark's line.
    let long = promptLine(String(repeating: "a", count: 10_000))
    let text = Data([0xEF, 0xBB, 0xBF, 0x0A]) + Data((long + "\n").utf8)
    let dir = temporaryDirectory()
    let src = dir.appendingPathComponent("bom.jsonl.gz")
    try Compressor.compress(text, .gzip).write(to: src)
    let root = try makeStore(tasks: [])
    let s = try Importer.importPath(src.path, into: root, dryRun: true)
    #expect(s.format == "prompts")
    #expect(s.imported == 1)
  }

  @Test func theReadAheadStopsAtTheFirstRecordThatIsNotBlank() throws {
    let bytes = Array("\n \r\n\t\n{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\n".utf8)
    let ahead = try PreparedInput.readAhead(
      from: PrefixedStream(bytes, FDStream.open("/dev/null")), lineLimit: 100)
    #expect(ahead.found && !ahead.whole)
    let lines = PreparedInput.lines(of: ahead.bytes, whole: ahead.whole, lineLimit: 100)
    #expect(lines.map(\.line) == [1, 2, 3, 4, 5])
    #expect(lines[1].bytes == Data(" ".utf8), "CR is dropped as a file's lines drop it")
    #expect(lines[3].bytes == Data(#"{"prompt":"a"}"#.utf8))
    // A stream that ends before any record is whole; its last line needs no line break.
    let short = try PreparedInput.readAhead(
      from: PrefixedStream(Array("\n\nabc".utf8), FDStream.open("/dev/null")), lineLimit: 100)
    #expect(!short.found && short.whole)
    #expect(
      PreparedInput.lines(of: short.bytes, whole: true, lineLimit: 100).map(\.bytes).last
        == Data("abc".utf8))
  }
}
