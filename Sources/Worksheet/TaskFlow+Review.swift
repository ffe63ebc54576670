import Annotation
import Reports
import TaskStore

/// The reviewers' side of the flow: the review screen's summary, and for an
/// annotator, the tasks sent back to them and how a reviewer's letters read here.
extension TaskFlow {
  /// The task on screen as a review item (nil outside review).
  package var reviewItem: ReviewItem? { task.flatMap { review.desk?.items[$0.id] } }

  /// "All decided: 5 of 5 (3 accepted, 1 edited, 1 sent back)."
  package func reviewSummary() -> String {
    let decisions = nav.scope.compactMap { i -> Review.Decision? in
      guard let id = store.taskID(at: i), status(id) == .submitted else { return nil }
      return annotation(for: id)?.review?.decision
    }
    return ReviewDesk.summary(decisions, of: nav.scope.count)
  }

  /// How a reviewer's letters (the task's own order) read on this annotator's
  /// screen: "A is your B, B is your A"; nil when the orders are the same.
  package func reviewerLetters(_ decision: Annotation) -> String? {
    guard let mine = annotation(for: decision.taskId) else { return nil }
    return CandidateLetters.legend(writer: decision.orderShown, reader: mine.orderShown)
  }

  /// Puts the tasks sent back to this annotator first in their queue; the notice
  /// that says so ("2 tasks sent back to you…"), or nil when there are none.
  package func sentBackFirst() -> Notice? {
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
