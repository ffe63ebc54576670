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

  /// Sends the task on screen back with the note typed at the prompt.
  func sendBack(note: String) {
    guard let desk = review.desk, let item = reviewItem else { return }
    for e in desk.sendBack(note: note, item, sheet: &sheet, now: clock()) { _ = apply(e, nil) }
  }

  /// "All decided: 5 of 5 (3 accepted, 1 edited, 1 sent back)."
  func reviewSummary() -> String {
    let decisions = nav.scope.compactMap { i -> Review.Decision? in
      guard let id = store.taskID(at: i), status(id) == .submitted else { return nil }
      return annotation(for: id)?.review?.decision
    }
    return ReviewDesk.summary(decisions, of: nav.scope.count)
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
