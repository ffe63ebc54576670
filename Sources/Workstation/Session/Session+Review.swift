import Annotation
import Commands
import Foundation
import Reports
import TaskStore
import TerminalKit

/// Reviewing: taking one annotator's answer, writing a final one, sending a task
/// back. Each decision is one undoable step on the reviewer's own journal.
extension Session {
  /// The task on screen as a review item (nil outside review).
  var reviewItem: ReviewItem? { task.flatMap { review.desk?.items[$0.id] } }

  /// Accepts annotator `n`'s answer (1-based) as the decision.
  func take(_ n: Int) {
    guard let item = reviewItem, let desk = review.desk else { return }
    guard let source = item.answers[safe: n - 1] else {
      say("This task has \(item.answers.count) annotators: 1 to \(item.answers.count)", .warning)
      return
    }
    decide(.accepted, item, taking: source, done: "Accepted \(desk.name(n - 1, source))'s answer")
  }

  /// Starts the final answer from the focused annotator's, to be changed in the form and submitted.
  func editFinal() {
    guard let item = reviewItem, let desk = review.desk, !sheet.refuseEdit() else { return }
    let i = desk.pane.column
    guard let source = item.answers[safe: i] else { return }
    sheet.record(ReviewDesk.answerEdits(draft, to: source), at: clock())
    focus = form.rankingQuestion != nil && !order.isEmpty ? .candidates : .form
    say(
      "Final answer started from \(desk.name(i, source))'s: change it, then \(keymap.keyName(for: .submit)) decides"
    )
  }

  /// Sends the task back with a note (`ReviewDesk.recipients` says to whom).
  func sendBack(note: String) {
    guard let item = reviewItem, let desk = review.desk else { return }
    switch ReviewDesk.recipients(of: note, item, final: draft) {
    case .failure(let refusal):
      say(refusal.message, .warning)
    case .success(let (to, text)):
      let names = item.answers.enumerated().filter { to.contains($0.element.annotator) }
        .map { desk.name($0.offset, $0.element) }
      decide(
        .sentBack, item, taking: nil, note: text, sentTo: to,
        done: "Sent back to \(names.joined(separator: ", "))")
    }
  }

  /// Submit on the review screen: the final answer in the form is the decision
  /// (accepted when it equals an annotator's answer, edited otherwise).
  func decideFromForm() {
    guard let item = reviewItem, let desk = review.desk, !sheet.refuseEdit(),
      let report = validation
    else { return }
    if let first = report.issues.first {
      focusIssue(first)
      sheet.notice = Notice(
        text: "Cannot decide: \(first.message)", kind: .error, blockers: [first.key])
      return
    }
    if let same = item.answers.firstIndex(where: { ReviewDesk.sameAnswers($0, draft) }) {
      decide(
        .accepted, item, taking: nil, accepted: item.answers[same].annotator,
        done: "Accepted \(desk.name(same, item.answers[same]))'s answer")
    } else {
      decide(.edited, item, taking: nil, done: "Decided with your own answer")
    }
  }

  /// Records a decision (with the answers it takes, if any) as one step, and moves on.
  func decide(
    _ decision: Review.Decision, _ item: ReviewItem, taking source: Annotation?,
    accepted: String? = nil, note: String? = nil, sentTo: [String]? = nil,
    done: String
  ) {
    guard !sheet.refuseEdit(decision: true) else { return }
    let now = clock()
    let decided = Review(
      decision: decision,
      settles: item.answers.map { Review.Settled(annotator: $0.annotator, updated: $0.updated) },
      accepted: source?.annotator ?? accepted, note: note,
      quick: now - (review.desk?.openedAt ?? now) < Review.quickMs,
      agreement: item.agreement, sentTo: sentTo)
    var edits = source.map { ReviewDesk.answerEdits(draft, to: $0) } ?? []
    edits.append(.review(old: draft.review, new: decided))
    if draft.status != .submitted {
      edits.append(
        .status(
          old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted)
        ))
    }
    sheet.record(edits, at: now)
    let quick = decided.quick ? " (under 2 s: marked quick)" : ""
    if nextUnfinished() {
      say("\(done) for \(item.taskId)\(quick)")
    } else {
      say("\(done) for \(item.taskId)\(quick). \(allDone()) u undoes the decision.")
    }
  }

  /// "All decided: 5 of 5 (3 accepted, 1 edited, 1 sent back)."
  func reviewSummary() -> String {
    let decisions = nav.scope.compactMap { i -> Review.Decision? in
      guard let id = store.taskID(at: i), status(id) == .submitted else { return nil }
      return annotation(for: id)?.review?.decision
    }
    return ReviewDesk.summary(decisions, of: nav.scope.count)
  }

  /// Toggles the annotators' names on the review screen.
  func toggleNames() {
    review.desk?.hideNames.toggle()
    say(review.desk?.hideNames == true ? "Names hidden: annotators are numbered" : "Names shown")
  }

  /// `:feedback`: the reviewers' notes on the annotator's work, newest first (read again first).
  func showFeedback() -> [Effect] {
    guard review.desk == nil else {
      say(":feedback is for annotators; the review screen shows every answer", .info)
      return []
    }
    overlay = .feedback(scroll: 0)
    return [.load(.feedback)]
  }

  /// How a reviewer's letters (the task's own order) read on this annotator's
  /// screen: "A is your B, B is your A"; nil when the orders are the same.
  func reviewerLetters(_ decision: Annotation) -> String? {
    guard let mine = annotation(for: decision.taskId) else { return nil }
    return CandidateLetters.legend(writer: decision.orderShown, reader: mine.orderShown)
  }

  /// Puts the tasks sent back to this annotator first in their queue; the notice
  /// that says so ("2 tasks sent back to you…"), or nil when there are none.
  func sentBackFirst() -> Notice? {
    let ids = review.returned.keys.filter { id in
      annotation(for: id).map { review.returnedDecision($0) != nil } ?? false
    }
    guard !ids.isEmpty else { return nil }
    store.indexNow()
    let positions = ids.compactMap { store.index(of: $0) }.sorted()
    if var queue = nav.queue {
      let first = Set(positions)
      queue.removeAll { first.contains($0) }
      nav.queue = positions + queue
    }
    // The first sent-back task is where the annotator starts, whatever they did last.
    nav.startAt = positions.first
    let n = ids.count
    return Notice(
      text:
        "\(n) task\(n == 1 ? "" : "s") sent back to you: \(n == 1 ? "it comes" : "they come") first; :feedback shows the reviewer's notes",
      kind: .warning)
  }
}
