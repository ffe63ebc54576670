import Foundation
import Testing

@testable import Annotation
@testable import Commands
@testable import Reports
@testable import Shift
@testable import TaskStore
@testable import TerminalKit
@testable import Workstation
@testable import Worksheet

/// The components own their commands: each pane takes its own (by `Action.owner`)
/// and the scroll block, and nothing else; journal reads are effects whose results
/// come back as messages; the wall clock is the session's, injected.
@Suite struct ComponentTests {
  /// Whether a pane takes an action: its own, the scroll keys every pane has,
  /// sideways scrolling where code shows, and in the form the digits (which
  /// elsewhere answer a pairwise preference, the session's).
  func mayTake(_ a: Action, _ pane: KeyContext) -> Bool {
    if a.owner == pane || Scrolling.step(a, page: 10) != nil { return true }
    switch pane {
    case .conversation, .candidates: return a == .scrollLeft || a == .scrollRight
    case .form: return a.pickNumber != nil
    default: return false
    }
  }

  @Test func eachPaneTakesItsOwnCommandsAndNoOthers() throws {
    let h = try Harness(task: "sample-01-code")
    let item = ReviewItem(
      taskId: "sample-01-code", position: 0, answers: [], annotators: [], agreement: 0.5)
    for a in Action.allCases {
      var sheet = h.session.sheet
      var conversation = ConversationPane()
      let c = conversation.handle(a, page: 10, sheet: &sheet, now: 0)
      #expect((c != nil) == mayTake(a, .conversation), "conversation and \(a.rawValue)")
      sheet = h.session.sheet
      var candidates = CandidatesPane()
      let k = candidates.handle(a, sheet: &sheet, shown: .single, page: 10)
      #expect((k != nil) == mayTake(a, .candidates), "candidates and \(a.rawValue)")
      sheet = h.session.sheet
      var form = FormPane()
      let f = form.handle(a, sheet: &sheet, page: 10, now: 0)
      if (f != nil) != mayTake(a, .form) { Issue.record("form and \(a.rawValue): \(f != nil)") }
      sheet = h.session.sheet
      var desk = ReviewDesk(items: [item])
      let d = desk.handle(a, item: item, sheet: &sheet, page: 10, now: 0)
      if (d != nil) != mayTake(a, .answers) {
        Issue.record("answers and \(a.rawValue): \(d != nil)")
      }
    }
  }

  @Test func aCommandReachesTheCandidatesWhereverTheFocusIs() throws {
    let h = try Harness(task: "sample-01-code")
    h.session.focus = .form
    #expect(h.session.sheet.candidate == 0)
    h.session.perform(.nextCandidate)
    #expect(h.session.sheet.candidate == 1)
    #expect(h.session.focus == .form)
  }

  @Test func paceIsAJournalReadAskedForAsAnEffectAndAnsweredByAMessage() throws {
    // Noon UTC on a fixed day: the local day the session asks about follows the injected wall clock.
    let noon = Date(timeIntervalSince1970: 1_780_000_000)
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking", wall: noon)
    h.press("1 2 <Enter>")
    let key = try #require(h.session.keymap.keys(for: .showPace, in: [.global]))
    let before = h.session.notice
    let effects = h.session.update(key[0])
    let today = Timestamp.localDay(noon)
    #expect(effects == [.load(.pace(today: today))])
    // Nothing was read while the key was handled.
    #expect(h.session.notice == nil || h.session.notice == before)
    _ = h.session.carryOut(effects)
    let said = try #require(h.session.notice?.text)
    // The submit was stamped with the injected wall time, so it counts as today.
    #expect(said.hasPrefix("Your median per task, today / before: compare 2 "))
    #expect(!said.contains("compare 2 - /"))
  }

  @Test func aNewDraftAndABreakCarryTheInjectedWallTime() throws {
    let then = Date(timeIntervalSince1970: 1_700_000_000)
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking", wall: then)
    #expect(h.session.draft.created == Timestamp.string(then))
    h.press("b <Enter>")
    let stamp = Timestamp.string(then)
    #expect(
      ShiftLog.breaks(h.root, annotator: "tester") == [ShiftLog.Break(start: stamp, end: stamp)])
  }

  @Test func feedbackIsReadAgainAsAnEffectWhenAsked() throws {
    let h = try Harness(task: "sample-01-code")
    let effects = h.session.lineCommand("feedback")
    #expect(effects == [.load(.feedback)])
    #expect(h.session.overlay == .feedback(scroll: 0))
  }

  /// The task flow moves through the store on its own and only names what the
  /// screen must do; the session follows those events.
  @Test func theTaskFlowMovesWithoutTouchingAPaneAndNamesWhatTheScreenMustDo() throws {
    let h = try Harness(task: "sample-01-code")
    let flow = h.session.flow
    h.session.focus = .form
    flow.skip(reason: "unsure")
    #expect(flow.task?.id != "sample-01-code")
    guard case .opened = try #require(flow.events.first) else {
      Issue.record("a skip opens the next task: \(flow.events)")
      return
    }
    #expect(h.session.focus == .form, "the flow changes no pane")
    flow.events.removeAll()

    flow.undo()
    #expect(flow.task?.id == "sample-01-code")
    #expect(flow.draft.status == .draft)
    #expect(flow.events.count == 2)
    if case .returned = flow.events.last {} else { Issue.record("undo returns: \(flow.events)") }
    flow.events.removeAll()

    h.session.formPane.question = h.session.form.questions.count - 1
    flow.submit()
    guard case .issue(let issue) = try #require(flow.events.first) else {
      Issue.record("an unanswered task is refused: \(flow.events)")
      return
    }
    // Following the events moves the focus to the answer the issue is about.
    #expect(issue.key.question != h.session.form.questions.last?.id)
    h.session.follow()
    #expect(flow.events.isEmpty)
    #expect(h.session.focusedQuestion?.id == issue.key.question)
  }
}
