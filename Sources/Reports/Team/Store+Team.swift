import Annotation
import Codecs
import Platform
import TaskStore

extension Store {
  /// Every task's id and whether it carries a gold answer, in store order (indexes first).
  ///
  /// A line is decoded only when its id could not be read from its head or when
  /// its bytes hold `"gold":`, which in JSON can only be a key.
  public func taskList() -> [(id: String, gold: Bool)] {
    indexNow()
    return Store.scanTasks(files).list
  }

  /// Every task's id and gold flag in order, and the gold tasks themselves, from indexed files.
  static func scanTasks(_ files: [TaskFile]) -> (
    list: [(id: String, gold: Bool)], gold: [String: ChatTask]
  ) {
    let marker = Array("\"gold\":".utf8)
    var list: [(id: String, gold: Bool)] = []
    var gold: [String: ChatTask] = [:]
    for f in files {
      for e in f.entries {
        let data = try? f.read(e)
        let mayBeGold = data.map { $0.contains(bytes: marker) } ?? false
        if e.id.isEmpty || mayBeGold, let d = data,
          let t = try? TaskCodec.decode(d, file: f.name, line: Int(e.line)).task
        {
          list.append((t.id, t.gold != nil))
          if t.gold != nil { gold[t.id] = t }
        } else {
          list.append((e.id, false))
        }
      }
    }
    return (list, gold)
  }

  /// The positions of an annotator's queue in store order, or nil when the store has no team.
  public func queue(for annotator: String) -> [Int]? {
    guard let team = config.team else { return nil }
    return Queue.positions(for: annotator, team: team, tasks: taskList())
  }
}

/// A task found in a store's index, to be read and decoded on any thread.
package struct LocatedTask: Sendable {
  package var id: String
  /// The task's position in store order.
  package var position: Int
  var file: TaskFile
  var entry: TaskEntry

  /// The task, read and decoded (nil when its line no longer holds one).
  package func task() -> ChatTask? {
    guard let data = try? file.read(entry) else { return nil }
    return try? TaskCodec.decode(data, file: file.name, line: Int(entry.line)).task
  }
}

extension LocatedTask {
  /// Where each of `ids` is in indexed task files (positions counted across them, in
  /// order), for those the files' index holds, in the order given.
  package static func locate(_ ids: [String], in files: [TaskFile]) -> [LocatedTask] {
    var bases: [Int] = []
    var base = 0
    for f in files {
      bases.append(base)
      base += f.count
    }
    return ids.compactMap { id in
      for (k, f) in files.enumerated() {
        guard let i = f.position(of: id) else { continue }
        guard let entry = f.entry(i) else { return nil }
        return LocatedTask(id: id, position: bases[k] + i, file: f, entry: entry)
      }
      return nil
    }
  }
}
