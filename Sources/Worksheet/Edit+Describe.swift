import Annotation

extension Edit {
  /// An edit step in words: "submit", "skip", or the question (and candidate) it changed.
  package static func describe(_ edits: [Edit], form: Form?, order: [String] = []) -> String {
    if edits.contains(where: { if case .review = $0 { true } else { false } }) {
      return "the decision"
    }
    for e in edits {
      if case .status(let old, let new) = e {
        let finished = [old.status, new.status].first { $0 != .draft } ?? .draft
        return finished == .skipped ? "skip" : finished == .submitted ? "submit" : "status"
      }
    }
    for e in edits {
      if case .answer(let key, _, _) = e {
        let title = form?.question(key.question)?.title ?? key.question
        return key.candidate.map { "\(title) (\(candidateLetter($0, order: order)))" } ?? title
      }
    }
    return "change"
  }
}
