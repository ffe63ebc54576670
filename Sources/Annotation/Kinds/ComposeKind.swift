/// A new message: a prompt or an ideal reply (`kind = "compose"`).
public struct ComposeKind: QuestionKindSpec {
  public static let name = "compose"
  public static let fileKeys: [String] = []

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind { .compose }

  public var isTextual: Bool { true }
  public var agreement: AgreementMeasure { .none }
  public var keys: AnswerKeys { .written }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .text(let t) = answer else { return mismatch() }
    return t.contains(where: { !$0.isWhitespace }) ? nil : "write the message"
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .text(let t) = answer else { return asItIs(answer) }
    return t.isEmpty ? nil : AnswerBrief(t, .plain)
  }
}
