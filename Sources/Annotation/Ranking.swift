/// A ranking of candidates in tiers, best first; candidates in one tier are tied.
///
/// Kept as the rank number each candidate was put at, so "put A at 1, B at 1"
/// ties them and "put C at 3" with no 2 still places C after them. Tiers are
/// derived. Candidates are always named by id, never by screen position.
public struct Ranking: Sendable, Hashable, Codable {
  /// The rank each placed candidate was put at (1 is best).
  public private(set) var ranks: [String: Int]
  /// The annotator judged no candidate acceptable.
  public var noneAcceptable: Bool

  public init(ranks: [String: Int] = [:], noneAcceptable: Bool = false) {
    self.ranks = ranks.filter { $0.value > 0 }
    self.noneAcceptable = noneAcceptable
  }

  /// Builds a ranking from tiers, best first.
  public init(tiers: [[String]], noneAcceptable: Bool = false) {
    var ranks: [String: Int] = [:]
    for (i, tier) in tiers.enumerated() {
      for id in tier { ranks[id] = i + 1 }
    }
    self.init(ranks: ranks, noneAcceptable: noneAcceptable)
  }

  /// Each candidate's rank in `candidates`' order (nil: not ranked), as agreement and
  /// the consensus count them.
  public func rankList(_ candidates: [String]) -> [Double?] {
    candidates.map { ranks[$0].map(Double.init) }
  }

  /// Tiers of candidate ids, best first; ids inside a tier are sorted.
  public var tiers: [[String]] {
    let byRank = Dictionary(grouping: ranks.keys, by: { ranks[$0] ?? 0 })
    return byRank.keys.sorted().map { (byRank[$0] ?? []).sorted() }
  }

  /// Whether nothing is placed and none-acceptable is not chosen.
  public var isEmpty: Bool { ranks.isEmpty && !noneAcceptable }

  /// The rank a candidate was put at, if placed.
  public func rank(of id: String) -> Int? { ranks[id] }

  /// The 1-based tier a candidate falls in, if placed.
  public func tier(of id: String) -> Int? {
    guard let r = ranks[id] else { return nil }
    return Set(ranks.values.filter { $0 < r }).count + 1
  }

  /// A copy with `id` put at `rank` (0 removes it).
  public func placing(_ id: String, at rank: Int) -> Ranking {
    var copy = self
    if rank <= 0 {
      copy.ranks[id] = nil
    } else {
      copy.ranks[id] = rank
    }
    return copy
  }

  /// The ids in the best tier.
  public var top: [String] {
    guard let best = ranks.values.min() else { return [] }
    return ranks.filter { $0.value == best }.keys.sorted()
  }

  enum CodingKeys: String, CodingKey {
    case tiers, ranks
    case noneAcceptable = "none_acceptable"
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let none = try c.decodeIfPresent(Bool.self, forKey: .noneAcceptable) ?? false
    if let ranks = try c.decodeIfPresent([String: Int].self, forKey: .ranks) {
      self.init(ranks: ranks, noneAcceptable: none)
    } else {
      let tiers = try c.decodeIfPresent([[String]].self, forKey: .tiers) ?? []
      self.init(tiers: tiers, noneAcceptable: none)
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tiers, forKey: .tiers)
    try c.encode(ranks, forKey: .ranks)
    try c.encode(noneAcceptable, forKey: .noneAcceptable)
  }
}
