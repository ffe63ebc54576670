import Annotation
import Foundation

extension Store {
  /// Every task's id and whether it carries a gold answer, in store order (indexes first).
  ///
  /// A line is decoded only when its id could not be read from its head or when
  /// its bytes hold `"gold":`, which in JSON can only be a key.
  public func taskList() -> [(id: String, gold: Bool)] {
    indexNow()
    let marker = Data("\"gold\":".utf8)
    var out: [(id: String, gold: Bool)] = []
    out.reserveCapacity(count)
    for f in files {
      for e in f.entries {
        let data = try? f.read(e)
        let mayBeGold = data.map { $0.range(of: marker) != nil } ?? false
        if e.id.isEmpty || mayBeGold, let t = try? task(f, e) {
          out.append((t.task.id, t.task.gold != nil))
        } else {
          out.append((e.id, false))
        }
      }
    }
    return out
  }

  /// The positions of an annotator's queue in store order, or nil when the store has no team.
  public func queue(for annotator: String) -> [Int]? {
    guard let team = config.team else { return nil }
    return Queue.positions(for: annotator, team: team, tasks: taskList())
  }
}
