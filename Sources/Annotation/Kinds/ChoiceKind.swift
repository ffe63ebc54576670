/// Exactly one of the options (`kind = "choice"`). An option naming a shown candidate
/// ("A is better") is stored by candidate id (`CandidateChoice`).
public struct ChoiceKind: QuestionKindSpec {
  public var options: [String]

  public static let name = "choice"
  public static let fileKeys = ["options", "content_warnings"]

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    .choice(options: try readOptions(f, kind: name))
  }

  /// The `options` list of a `kind` question: present, not empty, each once.
  static func readOptions<F: KindFields>(_ f: F, kind: String) throws(F.Failure) -> [String] {
    guard let options = try f.strings("options"), !options.isEmpty else {
      throw f.failure(["options"], "a \(kind) question needs options")
    }
    guard Set(options).count == options.count else {
      throw f.failure(["options"], "options must be distinct")
    }
    return options
  }

  public var agreement: AgreementMeasure { .nominal(options: options) }
  public var keys: AnswerKeys { .oneOf(options) }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .choice(let v) = answer else { return mismatch() }
    return CandidateChoice.shown(v, options: options, order: c.order) != nil
      ? nil : "\"\(v)\" is not an option"
  }

  /// The option most chose, per answer key; none on a tie for the most.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] {
    var out: [AnswerKey: Answer] = [:]
    for (key, answers) in Consensus.answersByKey(submitted, q, candidates) {
      let counts = Dictionary(answers.compactMap { $0?.choice }.map { ($0, 1) }) { $0 + $1 }
      if let top = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
        counts.values.count(where: { $0 == top.value }) == 1
      {
        out[key] = .choice(top.key)
      }
    }
    return out
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .choice(let c) = answer else { return asItIs(answer) }
    return AnswerBrief(CandidateChoice.shown(c, options: options, order: order) ?? c, .firm)
  }
}
