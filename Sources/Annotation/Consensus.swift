/// One answer per task from several annotators' answers, by a stated rule.
///
/// Each kind merges as its specification says (`QuestionKindSpec.merge`): rankings by
/// the rule, preferences and choices by majority, ratings by the median, labels each by
/// majority; text answers (rationales, rewrites) and turns are not merged.
public enum Consensus {
  /// How rankings are merged.
  public enum Rule: String, Sendable, CaseIterable {
    /// Tideman's ranked pairs: lock the pairwise majorities, largest first, skipping cycles.
    case rankedPairs = "ranked-pairs"
    /// Order by the mean rank.
    case meanRank = "mean-rank"
    /// Order by pairwise majority wins minus losses (Copeland).
    case majority
  }

  /// The merged annotation ("consensus" as its annotator), or nil with no submitted answer.
  public static func merge(_ answers: [Annotation], form: Form, candidates: [String], rule: Rule)
    -> Annotation?
  {
    // By place: iterating annotations copies each (a retain per field).
    let all = answers.indices.allSatisfy { answers[$0].status == .submitted }
    let submitted = all ? answers : answers.filter { $0.status == .submitted }
    guard !submitted.isEmpty else { return nil }
    var out = Annotation(
      taskId: submitted[0].taskId, annotator: "consensus", status: .submitted,
      orderShown: candidates)
    out.activeMs = submitted.indices.reduce(0) { $0 + submitted[$1].activeMs }
    for q in form.questions {
      for (key, answer) in q.kind.spec.merge(submitted, q, candidates: candidates, rule: rule) {
        out[key] = answer
      }
    }
    return out
  }

  /// Each answer key of a question (one per candidate, in `candidates`' order, when it
  /// asks per candidate) with each annotation's answer to it, nil where it gave none, in
  /// the annotations' order. Each annotation's answers to the question are looked up
  /// once, not once per key: the consensus export and the agreement report read a million.
  public static func answersByKey(
    _ annotations: [Annotation], _ q: Question, _ candidates: [String]
  ) -> [(key: AnswerKey, answers: [Answer?])] {
    // By place, not `map` over the annotations, which copies each (a retain per field).
    guard q.scope == .candidate else {
      return [(AnswerKey(q.id), annotations.indices.map { annotations[$0].answers[q.id] })]
    }
    // Each annotation's answers in `candidates`' order. A team answers alike, and
    // answers read through the digests share their maps, so a map equal to one of
    // the last few looked up (for a shared map, one reference compared) reuses its row.
    var recent = RecentResults<[String: Answer], [Answer?]>(matching: { $0.sharesStorage(with: $1) }
    )
    let rows = annotations.indices.map { k -> [Answer?]? in
      guard let map = annotations[k].candidateAnswers[q.id] else { return nil }
      return recent.value(for: map) { candidates.map { map[$0] } }
    }
    return candidates.indices.map { i in
      (AnswerKey(q.id, candidate: candidates[i]), rows.map { $0?[i] })
    }
  }

  /// The median of some values (0 for none).
  public static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  /// Merged tiers (best first) from rank maps (1 = best; candidates left out are unranked).
  public static func order(_ rankings: [[String: Double]], _ candidates: [String], _ rule: Rule)
    -> [[String]]
  {
    order(lists: rankings.map { r in candidates.map { r[$0] } }, candidates, rule)
  }

  /// The same, from each answer's ranks by candidate place (nil: not ranked), as
  /// `rankList` gives them: no dictionary per answer.
  public static func order(lists: [[Double?]], _ candidates: [String], _ rule: Rule) -> [[String]] {
    let n = candidates.count
    let lists = lists.filter { $0.count == n }
    // margin[i][j]: how many more annotators put candidate i before candidate j than
    // j before i (0 on the diagonal).
    var margin = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
    for ranks in lists {
      for i in 0..<n {
        guard let rx = ranks[i] else { continue }
        for j in 0..<n where j != i {
          guard let ry = ranks[j] else { continue }
          if rx < ry { margin[i][j] += 1 } else if ry < rx { margin[i][j] -= 1 }
        }
      }
    }
    let ranked = (0..<n).map { i in lists.contains { $0[i] != nil } }
    // Tiers by a score per candidate place, lowest first, each in candidate order.
    func tiers(by score: [Double?]) -> [[String]] {
      Set(score.compactMap { $0 }).sorted().map { v in
        (0..<n).filter { score[$0] == v }.map { candidates[$0] }
      }
    }
    switch rule {
    case .meanRank:
      return tiers(
        by: (0..<n).map { i in
          let rs = lists.compactMap { $0[i] }
          return rs.isEmpty ? nil : rs.reduce(0, +) / Double(rs.count)
        })
    case .majority:
      return tiers(
        by: (0..<n).map { i in
          ranked[i] ? -Double(margin[i].count { $0 > 0 } - margin[i].count { $0 < 0 }) : nil
        })
    case .rankedPairs:
      var pairs: [(Int, Int, Int)] = []
      for i in 0..<n {
        for j in 0..<n where margin[i][j] > 0 { pairs.append((i, j, margin[i][j])) }
      }
      // Largest majority first; equal ones in candidate order, so the result is stable.
      pairs.sort { ($0.2, -$0.0, -$0.1) > ($1.2, -$1.0, -$1.1) }
      var beats = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
      func reaches(_ from: Int, _ to: Int) -> Bool {
        var stack = [from]
        var seen = [Bool](repeating: false, count: n)
        while let k = stack.popLast() {
          if k == to { return true }
          guard !seen[k] else { continue }
          seen[k] = true
          stack.append(contentsOf: (0..<n).filter { beats[k][$0] })
        }
        return false
      }
      for (i, j, _) in pairs where !reaches(j, i) { beats[i][j] = true }
      // Tiers: those nobody left beats, then the next.
      var left = (0..<n).filter { ranked[$0] }
      var out: [[String]] = []
      while !left.isEmpty {
        let tier = left.filter { c in !left.contains { $0 != c && beats[$0][c] } }
        guard !tier.isEmpty else { break }
        out.append(tier.map { candidates[$0] })
        left.removeAll { tier.contains($0) }
      }
      return out
    }
  }

  /// Pairwise agreement among the answers to a ranking or preference question: the
  /// share of (annotator pair, candidate pair) judgements that agree, ties counted.
  public static func agreement(_ rankings: [[String: Double]], _ candidates: [String]) -> Double? {
    agreement(lists: rankings.map { r in candidates.map { r[$0] } })
  }

  /// The same, from each answer's ranks by candidate place (nil: not ranked).
  public static func agreement(lists ranks: [[Double?]]) -> Double? {
    // Two annotators agree on a pair of candidates when both put it in the same
    // order (before, tied, after). Counting each order once per pair of candidates
    // gives the same shares as comparing every pair of annotators, in n, not n².
    let width = ranks.lazy.map(\.count).min() ?? 0
    var agree = 0
    var total = 0
    for a in 0..<width {
      for b in (a + 1)..<width {
        var before = 0
        var tied = 0
        var after = 0
        for r in ranks {
          guard let x = r[a], let y = r[b] else { continue }
          if x < y { before += 1 } else if x == y { tied += 1 } else { after += 1 }
        }
        let n = before + tied + after
        total += n * (n - 1) / 2
        agree += (before * (before - 1) + tied * (tied - 1) + after * (after - 1)) / 2
      }
    }
    return total == 0 ? nil : Double(agree) / Double(total)
  }
}

extension Consensus {
  /// Each answer's `rankList` on `q`. A ranking equal to one of the last four met (for
  /// rankings the digest's memo shares, one reference compared) reuses its list.
  public static func rankLists(_ answers: [Annotation], _ q: Question, _ candidates: [String])
    -> [[Double?]]
  {
    var recent = RecentResults<Ranking, [Double?]>(matching: Ranking.sameStorage)
    return answers.indices.map { k in
      guard case .ranking(let r)? = answers[k].answers[q.id] else {
        return answers[k].rankList(for: q, candidates: candidates)
      }
      return recent.value(for: r) { answers[k].rankList(for: q, candidates: candidates) }
    }
  }
}

extension Annotation {
  /// `ranks(for:candidates:)` as a list in the candidates' order (nil: not ranked),
  /// read from a ranking without building a dictionary first.
  public func rankList(for q: Question, candidates: [String]) -> [Double?] {
    if case .ranking(let r)? = answers[q.id] {
      guard !r.noneAcceptable else { return Array(repeating: nil, count: candidates.count) }
      return r.rankList(candidates)
    }
    let r = ranks(for: q, candidates: candidates)
    return candidates.map { r[$0] }
  }

  /// Ranks by candidate id (1 = best) from a ranking or a preference answer: the
  /// winner 1 and the other 2, both 1 for "about the same". Empty for no answer
  /// or "none acceptable", which order nothing.
  public func ranks(for q: Question, candidates: [String]) -> [String: Double] {
    switch answers[q.id] {
    case .ranking(let r)?:
      return r.noneAcceptable ? [:] : r.ranks.mapValues(Double.init)
    case .preference(let p)?:
      let ids = orderShown.isEmpty ? candidates : orderShown
      guard ids.count == 2 else { return [:] }
      guard let w = p.winner, let l = p.loser(order: ids) else { return [ids[0]: 1, ids[1]: 1] }
      return [w: 1, l: 2]
    default:
      return [:]
    }
  }
}
