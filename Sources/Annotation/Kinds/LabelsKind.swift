/// Any of the options, as flags (`kind = "labels"`); `harm` lists the options that count
/// as harm (a warning when the best-ranked candidate carries one).
public struct LabelsKind: QuestionKindSpec {
  public var options: [String]
  public var harm: [String]

  public static let name = "labels"
  public static let fileKeys = ["options", "harm", "content_warnings"]

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    let options = try ChoiceKind.readOptions(f, kind: name)
    let harm = try f.strings("harm") ?? []
    if let bad = harm.first(where: { !options.contains($0) }) {
      throw f.failure(["harm"], "\"\(bad)\" is not one of the options")
    }
    return .labels(options: options, harm: harm)
  }

  public var agreement: AgreementMeasure { .perLabel(options: options) }
  public var keys: AnswerKeys { .anyOf(options) }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .labels(let vs) = answer else { return mismatch() }
    let unknown = vs.filter { !options.contains($0) }
    return unknown.isEmpty ? nil : "unknown label \"\(unknown[0])\""
  }

  /// Each option more than half the annotators chose, per answer key.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] {
    var out: [AnswerKey: Answer] = [:]
    for (key, answers) in Consensus.answersByKey(submitted, q, candidates) {
      // How many annotators chose each option, counted in one pass over their answers.
      var votes = [Int](repeating: 0, count: options.count)
      for answer in answers {
        guard let labels = answer?.labels, !labels.isEmpty else { continue }
        for (i, o) in options.enumerated() where labels.contains(o) { votes[i] += 1 }
      }
      let chosen = options.indices.filter { votes[$0] * 2 > submitted.count }.map { options[$0] }
      if !chosen.isEmpty { out[key] = .labels(chosen) }
    }
    return out
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .labels(let l) = answer else { return asItIs(answer) }
    return l.isEmpty ? AnswerBrief("none", .quiet) : AnswerBrief(l.joined(separator: ", "), .alarm)
  }
}
