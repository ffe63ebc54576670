import Foundation
import Testing

@testable import Annotation
@testable import Commands
@testable import TaskStore
@testable import TerminalKit
@testable import Workstation
@testable import Worksheet
import TestSupport

/// The interaction model (docs/INTERACTION.md): each reproduction of issue 23, driven
/// through the session's real input path and read back from what was saved.
@Suite struct InteractionModelTests {
  @Test func uRightAfterSubmittingAWritingTaskUndoesThatSubmit() throws {
    let h = try Harness(task: "sample-14-prompt-math")
    h.press("i")
    h.type("What is 2+2?")
    h.press("<Esc> <Enter>")
    #expect(h.session.task?.id == "sample-15-prompt-spanish")
    #expect(h.session.editor == nil)
    h.press("u")
    #expect(h.session.task?.id == "sample-14-prompt-math")
    #expect(h.store.annotation(for: "sample-14-prompt-math")?.status == .draft)
    #expect(h.session.notice?.text == "Undid submit of task 14 (sample-14-prompt-math)")
    // Nothing was typed into the task the submit led to.
    #expect(h.store.annotation(for: "sample-15-prompt-spanish")?.answers["prompt"] == nil)
    // More u's are undo too, never text.
    h.press("u u")
    #expect(h.session.editor == nil)
    #expect(h.store.annotation(for: "sample-15-prompt-spanish") == nil)
  }

  @Test func aWritingTaskOpensOutsideTextEntry() throws {
    let h = try Harness(task: "sample-15-prompt-spanish")
    #expect(h.session.inputState == .browse(.form))
    h.press("q")
    #expect(h.session.draft.answers["prompt"] == nil)
    #expect(!h.render(120, 40).text.contains("✎ WRITING"))
  }

  @Test func escAndTabArrivingTogetherLeaveTheRationaleThenMoveOn() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("2 r")
    h.type("A is iterative")
    // A terminal reads Esc followed at once by Tab as Alt-Tab.
    _ = h.session.handle(Key(.tab, alt: true))
    #expect(h.session.editor == nil)
    #expect(h.session.focus == .form)
    h.press("u")
    let rationale = h.session.draft.answers["rationale"]?.text ?? ""
    #expect(!rationale.hasSuffix("u"))
  }

  @Test func ratingsAfterLeavingARewriteAreRatings() throws {
    let h = try Harness(task: "sample-12-rewrite-sql")
    h.press("e")
    h.type(" Thanks.")
    _ = h.session.handle(Key(.tab, alt: true))
    h.press("k k 2")
    let rewrite = try #require(h.session.draft.candidateAnswers["rewrite"]?.values.first?.text)
    #expect(rewrite.hasSuffix("Thanks."))
    #expect(h.session.draft.candidateAnswers["overall"]?.values.first?.rating == 2)
  }

  @Test func undoRestoresTheFocusWithTheAnswer() throws {
    let h = try Harness(task: "sample-06-emoji")
    h.press("1 2 u u")
    #expect(h.session.candidateIndex == 0)
    #expect(h.render(120, 40).text.contains("▸ A ·"))
    h.press("1 2 3")
    let ranking = try #require(h.session.draft.answers["rank"]?.ranking)
    #expect(h.session.order.enumerated().allSatisfy { i, id in ranking.rank(of: id) == i + 1 })
  }

  @Test func theFocusedCandidateIsMarkedInTheFormsRankingLine() throws {
    let h = try Harness(task: "sample-06-emoji")
    h.press("l <Tab>")
    #expect(h.render(120, 40).text.contains("not ranked: press 1, 2… on a candidate (now ▸B)"))
    // The digit ranks B, and the focus moves on to the next unranked candidate, marked.
    h.press("1")
    #expect(h.render(120, 40).text.contains("B   (unranked: ▸A, C)"))
  }

  @Test func jOnTheRankingQuestionGoesToTheNextQuestion() throws {
    let h = try Harness(task: "sample-20-tool")
    h.press("<Tab> j 2 4 7")
    #expect(h.session.draft.answers["rank"] == nil)
    let ratings = h.session.order.map {
      h.session.draft[AnswerKey("overall", candidate: $0)]?.rating
    }
    #expect(ratings == [2, 4, 7])
  }

  @Test func vMeansRevealInEveryPaneOfEveryKeymap() throws {
    for name in ["default", "vim", "emacs"] {
      let map = try Keymap.load(name)
      for context in [KeyContext.conversation, .candidates, .form, .global] {
        if case .action(let a) = map.lookup([.char("v")], in: [context, .global]) {
          #expect(a == .reveal, "\(name) \(context)")
        }
      }
    }
  }

  @Test func theLastUserTurnIsOnScreenAt80x24() throws {
    let h = try Harness(task: "sample-01-code")
    let screen = h.render(80, 24).text
    #expect(h.session.focus == .candidates)
    #expect(screen.contains("Write a Python function that reverses"))
    try expectGolden(h.render(80, 24), "asked-strip-80x24")
  }

  @Test func theConversationIsNotCutWhileTheCandidatesHaveRowsToSpare() throws {
    let h = try Harness(task: "sample-18-support")
    #expect(h.render(120, 40).text.contains("I emptied the trash too :("))
  }

  @Test func aTaskWithoutCandidatesGivesThemNoPaneAndNoFocus() throws {
    let h = try Harness(task: "sample-16-triage-citation")
    let screen = h.render(120, 40).text
    #expect(!screen.contains("(no candidates)"))
    #expect(!h.session.panes.contains(.candidates))
    h.press("<Tab>")
    #expect(h.session.focus == .form)
  }

  @Test func aReopenContinuesTheShiftClock() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("2")
    h.clock.advance(30_000)
    h.press("<Enter>")
    #expect(h.session.shiftActiveMs >= 30_000)
    let again = Session(
      store: try Store.open(h.root, annotator: "tester", readOnly: true),
      keymap: try Keymap.load("default"), title: "again")
    again.waitForTodaysShift()
    #expect(again.shiftActiveMs >= 30_000)
  }
}

/// The interaction table (`InputState.outcome`, docs/INTERACTION.md) against what the
/// session does: each state, each class of key, observed through the real input path.
@Suite struct InteractionTableTests {
  /// The text a key could have typed into: the editor's or the prompt line's.
  func typed(_ s: Session) -> String? {
    if case .prompt(let input) = s.overlay { return input.editor.text }
    return s.editor?.editor.text
  }

  /// A session in a state, with a key of each class for it (unbound printable, bound, Esc).
  func setUp(_ name: String) throws -> (Harness, [InputState.KeyClass: Key]) {
    let h = try Harness(task: "sample-01-code")
    var keys: [InputState.KeyClass: Key] = [
      .unboundPrintable: .char("x"), .bound: .char("j"), .escape: .esc,
    ]
    switch name {
    case "browse": break
    case "textEntry":
      h.press("r")
      keys[.bound] = .left
    case "prompt":
      h.press(":")
      keys[.bound] = .left
    case "overlay": h.press("?")
    case "rest":
      h.press("b")
      keys[.bound] = .enter
    default: _ = h.render(40, 10)
    }
    return (h, keys)
  }

  @Test(arguments: ["browse", "textEntry", "prompt", "overlay", "rest", "tooSmall"])
  func everyClassOfKeyDoesWhatTheTableSays(_ name: String) throws {
    for k in InputState.KeyClass.allCases {
      let (h, keys) = try setUp(name)
      let s = h.session
      let state = s.inputState
      let key = try #require(keys[k])
      let (text, answers, ignored) = (typed(s), s.draft, s.ignoredWhileTooSmall)
      _ = s.handle(key)
      let wasTyped = typed(s).map { $0 != (text ?? "") && $0.hasSuffix("x") } ?? false
      let named =
        s.notice?.text.contains("does nothing here") == true
        || s.notice?.text.contains("is not typed here") == true
      let label = "\(name) \(k)"
      switch state.outcome(k) {
      case .typed: #expect(wasTyped, "\(label)")
      case .closes, .leavesToBrowse:
        #expect(s.inputState == .browse(s.focus) && !wasTyped, "\(label)")
      case .named: #expect(named && !wasTyped && s.draft == answers, "\(label)")
      case .ignored:
        #expect(s.inputState == state && s.draft == answers && !wasTyped, "\(label)")
        if state == .tooSmall { #expect(s.ignoredWhileTooSmall == ignored + 1, "\(label)") }
      case .command: #expect(!wasTyped && !named, "\(label)")
      }
    }
  }
}

@Suite struct UnanswerableTaskScreenTests {
  @Test func aTaskTheFormCannotAnswerSaysSoWhenItOpens() throws {
    let root = scratchRoot.appendingPathComponent(
      "rubric-one-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try SampleStore.materialize(at: root, annotator: "tester")
    let line =
      #"{"id":"one-reply","context":[{"role":"user","content":"Hi"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"Hello"}]}]}"#
    try (line + "\n").write(
      to: root.appendingPathComponent("tasks/zz-one.jsonl"), atomically: true, encoding: .utf8)
    let store = try Store.open(root, annotator: "tester")
    store.indexNow()
    let s = Session(store: store, keymap: try Keymap.load("default"), title: "one")
    s.viewport = (120, 40)
    s.go(to: try #require(store.index(of: "one-reply")))
    #expect(s.notice?.kind == .warning)
    #expect(
      s.notice?.text.hasPrefix(
        "This task cannot be answered: the form \"Pairwise preference\" compares two candidates")
        == true, "\(s.notice?.text ?? "")")
    // A task the form can answer says nothing of the kind (`:goto 1`, as typed).
    for key in [Key.char(":")] + "goto 1".map({ $0 == " " ? Key.space : Key.char($0) }) + [.enter] {
      _ = s.handle(key)
    }
    #expect(s.task?.id == "sample-01-code")
    #expect(s.notice?.text.hasPrefix("This task cannot be answered") != true)
  }
}

@Suite struct SkippedTaskTests {
  @Test func comingBackToASkippedTaskSaysWhy() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("S")
    h.type("needs a domain expert")
    h.press("<Enter>")
    #expect(h.session.task?.id != "sample-01-code")
    h.press("p")
    #expect(h.session.task?.id == "sample-01-code")
    #expect(
      h.session.notice?.text
        == "You skipped this task: needs a domain expert. Answering it and Enter submits it instead"
    )
  }
}

/// A reopen continues the shift: `u` takes back the last change of the run before.
@Suite struct ReopenUndoTests {
  let root = scratchRoot.appendingPathComponent(
    "rubric-reopen-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  let clock = TestClock()

  func press(_ s: Session, _ keys: String) {
    for name in keys.split(separator: " ") {
      clock.advance(50)
      if let k = Key(name: String(name)) { _ = s.handle(k) }
    }
  }

  /// A run on the sample store (made by the first run): a store and a session on it,
  /// both let go (the lock with them) when the caller is done with them.
  func run(_ title: String) throws -> (Store, Session) {
    if !FileManager.default.fileExists(atPath: root.path) {
      try SampleStore.materialize(at: root, annotator: "tester")
    }
    let store = try Store.open(root, annotator: "tester")
    let clock = self.clock
    let s = Session(
      store: store, keymap: try Keymap.load("default"), title: title, clock: { clock.now })
    s.viewport = (120, 40)
    return (store, s)
  }

  @Test func uAfterAReopenUndoesThePreviousRunsLastSubmit() throws {
    do {
      let (store, s) = try run("first")
      press(s, "2 <Enter>")
      #expect(store.annotation(for: "sample-01-code")?.status == .submitted)
    }
    let (store, s) = try run("again")
    #expect(s.task?.id != "sample-01-code")
    press(s, "u")
    #expect(
      s.notice?.text == "Press u again to undo submit of task sample-01-code: it reopens that task")
    press(s, "u")
    #expect(s.task?.id == "sample-01-code")
    #expect(s.draft.status == .draft)
    #expect(s.draft.answers["preference"] != nil)
    #expect(store.annotation(for: "sample-01-code")?.status == .draft)
    // The step before it was not in this run's memory: nothing more to undo.
    press(s, "u")
    #expect(s.notice?.text == "Nothing to undo")
  }

  @Test func uAfterAReopenUndoesTheLastTextTyped() throws {
    do {
      let (store, s) = try run("first")
      press(s, "r o k <Esc>")
      s.flushSave()
      #expect(store.annotation(for: "sample-01-code")?.answers["rationale"] == .text("ok"))
    }
    let (store, s) = try run("again")
    #expect(s.task?.id == "sample-01-code")
    press(s, "u")
    #expect(s.draft.answers["rationale"] == nil)
    #expect(store.annotation(for: "sample-01-code")?.answers["rationale"] == nil)
  }
}

/// Random keys from every binding of the three keymaps, over the sample store:
/// text changes only in a visible text-entry state, and undo goes back to the start.
@Suite struct InteractionPropertyTests {
  /// A small seeded generator, so a failure is the same on every run.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// Every key sequence a keymap binds, in any section, less those that leave the
  /// session (quit, suspend, an external editor, a break), plus plain letters.
  static func pool(_ map: Keymap) -> [[Key]] {
    let leaving: Set<Action> = [.quit, .suspend, .rewriteExternal, .takeBreak]
    var keys: [[Key]] = []
    for context in KeyContext.allCases {
      for b in map.bindings[context] ?? []
      where !leaving.contains(b.action) && !keys.contains(b.keys) {
        keys.append(b.keys)
      }
    }
    // Keys that leave the session in one context may not in another: none of them is drawn.
    let leavingKeys = KeyContext.allCases.flatMap { c in
      (map.bindings[c] ?? []).filter { leaving.contains($0.action) }.map(\.keys)
    }
    keys.removeAll { leavingKeys.contains($0) }
    return keys + "axe 7".map { [$0 == " " ? Key.space : Key.char($0)] }
  }

  /// The text answers of the draft on screen.
  static func texts(_ s: Session) -> [AnswerKey: String] {
    var out: [AnswerKey: String] = [:]
    for (q, a) in s.draft.answers { if let t = a.text { out[AnswerKey(q)] = t } }
    for (q, byCandidate) in s.draft.candidateAnswers {
      for (c, a) in byCandidate { if let t = a.text { out[AnswerKey(q, candidate: c)] = t } }
    }
    return out
  }

  @Test(arguments: ["default", "vim", "emacs"], [UInt64(1), 2, 3])
  func randomKeysTypeOnlyInTextEntryAndUndoGoesBackToTheStart(_ keymap: String, _ seed: UInt64)
    throws
  {
    let h = try Harness(keymap: keymap)
    let map = try Keymap.load(keymap)
    let pool = Self.pool(map)
    var rng = SplitMix(state: seed)
    // Whole grids are compared: a typed trailing space moves only the cursor's cell.
    var frame = h.render(120, 40)
    for _ in 0..<400 {
      let seq = pool[Int.random(in: 0..<pool.count, using: &rng)]
      for key in seq {
        let state = h.session.inputState
        let task = h.session.task?.id
        let before = Self.texts(h.session)
        let isUndo: Bool = {
          for contexts in [[KeyContext.editor], [.editorNormal], [.global]] {
            if case .action(let a) = map.lookup([key], in: contexts), a == .undo || a == .redo {
              return true
            }
          }
          return false
        }()
        let answersBefore = (
          h.session.draft.answers, h.session.draft.candidateAnswers, h.session.draft.status
        )
        h.clock.advance(50)
        _ = h.session.handle(key)
        // (b) An answer that changed shows in the next frame.
        let next = h.render(120, 40)
        let answersAfter = (
          h.session.draft.answers, h.session.draft.candidateAnswers, h.session.draft.status
        )
        if h.session.task?.id == task, answersBefore != answersAfter {
          #expect(
            next != frame,
            "\(keymap) seed \(seed): \(Key.name(of: [key])) changed an answer and nothing on screen: \(answersBefore) -> \(answersAfter) in \(state) q \(h.session.formPane.question)"
          )
        }
        frame = next
        guard h.session.task?.id == task, !isUndo else { continue }
        for (k, text) in Self.texts(h.session) where before[k] != text {
          #expect(
            state == .textEntry(k),
            "\(keymap) seed \(seed): \(Key.name(of: [key])) changed \(k) in \(state)")
        }
        for (k, _) in before where Self.texts(h.session)[k] == nil {
          #expect(
            state == .textEntry(k),
            "\(keymap) seed \(seed): \(Key.name(of: [key])) cleared \(k) in \(state)")
        }
      }
    }
    // Undo everything: every task's answers are as they were at the start.
    for _ in 0..<3000 {
      switch h.session.inputState {
      case .browse: break
      case .rest: _ = h.session.handle(.enter)
      default: _ = h.session.handle(.esc)
      }
      guard case .browse = h.session.inputState else { continue }
      if h.session.sheet.ledger.nextUndoTask == nil { break }
      _ = h.session.handle(.char("u"))
    }
    h.session.flushSave()
    #expect(
      h.session.sheet.ledger.nextUndoTask == nil,
      "\(keymap) seed \(seed): undo did not reach the start")
    for (id, record) in Journal.parse(
      try Data(contentsOf: h.root.appendingPathComponent("annotations/tester.jsonl"))
    ).latest {
      #expect(
        record.annotation.answers.isEmpty,
        "\(keymap) seed \(seed): \(id) still has \(record.annotation.answers.keys.sorted())")
      #expect(
        record.annotation.status == .draft,
        "\(keymap) seed \(seed): \(id) is \(record.annotation.status)")
    }
  }
}
