/// Position bias: how often the candidate shown first (as A) is the one an answer
/// puts first. One definition, used by `rubric stats`, `rubric agreement` and the
/// lead's report alike.
extension Annotation {
  /// The single candidate the answer puts first: by the form's ranking question,
  /// else its first preference question; nil with a tie at the top, "none
  /// acceptable", or no such question answered.
  public func best(form: Form) -> String? {
    // A ranking's ranks are read where they are, the question found by its kept id
    // (a team's store checks a million answers).
    if let id = form.rankingQuestionID, case .ranking(let ranking)? = answers[id] {
      return ranking.noneAcceptable ? nil : Self.single(ranking.ranks)
    }
    guard let q = form.rankingQuestion ?? form.preferenceQuestions.first else { return nil }
    return Self.single(ranks(for: q, candidates: orderShown))
  }

  /// The one id with the lowest rank, or nil when there is none or it is shared.
  static func single<Rank: Comparable>(_ ranks: [String: Rank]) -> String? {
    var best: (id: String, rank: Rank, alone: Bool)?
    for (id, rank) in ranks {
      if let b = best, rank >= b.rank {
        if rank == b.rank { best?.alone = false }
      } else {
        best = (id, rank, true)
      }
    }
    return best.flatMap { $0.alone ? $0.id : nil }
  }

  /// Whether the candidate shown first won: nil when the answer is not submitted,
  /// fewer than two candidates were shown, or it has no single best.
  public func firstShownWon(form: Form) -> Bool? {
    guard status == .submitted, orderShown.count >= 2, let first = orderShown.first,
      let best = best(form: form)
    else { return nil }
    return best == first
  }
}
