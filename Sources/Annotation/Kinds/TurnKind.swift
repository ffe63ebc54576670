/// One turn of the conversation, picked in triage (`kind = "turn"`).
public struct TurnKind: QuestionKindSpec {
  public static let name = "turn"
  public static let fileKeys: [String] = []

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind { .turn }

  public var agreement: AgreementMeasure { .none }
  public var keys: AnswerKeys { .turn }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .turn(let i) = answer else { return mismatch() }
    return c.task.context.indices.contains(i) ? nil : "turn \(i + 1) does not exist"
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .turn(let i) = answer else { return asItIs(answer) }
    return AnswerBrief("turn \(i + 1)", .firm)
  }
}
