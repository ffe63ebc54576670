import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Import
@testable import TaskStore

/// The parallel importer across block boundaries: tiny blocks make every
/// record straddle one, so line numbers, order, duplicates and long lines are
/// all exercised.
@Suite struct ImportBlockTests {
  @Test func blocksHoldExactlyTheFileWithBreaksOnlyAtLineEnds() throws {
    var random = SplitMix64(seed: 3)
    let dir = temporaryDirectory()
    for round in 0..<40 {
      // Lines of 0–300 bytes, sometimes no final newline, sometimes CRLF.
      var text: [UInt8] = []
      for _ in 0..<Int(random.next() % 30) {
        text += (0..<Int(random.next() % 300)).map { _ in UInt8(0x61 + random.next() % 26) }
        text += random.next() % 5 == 0 ? [0x0D, 0x0A] : [0x0A]
      }
      if random.next() % 3 == 0 { text += Array("tail".utf8) }
      let url = dir.appendingPathComponent("r\(round).txt")
      try Data(text).write(to: url)
      let reader = try LineBlockReader(url: url, blockSize: 1 + Int(random.next() % 64))
      var joined: [UInt8] = []
      while let block = try reader.next() {
        #expect(!block.isEmpty)
        // Every block but the file's last ends with a newline.
        if joined.count + block.count < text.count { #expect(block.last == 0x0A) }
        joined += block
      }
      #expect(joined == text, "round \(round)")
    }
  }

  @Test func tinyBlocksGiveTheSameTasksErrorsAndLineNumbers() throws {
    var lines: [String] = []
    for i in 0..<60 {
      switch i % 10 {
      case 3: lines.append("{broken \(i)")
      case 7: lines.append(#"{"id":"dup","messages":[{"role":"user","content":"again"}]}"#)
      case 9: lines.append("")
      default:
        let long = String(repeating: "word ", count: i * 40)
        lines.append(
          #"{"id":"t\#(i)","messages":[{"role":"user","content":"q\#(i)"},{"role":"assistant","content":"\#(long)"}]}"#
        )
      }
    }
    let text = lines.joined(separator: "\n") + "\n"
    var outputs: [Data] = []
    var summaries: [ImportSummary] = []
    for blockSize in [nil, 1, 100, 4096] {
      let root = temporaryDirectory()
      try FileManager.default.removeItem(at: root)
      try Store.create(at: root, preset: "pairwise", annotator: "ann")
      let src = root.appendingPathComponent("src.jsonl")
      try Data(text.utf8).write(to: src)
      let s = try Importer.importFile(src, into: root, format: .openai, blockSize: blockSize)
      summaries.append(s)
      outputs.append(try Data(contentsOf: root.appendingPathComponent("tasks/src.jsonl")))
    }
    for (s, out) in zip(summaries, outputs) {
      #expect(s.imported == 43)
      #expect(s.duplicates == 5)
      #expect(s.errors.map(\.line) == [4, 14, 24, 34, 44, 54])
      #expect(out == outputs[0])
    }
    // File order is kept: the ids in the output follow the input.
    let ids = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n").map {
      $0.dropFirst(7).prefix { $0 != "\"" }
    }
    #expect(ids.prefix(5) == ["t0", "t1", "t2", "t4", "t5"])
    #expect(ids.contains("dup"))
  }

  @Test func aSinkThatFailsStopsTheReaderAndEveryWorker() throws {
    let dir = temporaryDirectory()
    let src = dir.appendingPathComponent("many.jsonl")
    let records = (0..<2000).map {
      #"{"id":"t\#($0)","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#
    }
    try Data((records.joined(separator: "\n") + "\n").utf8).write(to: src)
    let input = try PreparedInput.prepare(src.path, tempDir: dir, stream: true)
    defer { input.cleanUp() }
    struct DiskFull: Error {}
    var blocks = 0
    var lastLine = 0
    // Tiny blocks: hundreds are still to be read when the third one fails to be written.
    #expect(throws: DiskFull.self) {
      try ImportFormat.openai.convertBlocks(input, file: "many.jsonl", blockSize: 256) { block in
        blocks += 1
        for case .task(_, _, _, let line) in block.items {
          #expect(line == lastLine + 1)
          lastLine = line
        }
        if blocks == 3 { throw DiskFull() }
      }
    }
    #expect(blocks == 3)
    #expect(lastLine > 2)
  }
}

/// `ImportFormat.convert` (what the fuzzer drives) splits lines as the import does.
@Suite struct ConvertLinesTests {
  @Test func convertReportsTheSameRecordsAndLineNumbersAsAnImport() throws {
    let text = "{\"prompt\":\"a\"}\r\n\n{broken\r\n{\"prompt\":\"b\"}\n{\"nope\":1}"
    let dir = temporaryDirectory()
    let src = dir.appendingPathComponent("p.jsonl")
    try Data(text.utf8).write(to: src)
    var prompts: [String] = []
    var errorLines: [Int] = []
    try ImportFormat.prompts.convert(src, file: "p.jsonl") { r in
      switch r {
      case .success(let d): prompts.append(d.task.context[0].content)
      case .failure(let e): errorLines.append(e.line)
      }
    }
    #expect(prompts == ["a", "b"])
    #expect(errorLines == [3, 5])
    let root = dir.appendingPathComponent("store")
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    let s = try Importer.importFile(src, into: root, format: .prompts)
    #expect(s.imported == 2)
    #expect(s.errors.map(\.line) == errorLines)
  }
}
