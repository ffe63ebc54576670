/// A pairwise preference: which candidate won, and by how much, in one answer.
///
/// On a scale of `points` (odd), point 1 is "A much better", the middle point
/// "about the same" and the last "B much better", A and B being the candidates in
/// the order shown. The answer stores the winner's id, so it survives any order.
public struct PreferenceAnswer: Sendable, Hashable, Codable {
  /// The better candidate's id; nil for "about the same".
  public var winner: String?
  /// How much better: 0 for a tie, up to (points - 1) / 2.
  public var strength: Int

  public init(winner: String?, strength: Int) {
    self.winner = strength == 0 ? nil : winner
    self.strength = winner == nil ? 0 : max(0, strength)
  }

  /// The answer a point of the scale gives, for two candidates shown in `order`.
  public init?(point: Int, points: Int, order: [String]) {
    guard order.count == 2, points >= 3, points % 2 == 1, (1...points).contains(point) else {
      return nil
    }
    let middle = (points + 1) / 2
    if point == middle {
      self.init(winner: nil, strength: 0)
    } else {
      self.init(winner: point < middle ? order[0] : order[1], strength: abs(point - middle))
    }
  }

  /// The point of the scale this answer is, for candidates shown in `order`; nil when it names neither.
  public func point(points: Int, order: [String]) -> Int? {
    let middle = (points + 1) / 2
    guard let w = winner else { return middle }
    guard order.count == 2, strength <= middle - 1 else { return nil }
    if w == order[0] { return middle - strength }
    if w == order[1] { return middle + strength }
    return nil
  }

  /// The loser of the two candidates in `order`, when there is a winner.
  public func loser(order: [String]) -> String? {
    guard let w = winner else { return nil }
    return order.first { $0 != w }
  }

  /// The default label of each point: "A much better" … "About the same" … "B much better".
  public static func defaultLabels(points: Int) -> [Int: String] {
    let middle = (points + 1) / 2
    let degrees: [String]
    switch middle - 1 {
    case 1: degrees = ["better"]
    case 2: degrees = ["slightly better", "much better"]
    case 3: degrees = ["slightly better", "better", "much better"]
    default: degrees = (1..<middle).map { "better by \($0)" }
    }
    var out: [Int: String] = [middle: "About the same"]
    for k in 1..<middle {
      out[middle - k] = "A \(degrees[k - 1])"
      out[middle + k] = "B \(degrees[k - 1])"
    }
    return out
  }
}
