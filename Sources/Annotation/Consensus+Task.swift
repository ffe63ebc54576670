extension Consensus {
  /// How far the answers to one task agree, from 0 to 1: the mean, over the form's
  /// questions that two or more answered, of the share of agreeing judgements.
  /// Rankings and preferences count candidate pairs (ties counted, as `agreement`);
  /// ratings, choices and labels count annotator pairs giving the same value.
  /// Text answers are not compared. Nil when nothing could be compared.
  public static func taskAgreement(_ answers: [Annotation], form: Form, candidates: [String])
    -> Double?
  {
    var shares: [Double] = []
    for q in form.questions {
      switch q.kind {
      case .ranking, .preference:
        let ranks = answers.map { $0.ranks(for: q, candidates: candidates) }.filter { !$0.isEmpty }
        if ranks.count >= 2, let a = agreement(ranks, candidates) { shares.append(a) }
      case .rating, .choice, .labels:
        var agree = 0
        var total = 0
        for key in keys(q, candidates) {
          let values = answers.compactMap { $0[key] }
          for i in 0..<values.count {
            for j in (i + 1)..<values.count {
              total += 1
              if values[i] == values[j] { agree += 1 }
            }
          }
        }
        if total > 0 { shares.append(Double(agree) / Double(total)) }
      case .text, .rewrite, .compose, .turn:
        // Text answers are not compared.
        break
      }
    }
    return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
  }
}
