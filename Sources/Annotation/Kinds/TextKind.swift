import Platform

/// Free text such as a rationale, at least `minLength` characters when given (`kind = "text"`).
public struct TextKind: QuestionKindSpec {
  public var minLength: Int

  public static let name = "text"
  public static let fileKeys = ["min_length"]

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    let n = try f.int("min_length") ?? 0
    guard n >= 0 else { throw f.failure(["min_length"], "must be 0 or more") }
    return .text(minLength: n)
  }

  public var isTextual: Bool { true }
  public var agreement: AgreementMeasure { .none }
  public var keys: AnswerKeys { .written }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .text(let t) = answer else { return mismatch() }
    let need = max(minLength, 1)
    // Long answers pass without counting (this runs on every frame).
    if t.utf8.count > need * 4 + 64, t.contains(where: { !$0.isWhitespace }) { return nil }
    let n = t.trimmingWhitespace().count
    return n >= need ? nil : "write at least \(need) characters (\(n) so far)"
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .text(let t) = answer else { return asItIs(answer) }
    return t.isEmpty ? nil : AnswerBrief(t, .plain)
  }
}
