import Annotation
import Reports

/// The review screen's state: the tasks to settle and how their answers show.
package struct ReviewDesk {
  /// The tasks to review by id (the navigator's queue holds their order).
  package var items: [String: ReviewItem]
  /// Annotators shown as "Annotator N".
  package var hideNames = false
  package var pane = AnswersPane()
  /// When the task on screen was opened, for marking quick decisions.
  package var openedAt = 0
  /// The key that decides (the keymap's submit), for messages.
  package var submitKey = "Enter"

  package init(items: [ReviewItem], submitKey: String = "Enter") {
    self.submitKey = submitKey
    self.items = Dictionary(items.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// An annotator as the screen names them: "Annotator N" while names are hidden.
  package func name(_ i: Int, _ a: Annotation) -> String {
    hideNames ? "Annotator \(i + 1)" : a.annotator
  }

  /// Who a send-back note goes to, and the note without its leading `@name` words.
  /// `@name` (or `@2`, by column) chooses; otherwise the annotators whose answer
  /// differs from the final one, or all of them when there is none.
  package static func recipients(of note: String, _ item: ReviewItem, final draft: Annotation)
    -> Result<(to: [String], note: String), ReviewRefusal>
  {
    var words = note.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    var named: [String] = []
    while let w = words.first, w.hasPrefix("@"), w.count > 1 {
      named.append(String(w.dropFirst()))
      words.removeFirst()
    }
    let text = words.joined(separator: " ")
    guard !text.isEmpty else {
      return .failure(ReviewRefusal("Sending back needs a note for the annotators"))
    }
    let everyone = item.answers.map(\.annotator)
    var to: [String] = []
    for name in named {
      if everyone.contains(name) {
        to.append(name)
      } else if let n = Int(name), let a = item.answers[safe: n - 1] {
        to.append(a.annotator)
      } else {
        return .failure(
          ReviewRefusal(
            "No annotator \"\(name)\" answered this task: @ names one of them (or @1 to @\(everyone.count))"
          ))
      }
    }
    if named.isEmpty {
      let hasFinal = !draft.answers.isEmpty || !draft.candidateAnswers.isEmpty
      to = hasFinal ? item.answers.filter { !sameAnswers($0, draft) }.map(\.annotator) : everyone
      if to.isEmpty { to = everyone }
    }
    return .success((to, text))
  }

  /// Whether two annotations give the same answers.
  package static func sameAnswers(_ a: Annotation, _ b: Annotation) -> Bool {
    a.answers == b.answers && a.candidateAnswers == b.candidateAnswers
  }

  /// The edits that make `draft`'s answers those of `source`.
  package static func answerEdits(_ draft: Annotation, to source: Annotation) -> [Edit] {
    var keys = Set<AnswerKey>()
    for a in [draft, source] {
      for q in a.answers.keys { keys.insert(AnswerKey(q)) }
      for (q, byCandidate) in a.candidateAnswers {
        for c in byCandidate.keys { keys.insert(AnswerKey(q, candidate: c)) }
      }
    }
    return keys.sorted { ($0.question, $0.candidate ?? "") < ($1.question, $1.candidate ?? "") }
      .map { Edit.set($0, to: source[$0], on: draft) }
  }

  /// "All decided: 5 of 5 (3 accepted, 1 edited, 1 sent back)." for the decisions taken of `total`.
  package static func summary(_ decisions: [Review.Decision], of total: Int) -> String {
    var counts: [Review.Decision: Int] = [:]
    for d in decisions { counts[d, default: 0] += 1 }
    let parts = [
      (Review.Decision.accepted, "accepted"), (.edited, "edited"), (.sentBack, "sent back"),
    ]
    .compactMap { d, word in counts[d].map { "\($0) \(word)" } }
    let head = decisions.count == total ? "All decided" : "Decided"
    return "\(head): \(decisions.count) of \(total)"
      + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))") + "."
  }
}

/// Why a review action was refused, in words for the message line.
package struct ReviewRefusal: Error {
  package var message: String
  package init(_ message: String) { self.message = message }
}
