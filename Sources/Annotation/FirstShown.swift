/// Position bias: how often the candidate shown first (as A) is the one an answer
/// puts first. One definition, used by `rubric stats`, `rubric agreement` and the
/// lead's report alike.
extension Annotation {
  /// The single candidate the answer puts first: by the form's ranking question,
  /// else its first preference question; nil with a tie at the top, "none
  /// acceptable", or no such question answered.
  public func best(form: Form) -> String? {
    guard let q = form.rankingQuestion ?? form.preferenceQuestions.first else { return nil }
    // A ranking's single best, found without copying its ranks (a store checks a million).
    if case .ranking(let ranking)? = answers[q.id] {
      guard !ranking.noneAcceptable else { return nil }
      var best: (id: String, rank: Int, alone: Bool)?
      for (id, rank) in ranking.ranks {
        if let b = best, rank >= b.rank {
          if rank == b.rank { best?.alone = false }
        } else {
          best = (id, rank, true)
        }
      }
      return best.flatMap { $0.alone ? $0.id : nil }
    }
    let r = ranks(for: q, candidates: orderShown)
    guard let top = r.values.min() else { return nil }
    let firsts = r.filter { $0.value == top }
    return firsts.count == 1 ? firsts.first?.key : nil
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
