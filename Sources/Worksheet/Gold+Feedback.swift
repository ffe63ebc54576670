import Annotation

extension Gold {
  /// What a practice task says after its submit: whether the answer matched, what
  /// was expected, and why (the store asks for it with `gold_feedback`).
  package func feedback(_ draft: Annotation, form: Form, order: [String]) -> (
    text: String, kind: Notice.Kind
  ) {
    let verdict = check(draft, form: form, order: order)
    let why = explanation.map { " \($0)" } ?? ""
    if verdict.isRight {
      return ("Practice task: your answer matches the expected one.\(why)", .info)
    }
    return ("Practice task: \(verdict.misses.joined(separator: "; ")).\(why)", .warning)
  }
}
