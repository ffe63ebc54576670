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
      switch q.kind.agreement {
      case .pairwise:
        // Answers that rank none of the candidates count no pair (as if left out).
        if let a = agreement(lists: rankLists(answers, q, candidates)) { shares.append(a) }
      case .scale, .nominal, .perLabel:
        var agree = 0
        var total = 0
        for (_, answered) in answersByKey(answers, q, candidates) {
          let given = answered.compactMap { $0 }
          // Pairs of annotators that gave the same value, counted per distinct value.
          var groups: [(value: Answer, count: Int)] = []
          for v in given {
            if let g = groups.firstIndex(where: { $0.value == v }) {
              groups[g].count += 1
            } else {
              groups.append((v, 1))
            }
          }
          total += given.count * (given.count - 1) / 2
          agree += groups.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
        }
        if total > 0 { shares.append(Double(agree) / Double(total)) }
      case .none:
        // Text answers are not compared.
        break
      }
    }
    return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
  }
}
