/// An integer on a scale `lo...hi`, with optional words per point (`kind = "rating"`).
public struct RatingKind: QuestionKindSpec {
  public var lo: Int
  public var hi: Int
  public var labels: [Int: String]

  public static let name = "rating"
  public static let fileKeys = ["min", "max", "labels"]

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    let lo = try f.int("min") ?? 1
    let hi = try f.int("max") ?? 5
    guard lo <= hi else {
      throw f.failure(["min", "max"], "the scale's low end (\(lo)) is above its high end (\(hi))")
    }
    guard hi - lo <= 20 else { throw f.failure(["max"], "a scale may have at most 21 points") }
    return .rating(lo: lo, hi: hi, labels: try f.pointLabels(lo: lo, hi: hi))
  }

  public var agreement: AgreementMeasure { .scale }
  public var keys: AnswerKeys { .scale(lo: lo, hi: hi) }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .rating(let v) = answer else { return mismatch() }
    return (lo...hi).contains(v) ? nil : "\(v) is outside \(lo)–\(hi)"
  }

  /// The median, rounded down, per answer key.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] {
    var out: [AnswerKey: Answer] = [:]
    for (key, answers) in Consensus.answersByKey(submitted, q, candidates) {
      let values = answers.compactMap { $0?.rating }.map(Double.init)
      if !values.isEmpty { out[key] = .rating(Int(Consensus.median(values).rounded(.down))) }
    }
    return out
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .rating(let v) = answer else { return asItIs(answer) }
    return AnswerBrief("\(v) of \(hi)" + (labels[v].map { " (\($0))" } ?? ""), .firm)
  }
}
