/// Agreement statistics, written from their definitions and checked against the
/// reference implementations (`krippendorff.alpha`, `scipy.stats.kendalltau`).
public enum Statistics {
  /// How Krippendorff's α measures the distance between two values.
  public enum Level: String, Sendable, CaseIterable {
    case nominal, ordinal, interval
  }

  /// Krippendorff's α over units, each the values its coders gave (missing ones left out).
  /// Units with fewer than two values cannot be paired and do not count. Nil when
  /// nothing can be paired or every value is the same (no expected disagreement).
  public static func alpha(_ units: [[Double]], level: Level) -> Double? {
    var coincidences = Coincidences()
    for unit in units { coincidences.add(unit) }
    return coincidences.alpha(level: level)
  }

  /// Krippendorff's α over units read one at a time: the coincidence matrix, not
  /// the units, is kept (a label over a month of a team's work is hundreds of
  /// thousands of units of 50 values each).
  public struct Coincidences: Sendable {
    /// The values met, in the order first met, and each one's place among them.
    private(set) var values: [Double] = []
    var place: [Double: Int] = [:]
    /// o[c][k] at `c * stride + k` (places in `values`): each ordered pair of values
    /// within a unit, weighted 1 / (m − 1). A flat table, grown as values arrive: a
    /// unit's pairs are added without hashing each one (the report's bootstrap adds
    /// tens of millions).
    var cells: [Double] = []
    var stride = 0

    /// Distinct values kept at most. A form's scale has at most 21 points and its
    /// choices a handful of options, so only a journal written to hurt has more: the
    /// table (`mostValues`² cells, 8 MB) stays bounded and α is not computed.
    static let mostValues = 1_024
    /// More distinct values than that were met.
    private(set) var overflowed = false

    /// No units yet.
    public init() {}

    /// The place of `value`, added (with its row and column) when it is new; nil past
    /// `mostValues` distinct values.
    mutating func placeOf(_ value: Double) -> Int? {
      if let p = place[value] { return p }
      guard values.count < Self.mostValues else {
        overflowed = true
        return nil
      }
      let p = values.count
      values.append(value)
      place[value] = p
      if values.count > stride {
        let wider = max(8, stride * 2)
        var grown = [Double](repeating: 0, count: wider * wider)
        for c in 0..<p {
          for k in 0..<p { grown[c * wider + k] = cells[c * stride + k] }
        }
        cells = grown
        stride = wider
      }
      return p
    }

    /// o[c][k] by values' places.
    func cell(_ c: Int, _ k: Int) -> Double { cells[c * stride + k] }

    /// Adds one unit: the values its coders gave. One of fewer than two values cannot be paired.
    public mutating func add(_ unit: [Double]) {
      guard let counted = counted(unit) else { return }
      Self.forEachPair(counted) { c, k, weight in cells[c * stride + k] += weight }
    }

    /// A unit's additions to the table, in the order `add` makes them: the places of
    /// its values (placed here) and the weight each pair adds. Nil past `mostValues`.
    public mutating func pairs(of unit: [Double]) -> [Pair]? {
      guard let counted = counted(unit) else { return nil }
      var out: [Pair] = []
      Self.forEachPair(counted) { out.append(Pair(c: $0, k: $1, weight: $2)) }
      return out
    }

    /// Adds a unit's pairs from `pairs(of:)` of a table that placed the same values
    /// in the same places (`withoutPairs()`): the same sums as adding the unit.
    public mutating func add(_ pairs: [Pair]) {
      for p in pairs { cells[p.c * stride + p.k] += p.weight }
    }

    /// One cell's addition: the places of two values, and the weight.
    public struct Pair: Sendable {
      let c: Int
      let k: Int
      let weight: Double
    }

    /// The same values in the same places, with no pairs: where a unit's `pairs(of:)`
    /// from this table can be added.
    public func withoutPairs() -> Coincidences {
      var empty = self
      empty.cells = Array(repeating: 0, count: cells.count)
      return empty
    }

    /// A unit's distinct values (placed) with how many coders gave each, and the
    /// weight of a pair, 1 / (m − 1); none for fewer than two values; nil past
    /// `mostValues`.
    mutating func counted(_ unit: [Double]) -> (values: [(place: Int, n: Double)], w: Double)? {
      guard unit.count >= 2 else { return ([], 0) }
      // From each value's count: n_c n_k pairs of c and k, n_c (n_c − 1) of c with itself
      // (50 coders make 2,450 pairs a unit; this is a handful of counts).
      var counts: [(value: Double, n: Double)] = []
      for a in unit {
        if let i = counts.firstIndex(where: { $0.value == a }) {
          counts[i].n += 1
        } else {
          counts.append((a, 1))
        }
      }
      var placed: [(place: Int, n: Double)] = []
      for (value, n) in counts {
        guard let p = placeOf(value) else { return nil }
        placed.append((p, n))
      }
      return (placed, 1.0 / Double(unit.count - 1))
    }

    /// Calls `body` with each cell a counted unit adds to and its weight.
    static func forEachPair(
      _ counted: (values: [(place: Int, n: Double)], w: Double), _ body: (Int, Int, Double) -> Void
    ) {
      for (i, (c, nc)) in counted.values.enumerated() {
        for (j, (k, nk)) in counted.values.enumerated() {
          body(c, k, (i == j ? nc * (nc - 1) : nc * nk) * counted.w)
        }
      }
    }

    /// Adds the pairs counted over other units.
    public mutating func merge(_ other: Coincidences) {
      var places: [Int] = []
      for value in other.values {
        guard let p = placeOf(value) else { return }
        places.append(p)
      }
      if other.overflowed { overflowed = true }
      for c in other.values.indices {
        for k in other.values.indices { cells[places[c] * stride + places[k]] += other.cell(c, k) }
      }
    }

    /// α at a level of measurement; nil when nothing was paired or every value is the same.
    public func alpha(level: Level) -> Double? {
      guard !overflowed else { return nil }
      // Every value of a paired unit is in `values`, in the order first met: sorted here.
      let order = self.values.indices.sorted { self.values[$0] < self.values[$1] }
      let values = order.map { self.values[$0] }
      guard !values.isEmpty else { return nil }
      let v = values.count
      let o = order.map { c in order.map { k in cell(c, k) } }
      let nc = o.map { $0.reduce(0, +) }
      let n = nc.reduce(0, +)
      guard n > 1 else { return nil }
      func delta(_ c: Int, _ k: Int) -> Double {
        switch level {
        case .nominal: return c == k ? 0 : 1
        case .interval: return (values[c] - values[k]) * (values[c] - values[k])
        case .ordinal:
          let (lo, hi) = (min(c, k), max(c, k))
          let d = nc[lo...hi].reduce(0, +) - (nc[c] + nc[k]) / 2
          return d * d
        }
      }
      var observed = 0.0
      var expected = 0.0
      for c in 0..<v {
        for k in 0..<v where c != k {
          let d = delta(c, k)
          observed += o[c][k] * d
          expected += nc[c] * nc[k] * d
        }
      }
      guard expected > 0 else { return nil }
      return 1 - (n - 1) * observed / expected
    }
  }

  /// Kendall's τ-b between two rankings of the same items (tied values are ties);
  /// nil when either ranking ties everything.
  public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count else { return nil }
    var counts = TauCounts(items: x.count)
    for i in x.indices {
      for j in (i + 1)..<x.count { counts.add(order(x[i], x[j]), order(y[i], y[j])) }
    }
    return counts.tauB
  }

  /// The pairs of `items` items two rankings order, counted for Kendall's τ-b: an
  /// agreement tally counts the same pairs and keeps these beside its own counts.
  public struct TauCounts: Sendable {
    public let items: Int
    var concordant = 0.0
    var discordant = 0.0
    var tiedX = 0.0
    var tiedY = 0.0

    public init(items: Int) { self.items = items }

    /// One pair as the first and the second ranking order it.
    @inline(__always) public mutating func add(_ x: Order, _ y: Order) {
      if x == .tie { tiedX += 1 }
      if y == .tie { tiedY += 1 }
      guard x != .tie, y != .tie else { return }
      if x == y { concordant += 1 } else { discordant += 1 }
    }

    /// τ-b; nil for fewer than two items or when either ranking ties everything.
    public var tauB: Double? {
      guard items >= 2 else { return nil }
      let n0 = Double(items * (items - 1) / 2)
      let denominator = ((n0 - tiedX) * (n0 - tiedY)).squareRoot()
      guard denominator > 0 else { return nil }
      return (concordant - discordant) / denominator
    }
  }

  /// How two annotators ordered one pair of candidates.
  public enum Order: Sendable, Equatable {
    case first, second, tie
  }

  /// How ranks `x` and `y` order their two candidates (1 is best).
  @inline(__always) public static func order(_ x: Double, _ y: Double) -> Order {
    x == y ? .tie : x < y ? .first : .second
  }

  /// Pairwise agreement: the share of judgements that agree, counting ties as a
  /// judgement (`withTies`) and leaving out every pair either annotator tied
  /// (`withoutTies`, MT-Bench's two settings); with how many judgements each is over.
  public struct Pairwise: Sendable, Equatable {
    public var agree = 0
    public var total = 0
    public var agreeNoTies = 0
    public var totalNoTies = 0

    public init() {}

    /// Adds one pair of judgements of the same candidate pair.
    public mutating func add(_ a: Order, _ b: Order) {
      total += 1
      if a == b { agree += 1 }
      guard a != .tie, b != .tie else { return }
      totalNoTies += 1
      if a == b { agreeNoTies += 1 }
    }

    /// Both counts together.
    public static func + (a: Pairwise, b: Pairwise) -> Pairwise {
      var out = a
      out.agree += b.agree
      out.total += b.total
      out.agreeNoTies += b.agreeNoTies
      out.totalNoTies += b.totalNoTies
      return out
    }

    public var withTies: Double? { total == 0 ? nil : Double(agree) / Double(total) }
    public var withoutTies: Double? {
      totalNoTies == 0 ? nil : Double(agreeNoTies) / Double(totalNoTies)
    }
  }
}
