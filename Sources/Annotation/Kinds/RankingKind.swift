/// Tiers of candidates, best first (`kind = "ranking"`).
public struct RankingKind: QuestionKindSpec {
  public var options: RankingOptions

  public static let name = "ranking"
  public static let fileKeys = ["allow_ties", "allow_partial", "allow_none_acceptable"]

  public static func refusal(of scope: Scope) -> String? {
    scope == .candidate ? "a ranking covers all candidates: its scope is task" : nil
  }

  public static func read<F: KindFields>(_ f: F) throws(F.Failure) -> QuestionKind {
    .ranking(
      RankingOptions(
        allowTies: try f.bool("allow_ties") ?? true,
        allowPartial: try f.bool("allow_partial") ?? false,
        allowNoneAcceptable: try f.bool("allow_none_acceptable") ?? false))
  }

  public var isOrdering: Bool { true }
  public var agreement: AgreementMeasure { .pairwise }
  public var keys: AnswerKeys { .ranks }

  public func problem(with answer: Answer, in c: AnswerContext) -> String? {
    guard case .ranking(let r) = answer else { return mismatch() }
    if r.noneAcceptable {
      return options.allowNoneAcceptable ? nil : "\"none acceptable\" is not allowed here"
    }
    if !options.allowPartial && c.order.contains(where: { r.rank(of: $0) == nil }) {
      let names = c.order.filter { r.rank(of: $0) == nil }.map {
        candidateLetter($0, order: c.order)
      }
      .joined(separator: ", ")
      return "rank every candidate (\(names) not ranked)"
    }
    if r.ranks.isEmpty { return "rank at least one candidate" }
    if !options.allowTies && Self.hasTies(r.ranks) { return "ties are not allowed" }
    return nil
  }

  /// Whether two candidates share a rank (small ranks as bits: no set made per answer).
  public static func hasTies(_ ranks: [String: Int]) -> Bool {
    var seen: UInt64 = 0
    for v in ranks.values {
      guard v >= 0 && v < 64 else { return Set(ranks.values).count < ranks.count }
      let bit: UInt64 = 1 << UInt64(v)
      if seen & bit != 0 { return true }
      seen |= bit
    }
    return false
  }

  /// "None acceptable" when most say so; otherwise the others' rankings merged by the rule.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] {
    let all = submitted.indices.compactMap { submitted[$0].answers[q.id]?.ranking }
    let rankings = all.filter { !$0.noneAcceptable }
    if all.count(where: \.noneAcceptable) * 2 > submitted.count {
      return [AnswerKey(q.id): .ranking(Ranking(noneAcceptable: true))]
    }
    guard !rankings.isEmpty else { return [:] }
    // A team's rankings repeat (and the digest shares equal ones): each list made once.
    var recent = RecentResults<Ranking, [Double?]>(matching: Ranking.sameStorage)
    let lists = rankings.map { r in
      recent.value(for: r) { r.rankList(candidates) }
    }
    let tiers = Consensus.order(lists: lists, candidates, rule)
    return [AnswerKey(q.id): .ranking(Ranking(tiers: tiers))]
  }

  public func priorAnswer(tiers: [[String]], candidates: [String]) -> Answer? {
    .ranking(Ranking(tiers: tiers))
  }

  public func brief(_ answer: Answer, order: [String]) -> AnswerBrief? {
    guard case .ranking(let r) = answer else { return asItIs(answer) }
    if r.noneAcceptable { return AnswerBrief("none acceptable", .alarm) }
    let tiers = r.tiers.map {
      $0.map { candidateLetter($0, order: order) }.sorted().joined(separator: " = ")
    }
    return AnswerBrief(tiers.joined(separator: " > "), .firm)
  }
}
