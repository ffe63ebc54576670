/// An edited copy of a candidate (`kind = "rewrite"`); one per candidate unless the form
/// file says otherwise.
public struct RewriteKind: QuestionKindSpec {
  public static let name = "rewrite"
  public static let fileKeys: [String] = []
  public static var defaultScope: Scope { .candidate }

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind { .rewrite }

  public var isTextual: Bool { true }
  public var agreement: AgreementMeasure { .none }
  public var keys: AnswerKeys { .rewritten }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .text(let t) = answer else { return mismatch() }
    if !t.contains(where: { !$0.isWhitespace }) { return "the rewrite is empty" }
    if let id = c.candidate, let candidate = c.task.candidate(id), candidate.messages.count == 1,
      candidate.messages[0].content.utf8.count == t.utf8.count,
      candidate.messages[0].content == t
    {
      return "the rewrite is unchanged"
    }
    return nil
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .text(let t) = answer else { return asItIs(answer) }
    return AnswerBrief("rewritten (\(WordCount.label(WordCount.words(t))))", .changed)
  }
}
