import Foundation
import Testing

@testable import Annotation

@Suite struct HistoryPropertyTests {
  static let seeds: [UInt64] = Array(1...60)

  func run(seed: UInt64) -> (initial: Annotation, final: Annotation, history: History) {
    var rng = SeededRandom(seed)
    let initial = Annotation(taskId: "t1", annotator: "ann", orderShown: ["c2", "c1", "c3"])
    var draft = initial
    var history = History()
    var clock = 0
    for _ in 0..<Int.random(in: 1...80, using: &rng) {
      clock += Int.random(in: 0...1500, using: &rng)
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: history.undo(&draft)
      case 1: history.redo(&draft)
      default: history.record(Fixtures.randomEdit(draft, &rng), at: clock, on: &draft)
      }
    }
    return (initial, draft, history)
  }

  @Test(arguments: seeds) func undoingEverythingReturnsTheInitialDraft(seed: UInt64) {
    var (initial, draft, history) = run(seed: seed)
    while history.undo(&draft) != nil {}
    #expect(draft == initial)
  }

  @Test(arguments: seeds) func undoThenRedoReturnsTheSameDraft(seed: UInt64) {
    var (_, draft, history) = run(seed: seed)
    let before = draft
    guard history.undo(&draft) != nil else { return }
    history.redo(&draft)
    #expect(draft == before)
  }

  @Test(arguments: seeds) func serialisingRoundTrips(seed: UInt64) throws {
    let (_, _, history) = run(seed: seed)
    let data = try JSONEncoder().encode(history)
    let back = try JSONDecoder().decode(History.self, from: data)
    #expect(back == history)
  }
}

@Suite struct HistoryBehaviourTests {
  func type(
    _ text: String, into history: inout History, draft: inout Annotation, start: Int, gap: Int = 100
  ) {
    var t = start
    for ch in text {
      let old = draft.answers["rationale"]?.text ?? ""
      history.record(
        .set(AnswerKey("rationale"), to: .text(old + String(ch)), on: draft), at: t, on: &draft)
      t += gap
    }
  }

  @Test func typingCoalescesPerWord() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History()
    type("hello world", into: &history, draft: &draft, start: 0)
    #expect(history.done.count == 2)
    history.undo(&draft)
    #expect(draft.answers["rationale"] == .text("hello "))
    history.undo(&draft)
    #expect(draft.answers["rationale"] == nil)
  }

  /// Text is compared by its bytes: a canonically equivalent spelling (é composed, then
  /// as e and an accent) is a change the journal must keep, not a no-op.
  @Test func anEquivalentSpellingIsAnEditNotANoOp() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History()
    history.record(
      .set(AnswerKey("rationale"), to: .text("caf\u{E9}"), on: draft), at: 0, on: &draft)
    let decomposed = Edit.set(AnswerKey("rationale"), to: .text("cafe\u{301}"), on: draft)
    #expect("caf\u{E9}" == "cafe\u{301}")
    #expect(!decomposed.isNoOp)
    history.record(decomposed, at: 10_000, on: &draft)
    #expect(history.done.count == 2)
    guard case .text(let kept)? = draft.answers["rationale"] else {
      Issue.record("no text")
      return
    }
    #expect(Array(kept.utf8) == Array("cafe\u{301}".utf8))
    #expect(Edit.set(AnswerKey("rationale"), to: .text("cafe\u{301}"), on: draft).isNoOp)
  }

  @Test func aPauseStartsANewStep() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History()
    type("ab", into: &history, draft: &draft, start: 0)
    type("cd", into: &history, draft: &draft, start: 5_000)
    #expect(history.done.count == 2)
  }

  @Test func aNewEditDiscardsTheRedoBranch() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History()
    history.record(.set(AnswerKey("q"), to: .rating(1), on: draft), at: 0, on: &draft)
    history.record(.set(AnswerKey("q"), to: .rating(2), on: draft), at: 10, on: &draft)
    history.undo(&draft)
    #expect(history.canRedo)
    history.record(.set(AnswerKey("q"), to: .rating(5), on: draft), at: 20, on: &draft)
    #expect(!history.canRedo)
    #expect(draft.answers["q"] == .rating(5))
  }

  @Test func undoingASubmitReopensTheTask() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History()
    history.record(
      .status(old: StatusState(.draft), new: StatusState(.submitted)), at: 0, on: &draft)
    #expect(draft.status == .submitted)
    history.undo(&draft)
    #expect(draft.status == .draft)
    history.redo(&draft)
    #expect(draft.status == .submitted)
  }

  @Test func historyIsBounded() {
    var draft = Annotation(taskId: "t", annotator: "a")
    var history = History(limit: 5)
    for i in 0..<20 {
      history.record(.set(AnswerKey("q"), to: .rating(i), on: draft), at: i * 10, on: &draft)
    }
    #expect(history.done.count == 5)
  }
}

@Suite struct UndoLedgerTests {
  @Test func undoWalksBackAcrossTasksInTheOrderOfChange() {
    var ledger = UndoLedger()
    var a = Annotation(taskId: "a", annotator: "x")
    var b = Annotation(taskId: "b", annotator: "x")
    ledger.record(
      [.set(AnswerKey("q"), to: .rating(1), on: a)], task: "a", at: 0, on: &a, sealed: true)
    ledger.record(
      [.set(AnswerKey("q"), to: .rating(2), on: b)], task: "b", at: 10, on: &b, sealed: true)
    ledger.record(
      [.set(AnswerKey("q"), to: .rating(3), on: a)], task: "a", at: 20, on: &a, sealed: true)
    #expect(ledger.undoOrder == ["a", "b", "a"])
    #expect(ledger.nextUndoTask == "a")
    #expect(ledger.undo("a", on: &a) != nil)
    #expect(a.answers["q"] == .rating(1))
    #expect(ledger.nextUndoTask == "b")
    #expect(ledger.undo("b", on: &b) != nil)
    #expect(b.answers["q"] == nil)
    #expect(ledger.nextRedoTask == "b")
    #expect(ledger.redo("b", on: &b) != nil)
    #expect(b.answers["q"] == .rating(2))
    // A new change clears what could be redone.
    ledger.record(
      [.set(AnswerKey("r"), to: .rating(4), on: b)], task: "b", at: 30, on: &b, sealed: true)
    #expect(ledger.nextRedoTask == nil)
    ledger.forgetNextUndo()
    #expect(ledger.nextUndoTask == "b")
  }
}
