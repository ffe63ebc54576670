import Annotation

/// What reviews mean to this session: the review screen's desk (`rubric review`),
/// or, for an annotator, the reviewers' decisions on their answers.
package struct ReviewState {
  /// The review screen's state, when this session reviews.
  package var desk: ReviewDesk?
  /// Reviewers' decisions on this annotator's answers, newest first (`:feedback`).
  package var feedback: [Annotation] = []
  /// Decisions sending a task back, by task id (they count while the answer judged is unchanged).
  package var returned: [String: Annotation] = [:]

  /// Whether a reviewer's decision no longer settles the task's answers (one changed since).
  package func isStale(_ a: Annotation) -> Bool {
    guard let review = a.review, let item = desk?.items[a.taskId] else { return false }
    return !review.settles(item.answers)
  }

  /// The reviewer's decision sending this task back to the annotator, while their answer is the one it judged.
  package func returnedDecision(_ a: Annotation) -> Annotation? {
    guard desk == nil, a.status != .skipped, let d = returned[a.taskId], let review = d.review
    else { return nil }
    return review.settles.contains { $0.annotator == a.annotator && $0.updated == a.updated }
      ? d : nil
  }

  /// Takes the decisions read for this annotator.
  package mutating func take(decisions: [Annotation], sentBack: [Annotation]) {
    feedback = decisions
    returned = Dictionary(sentBack.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
  }
}
