import Agreement
import Annotation
import Reports

/// Confidence intervals by resampling units with replacement (a percentile
/// bootstrap), seeded so the same store always gives the same page.
public enum Bootstrap {
  /// The 95% interval of pairwise agreement (ties counted) over units.
  public static func pairwise(
    _ units: [Statistics.Pairwise], resamples: Int = 1_000, seed: UInt64 = 1
  )
    -> ClosedRange<Double>?
  {
    guard units.count >= 2 else { return nil }
    let draws = units.count
    let values = onAllCores(Array(0..<resamples)) { r -> Double? in
      var g = generator(seed: seed, resample: r, draws: draws)
      var agree = 0
      var total = 0
      for _ in 0..<draws {
        let u = units[Int(g.next() % UInt64(draws))]
        agree += u.agree
        total += u.total
      }
      return total > 0 ? Double(agree) / Double(total) : nil
    }
    return percentiles(values.compactMap { $0 })
  }

  /// The 95% interval of Krippendorff's α over units: 200 resamples, fewer over
  /// many values (α is dearer), and none when fewer than 50 fit in the budget.
  public static func alpha(
    _ units: [[Double]], level: Statistics.Level, budget: Int = 40_000_000, seed: UInt64 = 1
  )
    -> ClosedRange<Double>?
  {
    let values = units.reduce(0) { $0 + $1.count }
    let resamples = min(200, budget / max(1, values))
    guard units.count >= 2, resamples >= 50 else { return nil }
    // Each unit's pairs are counted once, against one placing of every value; a
    // resample adds the pairs of the units it draws. The values a resample lacks
    // are rows of zeros, which change no sum.
    var table = Statistics.Coincidences()
    var pairs: [[Statistics.Coincidences.Pair]] = []
    pairs.reserveCapacity(units.count)
    for unit in units {
      guard let p = table.pairs(of: unit) else { return nil }
      pairs.append(p)
    }
    let empty = table.withoutPairs()
    let unitPairs = pairs
    let draws = units.count
    let alphas = onAllCores(Array(0..<resamples)) { r -> Double? in
      var g = generator(seed: seed, resample: r, draws: draws)
      var sample = empty
      for _ in 0..<draws { sample.add(unitPairs[Int(g.next() % UInt64(draws))]) }
      return sample.alpha(level: level).flatMap { $0.isFinite ? $0 : nil }
    }
    return percentiles(alphas.compactMap { $0 })
  }

  /// The random source of resample `r`: numbers r·draws ..< (r+1)·draws of the
  /// seed's one SplitMix64 sequence (each number adds the same constant to its
  /// state), so resamples run on all cores and give what drawing them in turn gives.
  static func generator(seed: UInt64, resample r: Int, draws: Int) -> SplitMix64 {
    SplitMix64(seed: seed &+ UInt64(r) &* UInt64(draws) &* 0x9E37_79B9_7F4A_7C15)
  }

  static func percentiles(_ values: [Double]) -> ClosedRange<Double>? {
    guard values.count >= 20 else { return nil }
    let s = values.sorted()
    let lo = s[Int(Double(s.count - 1) * 0.025)]
    let hi = s[Int((Double(s.count - 1) * 0.975).rounded(.up))]
    return lo...hi
  }
}
