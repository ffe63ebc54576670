import Codecs

/// A team working one store: who, how many see each task, the share of gold tasks.
///
/// Written in `rubric.toml` as `[team]`; every clone computes the same queues
/// from it and the task ids, so no shared file says who does what.
public struct Team: Sendable, Hashable {
  public var annotators: [String]
  /// How many annotators see each task.
  public var overlap: Int
  /// The share of each queue that is gold tasks (0 to below 1).
  public var gold: Double
  /// Changes every assignment at once (a new batch, a new shuffle).
  public var seed: Int

  public init(annotators: [String], overlap: Int = 1, gold: Double = 0, seed: Int = 0) {
    self.annotators = annotators
    self.overlap = overlap
    self.gold = gold
    self.seed = seed
  }
}

extension StoreConfig.Reader {
  /// Reads `[team]`; errors name the line and the key.
  func team(_ t: TOMLTable) throws(LineError) -> Team {
    let p = "team."
    try rejectUnknown(t, known: ["annotators", "overlap", "gold", "seed"], prefix: p)
    guard let names = try strings(t, "annotators", prefix: p), !names.isEmpty else {
      throw error(
        t["annotators"], t, p + "annotators", "a team needs annotators = [\"alice\", \"bob\"]")
    }
    if let bad = names.first(where: { !Store.isSafeName($0) }) {
      throw error(
        t["annotators"], t, p + "annotators",
        "\"\(bad)\" cannot be a file name (letters, digits, . _ - only)")
    }
    if Set(names).count != names.count {
      throw error(t["annotators"], t, p + "annotators", "each annotator may be listed once")
    }
    let overlap = try int(t, "overlap", prefix: p) ?? 1
    guard overlap >= 1 && overlap <= names.count else {
      throw error(
        t["overlap"], t, p + "overlap",
        "overlap is how many annotators see each task: 1 to \(names.count)")
    }
    var gold = 0.0
    if let v = t["gold"] {
      switch v.kind {
      case .float(let d): gold = d
      case .integer(let i): gold = Double(i)
      default: throw error(v, t, p + "gold", "expected a share such as 0.05, found \(v.typeName)")
      }
      guard gold >= 0 && gold < 1 else {
        throw error(v, t, p + "gold", "the gold share is at least 0 and below 1")
      }
    }
    return Team(
      annotators: names, overlap: overlap, gold: gold, seed: try int(t, "seed", prefix: p) ?? 0)
  }
}
