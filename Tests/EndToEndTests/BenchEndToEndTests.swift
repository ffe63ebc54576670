import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// `rubric bench` on a small store: it runs to the end, prints every figure the
/// issue asks for, and generates tasks of the promised shape. (Timings from a
/// debug build are not judged; the release figures are in README.md.)
@Suite struct BenchEndToEndTests {
  @Test func benchPrintsEveryFigureAndGeneratesTheSpecifiedTasks() throws {
    let out = tempDir("bench")
    let r = try run(
      rubricBinary,
      [
        "bench", "--tasks", "200", "--import-records", "100", "--scale-tasks", "10", "--out",
        out.path, "--release-binary", rubricBinary,
      ])
    #expect(r.status == 0, "\(r.err)")
    let table = r.out.split(separator: "\n").filter { $0.hasPrefix("| ") }.map(String.init)
    for figure in [
      "wc -l over the task file", "less, first screen",
      "first frame of rubric DIR at 120x40 (pty), first open",
      "first frame of the release binary at 120x40 (pty), first open",
      "first frame, headless probe",
      "index complete, first open",
      "first frame at 120x40, reopen", "first frame, reopen with a shift's journal",
      "peak RSS, open + move through 200 tasks",
      "frame render 80x24, 100 KB response", "frame render 200x60, 100 KB response",
      "keystroke→frame typing",
      "keystroke→frame scrolling", "durable journal append", "import sharegpt", "import hh",
      "export dpo",
      "500 annotations: stats, cold", "500 annotations: stats, warm",
      "500 annotations: report, cold",
      "500 annotations: stats, after one appended record", "500 annotations: report page",
    ] {
      #expect(table.contains { $0.hasPrefix("| " + figure) }, "no row for \(figure):\n\(r.out)")
    }
    // With a release binary timed, its row holds the less target and the source build's
    // row only prints its ratio.
    let frames = table.filter { $0.hasPrefix("| first frame of") && $0.contains("first open") }
    #expect(frames.count == 2, "\(frames)")
    for row in frames {
      #expect(row.contains("× less"), "\(row)")
      #expect(row.contains("release binary") == row.contains("≤ 1× less"), "\(row)")
    }
    // Every targeted row carries a verdict.
    #expect(
      table.filter { $0.contains("≤") }.allSatisfy {
        $0.hasSuffix("| ok |") || $0.hasSuffix("| MISSED |")
      })
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
      || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")
    {
      #expect(
        table.contains {
          $0.hasPrefix("| import hh") && $0.contains("json.loads") && $0.contains("ratio")
        })
    }

    // The synthetic tasks: 1–6 turns, 2–4 candidates, prompts 50–800 and responses
    // 200–4000 characters, some CJK and some emoji.
    let file = out.appendingPathComponent("store-200/tasks/bench.jsonl")
    let lines = String(decoding: try Data(contentsOf: file), as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 200)
    var cjk = 0
    var emoji = 0
    for (n, line) in lines.enumerated() {
      let t = try TaskCodec.decode(Data(line.utf8), file: "bench.jsonl", line: n + 1).task
      #expect((2...4).contains(t.candidates.count))
      let turns = t.context.filter { $0.role == .user }.count
      #expect((1...6).contains(turns), "task \(n) has \(turns) turns")
      for m in t.context where m.role == .user {
        #expect((50...800).contains(m.content.count), "prompt of \(m.content.count)")
      }
      for c in t.candidates {
        #expect((200...4000).contains(c.text.count), "response of \(c.text.count)")
      }
      let text = t.context.map(\.content).joined() + t.candidates.map(\.text).joined()
      if text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { cjk += 1 }
      if text.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { emoji += 1 }
    }
    #expect((8...40).contains(cjk), "\(cjk) of 200 tasks hold CJK")
    #expect((12...60).contains(emoji), "\(emoji) of 200 tasks hold emoji")
  }
}
