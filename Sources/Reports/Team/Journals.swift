import Platform
import TaskStore

extension Journal {
  /// Every annotator's journal, read on all cores (a team's store has dozens).
  /// The first error stops nothing else but is thrown at the end.
  public static func contents(ofAll journals: [String: URL]) throws -> [String: JournalContents] {
    let list = Array(journals)
    let box = ResultsBox<JournalContents>(count: list.count)
    DispatchQueue.concurrentPerform(iterations: list.count) { i in
      box.set(i, Result { try Journal.contents(of: list[i].value, annotator: list[i].key) })
    }
    var out: [String: JournalContents] = [:]
    for (i, (who, _)) in list.enumerated() { out[who] = try box.get(i).get() }
    return out
  }
}

/// Results written by concurrent workers, each to its own slot.
final class ResultsBox<T>: @unchecked Sendable {
  private let lock = Lock()
  private var slots: [Result<T, any Error>?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: Result<T, any Error>) { lock.withLock { slots[i] = r } }
  func get(_ i: Int) -> Result<T, any Error> {
    lock.withLock { slots[i] } ?? .failure(StoreError.invalid("journal \(i) was not read"))
  }
}

/// `transform` over `items` on all cores, in contiguous chunks; the results in the
/// items' order. A team's store checks or compares tens of thousands of tasks after
/// its journals are read, and each task's work is independent of the others'.
package func onAllCores<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R)
  -> [R]
{
  onAllCores(chunksOf: items) { $0.map(transform) }.flatMap { $0 }
}

/// `fold` over contiguous chunks of `items` on all cores, one result per chunk, in
/// the items' order: for work that sums as it goes rather than keeping one result per item.
package func onAllCores<T: Sendable, R: Sendable>(
  chunksOf items: [T], _ fold: @Sendable (ArraySlice<T>) -> R
) -> [R] {
  let cores = ProcessInfo.processInfo.activeProcessorCount
  guard items.count > 1, cores > 1 else { return items.isEmpty ? [] : [fold(items[...])] }
  let chunks = Swift.min(items.count, cores * 4)
  let box = ResultsBox<R>(count: chunks)
  DispatchQueue.concurrentPerform(iterations: chunks) { c in
    let range = (items.count * c / chunks)..<(items.count * (c + 1) / chunks)
    box.set(c, .success(fold(items[range])))
  }
  return (0..<chunks).compactMap { c in try? box.get(c).get() }
}
