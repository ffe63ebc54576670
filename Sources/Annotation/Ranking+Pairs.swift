/// One pairwise preference implied by a ranking.
public struct Preference: Sendable, Hashable, Codable {
  public var chosen: String
  public var rejected: String
  /// The rating gap between the two, when both were rated.
  public var margin: Double?

  public init(chosen: String, rejected: String, margin: Double? = nil) {
    self.chosen = chosen
    self.rejected = rejected
    self.margin = margin
  }
}

/// Which pairs a ranking yields.
public enum PairMode: String, Sendable, CaseIterable {
  /// Every pair from different tiers.
  case all
  /// Only pairs from neighbouring tiers.
  case adjacent
}

/// What happens to pairs when the annotator chose "none acceptable".
public enum NoneAcceptablePolicy: String, Sendable, CaseIterable {
  /// No pairs: a ranking among unacceptable answers is not a training signal.
  case drop
  /// Keep the pairs the tiers imply anyway.
  case keep
}

extension Ranking {
  /// The pairwise preferences this ranking implies.
  ///
  /// Candidates in one tier are tied and yield no pair. Unplaced candidates
  /// yield none either. The margin is the rating of the chosen minus the
  /// rating of the rejected, when `ratings` has both.
  public func pairs(
    mode: PairMode = .all, noneAcceptable policy: NoneAcceptablePolicy = .drop,
    ratings: [String: Int] = [:]
  ) -> [Preference] {
    if noneAcceptable && policy == .drop { return [] }
    let tiers = self.tiers
    var out: [Preference] = []
    for i in tiers.indices {
      let upper = mode == .adjacent ? min(i + 1, tiers.count - 1) : tiers.count - 1
      guard i + 1 <= upper else { continue }
      for j in (i + 1)...upper {
        for a in tiers[i] {
          for b in tiers[j] {
            var margin: Double?
            if let ra = ratings[a], let rb = ratings[b] { margin = Double(ra - rb) }
            out.append(Preference(chosen: a, rejected: b, margin: margin))
          }
        }
      }
    }
    return out
  }
}
