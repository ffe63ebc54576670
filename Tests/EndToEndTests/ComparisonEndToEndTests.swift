import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// Real-looking pairs: code, CJK, and a long answer.
let comparisonTasks = [
  #"{"id":"code","context":[{"role":"user","content":"Reverse a list in Python."}],"candidates":[{"id":"slice","messages":[{"role":"assistant","content":"Use slicing:\n\n```python\nitems = items[::-1]\n```"}]},{"id":"loop","messages":[{"role":"assistant","content":"Swap from both ends:\n\n```python\ni, j = 0, len(items) - 1\nwhile i < j:\n    items[i], items[j] = items[j], items[i]\n    i, j = i + 1, j - 1\n```"}]}]}"#,
  #"{"id":"cjk","context":[{"role":"user","content":"用一句话解释光合作用。"}],"candidates":[{"id":"short","messages":[{"role":"assistant","content":"植物利用阳光把水和二氧化碳变成糖和氧气。"}]},{"id":"wrong","messages":[{"role":"assistant","content":"光合作用是动物呼吸的过程。"}]}]}"#,
  #"{"id":"long","context":[{"role":"user","content":"Why is the sky blue?"}],"candidates":[{"id":"brief","messages":[{"role":"assistant","content":"Rayleigh scattering: shorter wavelengths scatter more."}]},{"id":"essay","messages":[{"role":"assistant","content":"\#(String(repeating: "Sunlight is made of many colours, and air molecules scatter the short blue wavelengths far more than the long red ones. ", count: 40))"}]}]}"#,
]

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct ComparisonEndToEndTests {
  @Test func twoThenEnterThreeTimesGivesThreeDPORowsWithTheirMargins() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: comparisonTasks)
    let t = try Tmux(width: 200, height: 60, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 3"))
    #expect(try t.capture().contains("side by side"))
    for n in 2...3 {
      try t.send("2")
      try t.send("Enter")
      #expect(try t.waitFor("task \(n) of 3"))
    }
    try t.send("2")
    try t.send("Enter")
    #expect(try t.waitFor("All done: 3 submitted"))
    try t.send("q")
    _ = try t.waitForExit()
    // "2" is "A slightly better": A, whichever candidate was shown first, is chosen with margin 1.
    let records = try journal(root)
    let out = tempDir("pairwise").appendingPathComponent("dpo.jsonl")
    let export = try run(rubricBinary, ["export", root.path, "--format", "dpo", "-o", out.path])
    #expect(export.status == 0, "\(export.err)")
    let rows = try readText(out.path).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(rows.count == 3)
    let tasks = try comparisonTasks.map {
      try TaskCodec.decode(Data($0.utf8), file: "test", line: 1).task
    }
    for row in rows {
      let id = try #require(row["task_id"] as? String)
      let task = try #require(tasks.first { $0.id == id })
      let shown = try #require(records.last { $0.annotation.taskId == id }?.annotation.orderShown)
      #expect(row["chosen"] as? String == task.candidate(shown[0])?.text, "\(id)")
      #expect(row["rejected"] as? String == task.candidate(shown[1])?.text, "\(id)")
      #expect(row["margin"] as? Double == 1, "\(id)")
    }
  }

  @Test func afterAKillRightAfterASubmitTheNextUnfinishedTaskShows() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: comparisonTasks)
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 3"))
    try t.send("4")
    try t.send("Enter")
    #expect(try t.waitFor("task 2 of 3"))
    kill(t.pid, SIGKILL)
    _ = try t.waitForExit()
    let again = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try again.waitFor("用一句话解释光合作用"))
    #expect(try again.capture().contains("cjk"))
    try again.send("q")
    _ = try again.waitForExit()
    let first = try #require(try journal(root).last { $0.annotation.taskId == "code" }?.annotation)
    #expect(first.status == .submitted)
    #expect(
      first.answers["preference"]
        == .preference(PreferenceAnswer(winner: first.orderShown[1], strength: 1)))
  }
}
