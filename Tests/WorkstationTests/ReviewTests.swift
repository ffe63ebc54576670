import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import Import
@testable import Reports
@testable import TaskStore
@testable import TerminalKit
@testable import Worksheet
@testable import Workstation
import TestSupport

/// A "ranking" store of `count` three-candidate tasks that alice and bob both
/// submitted: they agree except on the tasks in `disagree`, where bob reverses alice.
func reviewStore(count: Int = 10, disagree: Set<Int> = [1, 3, 5, 7, 9]) throws -> URL {
  let root = scratchRoot.appendingPathComponent(
    "rubric-review-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try Store.create(at: root, preset: "ranking", annotator: "lead")
  var lines = ""
  for i in 0..<count {
    let t = ChatTask(
      id: "t\(i)", context: [Message(role: .user, content: "Question \(i): how do I boil an egg?")],
      candidates: ["x", "y", "z"].map { c in
        Candidate(
          id: c, messages: [Message(role: .assistant, content: "Answer \(c) to question \(i).")])
      })
    lines += String(decoding: try TaskCodec.encode(t), as: UTF8.self) + "\n"
  }
  let src = root.deletingLastPathComponent().appendingPathComponent(
    "review-src-\(UInt32.random(in: 0...UInt32.max)).jsonl")
  try lines.write(to: src, atomically: true, encoding: .utf8)
  _ = try Importer.importFile(src, into: root)
  for who in ["alice", "bob"] {
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
    for i in 0..<count {
      let order = who == "bob" && disagree.contains(i) ? ["z", "y", "x"] : ["x", "y", "z"]
      try journal.append(JournalRecord(annotation: answer(task: "t\(i)", by: who, ranking: order)))
    }
  }
  return root
}

/// A submitted answer ranking the candidates in `ranking`, rated 6, 4, 2 down the ranking.
func answer(task: String, by who: String, ranking: [String], note: String? = nil) -> Annotation {
  var a = Annotation(
    taskId: task, annotator: who, status: .submitted, orderShown: ["x", "y", "z"],
    activeMs: who == "alice" ? 42_000 : 75_000,
    created: "2026-12-01T09:00:00Z", updated: "2026-12-01T09:0\(who == "alice" ? 1 : 2):00Z")
  a.answers["rank"] = .ranking(Ranking(tiers: ranking.map { [$0] }))
  for (i, c) in ranking.enumerated() {
    a.candidateAnswers["overall", default: [:]][c] = .rating(6 - 2 * i)
  }
  a.answers["rationale"] = .text(note ?? "\(ranking[0]) explains it best.")
  return a
}

/// A review session on a store, with a test clock, at 120x40.
func reviewSession(
  _ root: URL, all: Bool = false, readOnly: Bool = false, clock: TestClock = TestClock()
) throws -> Session {
  let store = try Store.open(root, annotator: "lead", readOnly: readOnly, asReviewer: true)
  let items = try Reviews.queue(store, all: all)
  let s = Session(
    store: store, keymap: Keymap.defaultMap(), title: "review", review: items, clock: { clock.now })
  s.viewport = (120, 40)
  return s
}

@discardableResult
func press(_ s: Session, _ clock: TestClock, _ names: String, gap: Int = 50) -> [Effect] {
  var effects: [Effect] = []
  for name in names.split(separator: " ") {
    guard let key = Key(name: String(name)) else { continue }
    clock.advance(gap)
    effects += s.handle(key)
  }
  return effects
}

func decisions(_ root: URL) throws -> [JournalRecord] {
  Journal.parse(try Data(contentsOf: root.appendingPathComponent("reviews/lead.jsonl"))).records
}

@Suite struct ReviewTests {
  @Test func theQueueHoldsExactlyTheTasksWhereTheAnnotatorsDisagreeMostFirst() throws {
    let root = try reviewStore(disagree: [1, 3, 5, 7, 9])
    let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
    let items = try Reviews.queue(store)
    #expect(items.map(\.taskId) == ["t1", "t3", "t5", "t7", "t9"])
    #expect(
      items.allSatisfy {
        ($0.agreement ?? 1) < 0.75 && $0.answers.map(\.annotator) == ["alice", "bob"]
      })
    #expect(try Reviews.queue(store, all: true).count == 10)
    // Reversed rankings and ratings, the same rationale text (not compared): nothing agrees.
    #expect(items[0].agreement == 0.0 / 2 + 1.0 / 3 / 2)
  }

  @Test func acceptingWritesAnAdjudicationRecordAndMovesToTheNextDisagreement() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    #expect(s.task?.id == "t1")
    #expect(s.focus == .answers)
    press(s, clock, "2", gap: 5_000)
    #expect(s.task?.id == "t3")
    #expect(s.notice?.text == "Accepted bob's answer for t1")
    let r = try #require(try decisions(root).last?.annotation)
    #expect(r.taskId == "t1" && r.annotator == "lead" && r.status == .submitted)
    #expect(
      r.review?.decision == .accepted && r.review?.accepted == "bob" && r.review?.quick == false)
    #expect(r.review?.settles.map(\.annotator) == ["alice", "bob"])
    #expect(r.answers["rank"] == .ranking(Ranking(tiers: [["z"], ["y"], ["x"]])))
    #expect(r.candidateAnswers["overall"]?["z"] == .rating(6))
    // Nothing was written to the annotators' journals.
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent("annotations/lead.jsonl").path))
  }

  @Test func aDecisionUnderTwoSecondsIsMarkedQuick() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    press(s, clock, "1", gap: 800)
    #expect(s.notice?.text == "Accepted alice's answer for t1 (under 2 s: marked quick)")
    #expect(try decisions(root).last?.annotation.review?.quick == true)
  }

  @Test func editingTheFinalAnswerDecidesAsEditedAndUndoWithdrawsIt() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    // Start from alice's (focused), then rank y first: a final answer of the reviewer's own.
    press(s, clock, "e", gap: 3_000)
    #expect(s.focus == .candidates)
    #expect(s.draft.answers["rank"] == .ranking(Ranking(tiers: [["x"], ["y"], ["z"]])))
    press(s, clock, "l 1 h 2 <Enter>")
    let r = try #require(try decisions(root).last?.annotation)
    #expect(r.taskId == "t1" && r.review?.decision == .edited && r.review?.accepted == nil)
    #expect(r.answers["rank"] == .ranking(Ranking(tiers: [["y"], ["x"], ["z"]])))
    #expect(s.task?.id == "t3")
    // u asks twice (it reopens a decided task), then withdraws the decision.
    press(s, clock, "u")
    #expect(s.task?.id == "t3")
    press(s, clock, "u")
    #expect(s.task?.id == "t1")
    #expect(s.notice?.text.hasPrefix("Undid the decision of task 2 (t1)") == true)
    let undone = try #require(try decisions(root).last?.annotation)
    #expect(undone.review == nil && undone.status == .draft)
    #expect(try Reviews.decisions(root)["t1"] == nil)
  }

  @Test func aDecidedTaskRefusesChangesUntilItsDecisionIsUndone() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    press(s, clock, "1 p <S-Tab> 3")
    #expect(s.task?.id == "t1")
    #expect(s.notice?.text == "Already decided: u undoes the decision, to change the answer")
    #expect(s.draft.answers["rank"] == .ranking(Ranking(tiers: [["x"], ["y"], ["z"]])))
  }

  @Test func sendingBackNeedsANoteAndTheAnnotatorSeesItAsFeedback() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    press(s, clock, "b <Enter>")
    #expect(s.notice?.text == "Sending back needs a note for the annotators")
    press(s, clock, "b")
    for ch in "Check the egg timing" { _ = s.handle(ch == " " ? .space : .char(ch)) }
    press(s, clock, "<Enter>")
    let r = try #require(try decisions(root).last?.annotation)
    #expect(r.review?.decision == .sentBack && r.review?.note == "Check the egg timing")
    #expect(r.answers.isEmpty)

    // The decision again, alone, at a fixed time for the golden screen (the record
    // with the latest time counts, wherever it stands, so the first one goes).
    var fixed = r
    fixed.updated = "2026-12-01T10:00:00Z"
    let reviews = root.appendingPathComponent("reviews/lead.jsonl")
    try FileManager.default.removeItem(at: reviews)
    try Journal(url: reviews, annotator: "lead").append(JournalRecord(annotation: fixed))

    // Bob opens his work: t1 is his to do again, with the note, and :feedback lists it.
    let bobStore = try Store.open(root, annotator: "bob")
    let bob = Session(
      store: bobStore, keymap: Keymap.defaultMap(), title: "bob", clock: { clock.now })
    bob.viewport = (120, 40)
    // It is where he starts, and the message line says so.
    #expect(bob.notice?.text.hasPrefix("1 task sent back to you: it comes first") == true)
    bob.flow.sheet.notice = nil
    #expect(bob.task?.id == "t1")
    #expect(bob.draft.status == .draft)
    let screen = Screen.render(bob, width: 120, height: 40)
    #expect(screen.lines[0].contains("SENT BACK"))
    #expect(screen.lines[38].contains("Sent back by lead: Check the egg timing"))
    press(bob, clock, ": f e e d b a c k <Enter>")
    try expectGolden(Screen.render(bob, width: 100, height: 24), "review-feedback-100x24")
    press(bob, clock, "<Esc>")
    // Resubmitting settles it for him: the task is his again only until he does.
    press(bob, clock, "<Enter>")
    #expect(bob.notice?.text.hasPrefix("Submitted. All done: 10 submitted") == true)
    #expect(
      try Journal.parse(Data(contentsOf: root.appendingPathComponent("annotations/bob.jsonl")))
        .latest["t1"]?.annotation.status == .submitted)
    let again = Session(
      store: bobStore, keymap: Keymap.defaultMap(), title: "bob", clock: { clock.now })
    #expect(again.flow.status("t1") == .submitted)
    // The reviewer's send-back no longer settles bob's new answer: t1 is to decide again.
    let s2 = try reviewSession(root, readOnly: true, clock: clock)
    #expect(s2.flow.status("t1") == .draft)
  }

  @Test func hidingNamesLeavesNoNameOnScreen() throws {
    let root = try reviewStore()
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    try expectGolden(Screen.render(s, width: 120, height: 40), "review-120x40")
    press(s, clock, "H")
    let text = Screen.render(s, width: 120, height: 40).text
    #expect(!text.contains("alice") && !text.contains("bob"))
    #expect(text.contains("Annotator 1") && text.contains("Annotator 2"))
    press(s, clock, "1", gap: 3_000)
    #expect(s.notice?.text == "Accepted Annotator 1's answer for t1")
  }

  @Test func theLastDecisionSaysWhatWasDecided() throws {
    let root = try reviewStore(count: 4, disagree: [0, 2])
    let clock = TestClock()
    let s = try reviewSession(root, clock: clock)
    press(s, clock, "1", gap: 3_000)
    press(s, clock, "b", gap: 3_000)
    for ch in "why" { _ = s.handle(.char(ch)) }
    press(s, clock, "<Enter>")
    #expect(
      s.notice?.text
        == "Sent back to alice, bob for t2. All decided: 2 of 2 (1 accepted, 1 sent back). u undoes the decision."
    )
  }
}

/// Sending back to chosen annotators, in each reader's letters.
@Suite struct SendBackTests {
  /// The review store, with bob's t1 and t3 answered on a screen that showed y, x, z as A, B, C.
  func store() throws -> URL {
    let root = try reviewStore()
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/bob.jsonl"), annotator: "bob")
    for t in ["t1", "t3"] {
      var a = answer(task: t, by: "bob", ranking: ["z", "y", "x"], note: "C is best, then A.")
      a.orderShown = ["y", "x", "z"]
      a.updated = "2026-12-01T09:03:00Z"
      try journal.append(JournalRecord(annotation: a))
    }
    return root
  }

  func type(_ s: Session, _ text: String) {
    for ch in text { _ = s.handle(ch == " " ? .space : .char(ch)) }
  }

  func annotatorSession(_ root: URL, _ who: String, _ clock: TestClock, readOnly: Bool = false)
    throws -> Session
  {
    let s = Session(
      store: try Store.open(root, annotator: who, readOnly: readOnly), keymap: Keymap.defaultMap(),
      title: who, clock: { clock.now })
    s.viewport = (120, 40)
    return s
  }

  @Test func aTaskGoesBackToWhoeverDiffersFromTheFinalAnswerAndReadsInTheirLetters() throws {
    let root = try store()
    let clock = TestClock()
    let lead = try reviewSession(root, clock: clock)
    press(lead, clock, ": g o t o <Space> t 1 <Enter>")
    #expect(lead.task?.id == "t1")
    // Bob's own words are in his letters: the review screen says how they read here.
    #expect(
      Screen.render(lead, width: 120, height: 40).lines.contains {
        $0.contains("Letters in their text: A is this")
      })
    // The final answer starts from alice's; the note names candidates in the task's order.
    press(lead, clock, "e")
    for _ in 0..<4 where lead.focus != .answers { press(lead, clock, "<Tab>") }
    press(lead, clock, "b")
    type(lead, "B is not better than A")
    press(lead, clock, "<Enter>")
    #expect(lead.notice?.text.hasPrefix("Sent back to bob for t1") == true)
    let first = try #require(try decisions(root).last?.annotation.review)
    #expect(first.decision == .sentBack && first.sentTo == ["bob"])
    // With @ names the lead chooses: t3 goes to both.
    press(lead, clock, ": g o t o <Space> t 3 <Enter> b")
    type(lead, "@alice @bob Look again")
    press(lead, clock, "<Enter>")
    let second = try #require(try decisions(root).last?.annotation.review)
    #expect(second.sentTo == ["alice", "bob"] && second.note == "Look again")

    // Alice is not asked about t1; t3 comes first for her.
    let alice = try annotatorSession(root, "alice", clock)
    #expect(alice.flow.status("t1") == .submitted)
    #expect(alice.task?.id == "t3")
    #expect(alice.notice?.text.hasPrefix("1 task sent back to you: it comes first") == true)

    // Bob has both, t1 first, with the lead's letters said in his.
    let bob = try annotatorSession(root, "bob", clock)
    #expect(bob.notice?.text.hasPrefix("2 tasks sent back to you: they come first") == true)
    #expect(bob.task?.id == "t1")
    bob.flow.sheet.notice = nil
    let screen = Screen.render(bob, width: 200, height: 40)
    #expect(
      screen.lines[38].contains(
        "Sent back by lead: B is not better than A (their letters: A is your B, B is your A, C is your C)"
      ), "\(screen.lines[38])")
    press(bob, clock, ": f e e d b a c k <Enter>")
    #expect(
      Screen.render(bob, width: 120, height: 40).lines.contains {
        $0.contains("In the reviewer's letters, A is your B, B is your A, C is your C.")
      })
    press(bob, clock, "<Esc>")

    // Bob answers t3 again as alice did: the task is settled, so it is not sent back to alice any more.
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/bob.jsonl"), annotator: "bob")
    var agreed = answer(task: "t3", by: "bob", ranking: ["x", "y", "z"])
    agreed.updated = "2026-12-01T11:00:00Z"
    try journal.append(JournalRecord(annotation: agreed))
    let aliceAgain = try annotatorSession(root, "alice", clock, readOnly: true)
    #expect(aliceAgain.flow.status("t3") == .submitted)
    #expect(aliceAgain.notice?.text.contains("sent back") != true)
  }
}

/// Tasks the form cannot answer (one candidate under a pairwise form) are passed
/// over by the navigator, with a notice, and counted apart when all is done.
@Suite struct UnanswerableNavigationTests {
  @Test func theNavigatorPassesOverTasksTheFormCannotAnswer() throws {
    let root = scratchRoot.appendingPathComponent(
      "rubric-unanswerable-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    func task(_ id: String, _ candidates: Int) -> String {
      let c = (0..<candidates).map {
        #"{"id":"c\#($0)","messages":[{"role":"assistant","content":"Reply \#($0)"}]}"#
      }
      return
        #"{"id":"\#(id)","context":[{"role":"user","content":"Hi"}],"candidates":[\#(c.joined(separator: ","))]}"#
    }
    let src = root.deletingLastPathComponent().appendingPathComponent(
      "unanswerable-\(UInt32.random(in: 0...UInt32.max)).jsonl")
    try
      ([task("one", 1), task("two-a", 2), task("one-b", 1), task("two-b", 2)].joined(
        separator: "\n") + "\n")
      .write(to: src, atomically: true, encoding: .utf8)
    _ = try Importer.importFile(src, into: root)
    let clock = TestClock()
    let s = Session(
      store: try Store.open(root, annotator: "ann"), keymap: Keymap.defaultMap(), title: "t",
      clock: { clock.now })
    s.viewport = (120, 40)
    // The first task cannot be answered: the store opens on the next one.
    #expect(s.task?.id == "two-a")
    press(s, clock, "2 <Enter>")
    #expect(s.task?.id == "two-b")
    #expect(
      s.notice?.text
        == "Submitted two-a · passed over 1 task this form cannot answer (rubric check lists it)")
    press(s, clock, "2 <Enter>")
    #expect(
      s.notice?.text.hasPrefix(
        "Submitted. All done: 2 submitted, 0 skipped, 2 the form cannot answer (rubric check lists them)."
      ) == true, "\(s.notice?.text ?? "")")
    // Going to one by id still opens it, and says why it cannot be answered.
    press(s, clock, ": g o t o <Space> o n e <Enter>")
    #expect(s.task?.id == "one")
    #expect(s.notice?.text.hasPrefix("This task cannot be answered:") == true)
  }
}
