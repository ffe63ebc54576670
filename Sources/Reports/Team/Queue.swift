import TaskStore

/// Each annotator's tasks: a pure function of the team and the task ids.
///
/// A regular task goes to the `overlap` annotators with the highest score
/// `hash(seed, annotator, task)` (rendezvous hashing), so a new annotator takes
/// over only the tasks where they score in the top `overlap`, and nobody else's
/// queue changes otherwise. Gold tasks are added to every queue at the team's
/// share: each annotator gets the gold tasks they score lowest on, placed among
/// their regular tasks at positions their hashes pick.
public enum Queue {
  /// A stable 64-bit hash (FNV-1a, then a SplitMix64 finaliser): the same on every machine.
  static func score(_ seed: Int, _ parts: String...) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bitPattern: Int64(seed))
    for (i, part) in parts.enumerated() {
      if i > 0 { h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3 }
      for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    }
    h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
    h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
    return h ^ (h >> 31)
  }

  /// The annotators a regular task goes to, best score first.
  public static func assignees(of task: String, team: Team) -> [String] {
    let ranked = team.annotators.map { ($0, score(team.seed, $0, task)) }.sorted {
      $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0)
    }
    return ranked.prefix(team.overlap).map(\.0)
  }

  /// One annotator's queue: positions into `tasks` (store order), gold tasks mixed in.
  /// `tasks` gives each task's id and whether it is a gold task.
  public static func positions(for annotator: String, team: Team, tasks: [(id: String, gold: Bool)])
    -> [Int]
  {
    guard team.annotators.contains(annotator) else { return [] }
    var regular: [Int] = []
    var gold: [(Int, UInt64)] = []
    for (i, t) in tasks.enumerated() {
      if t.gold {
        gold.append((i, score(team.seed, "gold", annotator, t.id)))
      } else if assignees(of: t.id, team: team).contains(annotator) {
        regular.append(i)
      }
    }
    // Gold makes up `share` of the whole queue: g / (r + g) = share.
    let wanted =
      team.gold > 0 ? Int((team.gold / (1 - team.gold) * Double(regular.count)).rounded()) : 0
    let chosen = gold.sorted { $0.1 < $1.1 }.prefix(min(wanted, gold.count))
    guard !chosen.isEmpty else { return regular }
    // Each gold task goes after the regular task its hash picks, so nothing marks it.
    var slots: [Int: [Int]] = [:]
    for (i, h) in chosen {
      let slot = regular.isEmpty ? 0 : Int(h % UInt64(regular.count + 1))
      slots[slot, default: []].append(i)
    }
    var out: [Int] = []
    for k in 0...regular.count {
      out += slots[k] ?? []
      if k < regular.count { out.append(regular[k]) }
    }
    return out
  }
}
