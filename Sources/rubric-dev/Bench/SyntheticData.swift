import Annotation
import Codecs
import Foundation
import TaskStore

/// Deterministic synthetic tasks for the benchmark: 1–6 turns, 2–4 candidates,
/// prompts of 50–800 characters, responses of 200–4000, markdown and code,
/// about 10% CJK and 15% emoji.
struct SyntheticData {
  var random: SplitMix64

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  mutating func next() -> UInt64 { random.next() }

  mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }

  static let words = [
    "the", "model", "answer", "data", "function", "returns", "value", "because", "training",
    "reward", "policy",
    "gradient", "token", "context", "window", "example", "should", "would", "could", "list",
    "table", "error",
    "compile", "memory", "faster", "slower", "user", "assistant", "explain", "why", "how", "what",
    "when", "simple",
    "careful", "result", "input", "output", "file", "line", "number", "string", "array", "index",
    "cache",
  ]
  static let cjk = Array("数据模型训练答案函数返回值因为奖励策略梯度上下文窗口例子列表表格错误编译内存日本語のテキストです")
  static let emoji = ["🙂", "🚀", "✅", "🔥", "📚", "👍🏽", "👨‍👩‍👧", "❤️"]

  /// Text of about `length` characters in the given flavour.
  mutating func text(_ length: Int, cjk: Bool, emoji: Bool, markdown: Bool) -> String {
    var s = ""
    s.reserveCapacity(length + 64)
    var sentence = 0
    while s.count < length {
      if markdown && sentence % 9 == 4 {
        s +=
          "\n\n```python\ndef f(x):\n    return x * \(int(2...9))  # \(Self.words[int(0...Self.words.count - 1)])\n```\n\n"
      } else if markdown && sentence % 13 == 7 {
        s += "\n\n| key | value |\n|---|---|\n| a | \(int(1...99)) |\n| b | \(int(1...99)) |\n\n"
      } else if markdown && sentence % 7 == 2 {
        s += "\n- **\(Self.words[int(0...Self.words.count - 1)])** item\n"
      }
      for w in 0..<int(5...14) {
        if cjk {
          for _ in 0..<int(2...6) { s.append(Self.cjk[int(0...Self.cjk.count - 1)]) }
        } else {
          if w > 0 { s += " " }
          s += Self.words[int(0...Self.words.count - 1)]
        }
      }
      if emoji && sentence % 3 == 0 { s += " " + Self.emoji[int(0...Self.emoji.count - 1)] }
      s += cjk ? "。" : ". "
      sentence += 1
    }
    // Sentences overshoot; the brief's ranges are upper bounds too.
    return s.count > length ? String(s.prefix(length)) : s
  }

  /// The task at position `i`.
  mutating func task(_ i: Int) -> ChatTask {
    let cjk = i % 10 == 3
    let emoji = i % 20 == 1 || i % 20 == 7 || i % 20 == 13
    var context: [Message] = []
    let turns = int(1...6)
    for t in 0..<turns {
      let user = t % 2 == 0
      let len = user ? int(50...800) : int(200...1200)
      context.append(
        Message(
          role: user ? .user : .assistant,
          content: text(len, cjk: cjk, emoji: emoji, markdown: !user)))
    }
    if context.last?.role == .assistant {
      context.append(
        Message(role: .user, content: text(int(50...800), cjk: cjk, emoji: emoji, markdown: false)))
    }
    let candidates = (0..<int(2...4)).map { c in
      Candidate(
        id: "c\(c)",
        messages: [
          Message(
            role: .assistant, content: text(int(200...4000), cjk: cjk, emoji: emoji, markdown: true)
          )
        ], model: "model-\(c)")
    }
    return ChatTask(
      id: String(format: "bench-%07d", i), context: context, candidates: candidates,
      meta: ["synthetic": .bool(true)])
  }

  /// Writes `count` canonical tasks to `url`; returns its size in bytes.
  static func writeStoreTasks(_ url: URL, count: Int) throws -> Int {
    var gen = SyntheticData(seed: 42)
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let h = try FileHandle(forWritingTo: url)
    defer { try? h.close() }
    var buffer = Data()
    var total = 0
    for i in 0..<count {
      buffer.append(try TaskCodec.encode(gen.task(i)))
      buffer.append(0x0A)
      if buffer.count > 8 << 20 {
        total += buffer.count
        h.write(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    total += buffer.count
    h.write(buffer)
    return total
  }

  /// Writes ShareGPT and HH-RLHF files of `count` records for the import benchmark.
  static func writeImportFiles(sharegpt: URL, hh: URL, count: Int) throws {
    var gen = SyntheticData(seed: 7)
    var sg = Data()
    var hhData = Data()
    for i in 0..<count {
      let t = gen.task(i)
      var conv: [[String: String]] = t.context.map {
        ["from": $0.role == .user ? "human" : "gpt", "value": $0.content]
      }
      conv.append(["from": "gpt", "value": t.candidates[0].text])
      sg.append(
        try JSONSerialization.data(
          withJSONObject: ["id": "sg-\(i)", "conversations": conv],
          options: [.withoutEscapingSlashes]))
      sg.append(0x0A)
      let prefix =
        t.context.map { ($0.role == .user ? "\n\nHuman: " : "\n\nAssistant: ") + $0.content }
        .joined() + "\n\nAssistant: "
      let rec = [
        "chosen": prefix + t.candidates[0].text, "rejected": prefix + t.candidates[1].text,
      ]
      hhData.append(
        try JSONSerialization.data(withJSONObject: rec, options: [.withoutEscapingSlashes]))
      hhData.append(0x0A)
    }
    try sg.write(to: sharegpt)
    try hhData.write(to: hh)
  }

  /// Writes a journal like one annotator's long shift: snapshots of each task's
  /// answers as a rationale grows, about 50 per task. Kept between runs.
  static func writeShiftJournal(_ url: URL, records: Int, tasks: Int) throws -> (
    records: Int, bytes: Int
  ) {
    if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int,
      size > 0
    {
      return (records, size)
    }
    var gen = SyntheticData(seed: 5)
    let journal = try Journal(url: url)
    var data = Data()
    for r in 0..<records {
      let task = (r / 50) % max(1, tasks)
      let typed = gen.text(30 * (r % 50) + 20, cjk: false, emoji: r % 7 == 0, markdown: false)
      var a = Annotation(
        taskId: String(format: "bench-%07d", task), annotator: "bench-shift",
        answers: [
          "rating": .rating(1 + r % 7), "why": .text(typed),
          "flags": .labels(r % 5 == 0 ? ["unsafe"] : []),
        ])
      a.activeMs = r * 400
      data.append(try journal.line(for: JournalRecord(annotation: a)))
    }
    try data.write(to: url)
    return (records, data.count)
  }
}
