import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// A pairwise store of ten tasks that alice and bob both answered: alice prefers
/// x slightly on every task, bob agrees on the even ones and prefers y on the odd
/// ones. Alice saw x as A (the task's order); bob's shuffle showed y as A.
func disagreeingStore() throws -> URL {
  let tasks = (0..<10).map { i in
    #"{"id":"t\#(i)","context":[{"role":"user","content":"Question \#(i): name a fruit."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Apple \#(i)."}]},{"id":"y","messages":[{"role":"assistant","content":"Carrot \#(i)."}]}]}"#
  }
  let root = try cliStore(preset: "pairwise", tasks: tasks)
  for who in ["alice", "bob"] {
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
    for i in 0..<10 {
      let winner = who == "bob" && i % 2 == 1 ? "y" : "x"
      var a = Annotation(
        taskId: "t\(i)", annotator: who, status: .submitted,
        orderShown: who == "bob" ? ["y", "x"] : ["x", "y"],
        activeMs: 30_000,
        created: "2026-12-01T09:00:00Z", updated: "2026-12-01T09:00:0\(i)Z")
      a.answers["preference"] = .preference(PreferenceAnswer(winner: winner, strength: 1))
      a.answers["rationale"] = .text("\(who) thinks \(winner) is better.")
      try journal.append(JournalRecord(annotation: a))
    }
  }
  return root
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct ReviewEndToEndTests {
  @Test func aReviewerSettlesTheFiveDisagreementsAndTheAnnotatorReadsTheNote() throws {
    guard tmuxReady() else { return }
    let root = try disagreeingStore()
    let t = try Tmux(
      width: 140, height: 44, command: "\(rubricBinary) review \(root.path) --reviewer lead")
    #expect(try t.waitFor("1 of 5"))
    // The queue is exactly the five tasks they disagree on, in order.
    var seen: [String] = []
    for n in 1...5 {
      #expect(try t.waitFor("\(n) of 5"))
      seen.append(try t.capture().split(separator: "\n").first.map { String($0) } ?? "")
      try t.send("n")
    }
    #expect(
      seen.map { line in ["t1", "t3", "t5", "t7", "t9"].first { line.contains(" · \($0) ") } } == [
        "t1", "t3", "t5", "t7", "t9",
      ])
    #expect(try t.capture().contains("This is the last task"))
    try t.type(":goto t1")
    try t.send("Enter")
    #expect(try t.waitFor("1 of 5"))
    let first = try t.capture()
    #expect(
      first.contains("1 alice") && first.contains("2 bob")
        && first.contains("alice thinks x is better."))
    // Accept alice's answer on t1.
    try t.send("1")
    #expect(try t.waitFor("Accepted alice's answer for t1"))
    // Edit on t3: start from alice's, make it "B slightly better" (y), decide.
    try t.send("e")
    #expect(try t.waitFor("Final answer started from alice's"))
    try t.send("4")
    try t.send("Enter")
    #expect(try t.waitFor("Decided with your own answer for t3"))
    // Send t5 back with a note naming a candidate by the review screen's letter (B is y).
    try t.send("b")
    #expect(try t.waitFor("Note (@name first sends to some only"))
    try t.type("Read the question again: B is no fruit")
    try t.send("Enter")
    #expect(try t.waitFor("Sent back to alice, bob for t5"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)

    // The consensus holds the decisions: t1 alice's (x), t3 the reviewer's (y), t5 left out.
    let out = tempDir("review").appendingPathComponent("dpo.jsonl")
    let export = try run(
      rubricBinary,
      ["export", root.path, "--format", "dpo", "--consensus", "adjudicated", "-o", out.path])
    #expect(export.status == 0, "\(export.err)")
    #expect(export.err.contains("no row for: 2 sent back by a reviewer"))
    let rows = try readText(out.path).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    func row(_ id: String) -> [String: Any]? { rows.first { $0["task_id"] as? String == id } }
    #expect(
      row("t1")?["decision"] as? String == "accepted"
        && row("t1")?["chosen"] as? String == "Apple 1.")
    #expect(
      row("t3")?["decision"] as? String == "edited"
        && row("t3")?["chosen"] as? String == "Carrot 3.")
    #expect(row("t5") == nil)
    #expect(
      row("t0")?["resolution"] as? String == "rule" && row("t0")?["chosen"] as? String == "Apple 0."
    )

    // The agreement report counts the decisions.
    let report = try run(rubricBinary, ["agreement", root.path])
    #expect(report.out.contains("reviewer         decisions  accepted  edited  sent back"))

    // Bob reads the note with :feedback, and t5 is his to answer again.
    let bob = try Tmux(
      width: 160, height: 40, command: "\(rubricBinary) open \(root.path) --annotator bob")
    #expect(try bob.waitFor("1 task sent back to you: it comes first"))
    // It is the task he starts on.
    #expect(try bob.capture().split(separator: "\n").first?.contains(" · t5 ") == true)
    try bob.type(":feedback")
    try bob.send("Enter")
    #expect(try bob.waitFor("Feedback from review (3)"))
    let feedback = try bob.capture()
    #expect(
      feedback.contains("t5 · lead sent it back to you")
        && feedback.contains("Read the question again: B is no fruit"))
    // Bob saw y as A: the note's letters are said in his.
    #expect(feedback.contains("In the reviewer's letters, A is your B, B is your A."))
    #expect(feedback.contains("t1 · lead accepted alice's answer"))
    try bob.send("Escape")
    try bob.type(":goto t5")
    try bob.send("Enter")
    #expect(
      try bob.waitFor(
        "Sent back by lead: Read the question again: B is no fruit (their letters: A is your B, B is your A)"
      ))
    #expect(try bob.capture().contains("SENT BACK"))
    try bob.send("q")
    _ = try bob.waitForExit()
    // Alice saw the task's own order: the same note, no translation needed.
    let alice = try Tmux(
      width: 160, height: 40, command: "\(rubricBinary) open \(root.path) --annotator alice")
    #expect(try alice.waitFor("1 task sent back to you"))
    try alice.send("j")
    #expect(
      try alice.waitFor(
        "Sent back by lead: Read the question again: B is no fruit · change your answer"))
    try alice.send("q")
    _ = try alice.waitForExit()
  }
}
