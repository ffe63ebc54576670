import Foundation
import Testing

@testable import Annotation
@testable import TaskStore
import TestSupport

/// The reproductions of issue 23 on the real binary over the built-in sample
/// store, at the three sizes an annotator uses; what was saved is read from disk.
@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct InteractionEndToEndTests {
  /// A fresh sample store for the `rubric` command with no arguments, and its journal.
  func sample() throws -> (env: [String: String], journal: URL) {
    let data = scratchRoot.appendingPathComponent(
      "rubric-xdg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    return (
      ["XDG_DATA_HOME": data.path, "USER": "e2e"],
      data.appendingPathComponent("rubric/sample/annotations/e2e.jsonl")
    )
  }

  /// `rubric` on a fresh sample store at a size, on its first task; the journal it writes.
  func start(_ w: Int, _ h: Int) throws -> (Tmux, URL) {
    let (env, journal) = try sample()
    let t = try Tmux(width: w, height: h, command: rubricBinary, env: env)
    #expect(try t.waitFor("task 1 of 20"))
    return (t, journal)
  }

  /// Quits with q and expects a clean exit.
  func quit(_ t: Tmux) throws {
    try t.send("q")
    #expect(try t.waitForExit() == 0)
  }

  /// Opens task `n` with `:goto` and waits for its title.
  func goto(_ t: Tmux, _ n: Int) throws {
    try t.type(":goto \(n)")
    try t.send("Enter")
    #expect(try t.waitFor("task \(n) of 20"))
  }

  func latest(_ journal: URL, _ task: String) throws -> Annotation? {
    Journal.parse(try Data(contentsOf: journal)).records.last { $0.annotation.taskId == task }?
      .annotation
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 50)])
  func uAfterSubmittingAWritingTaskUndoesTheSubmit(_ w: Int, _ h: Int) throws {
    guard tmuxReady() else { return }
    let (t, journal) = try start(w, h)
    try goto(t, 14)
    try t.send("i")
    #expect(try t.waitFor("✎ WRITING"))
    try t.type("What is 17 times 23?")
    try t.send("Escape")
    usleep(150_000)
    try t.send("Enter")
    #expect(try t.waitFor("task 15 of 20"))
    try t.send("u")
    #expect(try t.waitFor("Undid submit of task 14"))
    try t.send("u", "u")
    usleep(300_000)
    #expect(!(try t.capture()).contains("✎ WRITING"))
    try quit(t)
    #expect(try latest(journal, "sample-14-prompt-math")?.status == .draft)
    #expect(try latest(journal, "sample-15-prompt-spanish")?.answers["prompt"] == nil)
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 50)])
  func commandKeysAfterLeavingTheRationaleAreCommands(_ w: Int, _ h: Int) throws {
    guard tmuxReady() else { return }
    let (t, journal) = try start(w, h)
    try t.send("2", "r")
    #expect(try t.waitFor("✎ WRITING"))
    try t.type("A is iterative")
    // Esc and Tab in one write, as tmux sends them: the terminal reads Alt-Tab.
    try t.send("Escape", "Tab", "u")
    usleep(400_000)
    #expect(!(try t.capture()).contains("✎ WRITING"))
    try quit(t)
    let rationale = try latest(journal, "sample-01-code")?.answers["rationale"]?.text ?? ""
    #expect(!rationale.hasSuffix("u"))
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 50)])
  func ratingsAfterLeavingARewriteAreNotTyped(_ w: Int, _ h: Int) throws {
    guard tmuxReady() else { return }
    let (t, journal) = try start(w, h)
    try goto(t, 12)
    try t.send("e")
    #expect(try t.waitFor("✎ WRITING"))
    try t.type(" Done.")
    try t.send("Escape", "Tab", "2", "j", "3")
    usleep(400_000)
    try quit(t)
    let rewrite =
      try latest(journal, "sample-12-rewrite-sql")?.candidateAnswers["rewrite"]?.values.first?.text
      ?? ""
    #expect(rewrite.hasSuffix("Done."))
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 50)])
  func undoPutsTheFocusBackAndRanksComeOutInOrder(_ w: Int, _ h: Int) throws {
    guard tmuxReady() else { return }
    let (t, journal) = try start(w, h)
    try goto(t, 6)
    try t.send("1", "2", "u", "u")
    #expect(try t.waitFor("▸ A ·"))
    try t.send("1", "2", "3")
    usleep(300_000)
    try quit(t)
    let saved = try #require(try latest(journal, "sample-06-emoji"))
    let ranking = try #require(saved.answers["rank"]?.ranking)
    #expect(saved.orderShown.enumerated().allSatisfy { i, id in ranking.rank(of: id) == i + 1 })
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 50)])
  func theTaskIsOnScreenWhenItOpens(_ w: Int, _ h: Int) throws {
    guard tmuxReady() else { return }
    let (t, _) = try start(w, h)
    #expect(try t.capture().contains("Write a Python function that"))
    try goto(t, 16)
    #expect(!(try t.capture()).contains("(no candidates)"))
    try quit(t)
  }
}
