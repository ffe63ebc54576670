import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// Makes a store with the CLI: init with a preset, then import canonical tasks.
func cliStore(preset: String, tasks: [String]) throws -> URL {
  let root = tempDir(preset).appendingPathComponent("store")
  let r = try run(rubricBinary, ["init", root.path, "--preset", preset, "--annotator", "e2e"])
  #expect(r.status == 0, "\(r.err)")
  let src = root.deletingLastPathComponent().appendingPathComponent("tasks.jsonl")
  try (tasks.joined(separator: "\n") + "\n").write(to: src, atomically: true, encoding: .utf8)
  let imp = try run(rubricBinary, ["import", root.path, src.path])
  #expect(imp.status == 0, "\(imp.err)")
  return root
}

func journal(_ root: URL, _ who: String = "e2e") throws -> [JournalRecord] {
  Journal.parse(try Data(contentsOf: root.appendingPathComponent("annotations/\(who).jsonl"))).records
}

let pairTask = #"{"id":"p1","context":[{"role":"user","content":"Name a prime."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Seven."}]},{"id":"y","messages":[{"role":"assistant","content":"Nine."}]}]}"#
let pairTask2 = #"{"id":"p2","context":[{"role":"user","content":"Name a colour."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Blue."}]},{"id":"y","messages":[{"role":"assistant","content":"Loud."}]}]}"#
let reviewTask = #"{"id":"r1","context":[{"role":"user","content":"Greet me."}],"candidates":[{"id":"only","messages":[{"role":"assistant","content":"hi"}]}]}"#

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct WorkstationEndToEndTests {
  @Test func pairwiseRankRationaleUndoRedoSubmit() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise-ranking", tasks: [pairTask, pairTask2])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 2"))
    try t.send("1", "2", "r")
    try t.type("clear and correct ")
    usleep(300_000)
    try t.send("Escape")
    usleep(200_000)
    try t.send("u")
    try t.send("u")
    try t.send("C-r")
    try t.send("Enter")
    #expect(try t.waitFor("task 2 of 2"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    #expect(try t.display("#{alternate_on}") == "0")

    let records = try journal(root)
    let last = try #require(records.last { $0.annotation.taskId == "p1" }?.annotation)
    #expect(last.status == .submitted)
    #expect(last.annotator == "e2e")
    let a = last.orderShown[0]
    let b = last.orderShown[1]
    #expect(last.answers["rank"] == .ranking(Ranking(tiers: [[a], [b]])))
    #expect(last.answers["rationale"] == .text("clear and "))
    #expect(last.answers.count == 2)
    #expect(last.candidateAnswers.isEmpty)
    #expect(last.activeMs > 0)
  }

  @Test func killDuringARewriteLosesAtMostOneSecond() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "rewrite", tasks: [reviewTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    try t.send("e")
    #expect(try t.waitFor("Editing"))
    try t.type(" there, how are you")
    // The second is counted from when Rubric has the text (on screen), not from
    // when tmux was asked to type it: on a loaded machine the keys arrive late.
    #expect(try t.waitFor("how are you"))
    usleep(1_200_000)
    try t.type(" today", delayMs: 5)
    kill(t.pid, SIGKILL)
    #expect(try t.waitForExit() == 137)

    let saved = try #require(try journal(root).last?.annotation)
    let text = try #require(saved[AnswerKey("rewrite", candidate: "only")]?.text)
    #expect(text.hasPrefix("hi there, how are you"))
    // Reopen: the draft is there.
    let again = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try again.waitFor("rewritten: +"))
    try again.send("q")
    #expect(try again.waitForExit() == 0)
  }

  @Test func sigtermSavesRestoresAndExits143() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    try t.send("r")
    try t.type("typed just now")
    kill(t.pid, SIGTERM)
    #expect(try t.waitForExit() == 143)
    #expect(try t.display("#{alternate_on}") == "0")
    #expect(try journal(root).last?.annotation.answers["rationale"] == .text("typed just now"))
  }

  @Test func secondInstanceIsRefusedWithTheHolder() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    let second = try run(rubricBinary, ["open", root.path])
    #expect(second.status != 0)
    #expect(second.err.contains("already open by pid \(t.pid)"))
    try t.send("q")
    _ = try t.waitForExit()
  }
}

@Suite struct StoreCommandTests {
  @Test func checkListsBadLinesAndFails() throws {
    guard FileManager.default.isExecutableFile(atPath: rubricBinary) else {
      Issue.record("build first")
      return
    }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let bad = "{\"id\":\"ok\"}\nnot json\n{\"id\":\"b\",\"context\":[{\"role\":\"alien\",\"content\":\"x\"}]}\n"
    try bad.write(to: root.appendingPathComponent("tasks/zz.jsonl"), atomically: true, encoding: .utf8)
    let r = try run(rubricBinary, ["check", root.path])
    #expect(r.status == 1)
    #expect(r.out.contains("tasks/zz.jsonl:2: not valid JSON"))
    #expect(r.out.contains("tasks/zz.jsonl:3: context[0].role: unknown role"))
  }

  @Test func killNineLosesNoAcknowledgedRecord() throws {
    guard FileManager.default.isExecutableFile(atPath: rubricBinary) else {
      Issue.record("build first")
      return
    }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    var acked = 0
    for round in 0..<12 {
      let outFile = root.appendingPathComponent("stress-\(round).out")
      let pid = try spawn(rubricDevBinary, ["journal-stress", root.path, "--annotator", "stress"], stdout: outFile.path)
      usleep(useconds_t(20_000 + (round * 7919) % 150_000))
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      let lines = ((try? String(contentsOf: outFile, encoding: .utf8)) ?? "").split(separator: "\n")
      let last = lines.last { $0.hasPrefix("ack ") }.flatMap { Int($0.dropFirst(4)) }
      let store = try Store.open(root, annotator: "stress")
      let ns = Set(store.journal.latest.values.compactMap { $0.annotation.answers["n"]?.rating })
      // Killed before its first record: no journal at all (opening a store writes none).
      let url = root.appendingPathComponent("annotations/stress.jsonl")
      let all = FileManager.default.fileExists(atPath: url.path) ? Journal.parse(try Data(contentsOf: url)).records : []
      if let last {
        #expect(all.count >= last, "round \(round): acked \(last), journal has \(all.count)")
        acked = last
      }
      #expect(!ns.isEmpty || last == nil)
    }
    #expect(acked > 0)
  }

  @Test func lockHolderKilledWithSigkillLeavesNoStaleLock() throws {
    guard FileManager.default.isExecutableFile(atPath: rubricBinary) else {
      Issue.record("build first")
      return
    }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let pid = try spawn(rubricDevBinary, ["journal-stress", root.path, "--annotator", "holder"], stdout: "/dev/null")
    // Wait until it holds the store.
    var ready = false
    for _ in 0..<100 {
      if let h = StoreLock.holder(at: root.appendingPathComponent(".rubric/holder.lock")), h.pid == pid {
        ready = true
        break
      }
      usleep(20_000)
    }
    #expect(ready)
    do {
      _ = try Store.open(root, annotator: "holder")
      Issue.record("opened while held")
    } catch let StoreError.locked(_, holder) {
      #expect(holder?.pid == pid)
    }
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    _ = try Store.open(root, annotator: "holder")
  }
}
