/// Which of two candidates is better and by how much, on an odd scale of `points`
/// (`kind = "preference"`); the middle point is "about the same".
public struct PreferenceKind: QuestionKindSpec {
  public var points: Int
  /// Each point's words; points the form file leaves out read as the defaults.
  public var labels: [Int: String]

  public static let name = "preference"
  public static let fileKeys = ["points", "labels"]

  public static func refusal(of scope: Scope) -> String? {
    scope == .candidate ? "a preference compares the two candidates: its scope is task" : nil
  }

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    let points = try f.int("points") ?? 5
    guard points >= 3, points <= 9, points % 2 == 1 else {
      throw f.failure(
        ["points"],
        "a preference scale has an odd number of points from 3 to 9 (the middle one is \"about the same\")"
      )
    }
    var labels = PreferenceAnswer.defaultLabels(points: points)
    for (n, label) in try f.pointLabels(lo: 1, hi: points) { labels[n] = label }
    return .preference(points: points, labels: labels)
  }

  public var isOrdering: Bool { true }
  public var agreement: AgreementMeasure { .pairwise }
  public var keys: AnswerKeys { .preference(points: points) }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .preference(let p) = answer else { return mismatch() }
    guard c.order.count == 2 else {
      return "compares two candidates; this task has \(c.order.count)"
    }
    return p.point(points: points, order: c.order) == nil
      ? "names a candidate that is not shown" : nil
  }

  /// The winner by majority (a tie when neither has more), its strength the median of its voters'.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] {
    let prefs = submitted.indices.compactMap { submitted[$0].answers[q.id]?.preference }
    guard !prefs.isEmpty, candidates.count == 2 else { return [:] }
    let a = prefs.filter { $0.winner == candidates[0] }
    let b = prefs.filter { $0.winner == candidates[1] }
    let winner = a.count > b.count ? candidates[0] : b.count > a.count ? candidates[1] : nil
    let voters = winner == candidates[0] ? a : b
    let strength =
      winner == nil ? 0 : Int(Consensus.median(voters.map { Double($0.strength) }).rounded())
    return [
      AnswerKey(q.id): .preference(
        PreferenceAnswer(winner: winner, strength: min(strength, (points - 1) / 2)))
    ]
  }

  /// The prior's first tier wins by one point; a single tier is "about the same".
  public func priorAnswer(tiers: [[String]], candidates: [String]) -> Answer? {
    guard candidates.count == 2 else { return nil }
    return .preference(
      PreferenceAnswer(
        winner: tiers.count >= 2 ? tiers[0].first : nil, strength: tiers.count >= 2 ? 1 : 0))
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .preference(let p) = answer else { return asItIs(answer) }
    let point = p.point(points: points, order: order)
    let words = point.flatMap { labels[$0] ?? PreferenceAnswer.defaultLabels(points: points)[$0] }
    return AnswerBrief(words ?? "?", .firm)
  }
}
