/// The last few results of a computation, by its input, for inputs that repeat.
///
/// A team's answers to one task take few shapes, and answers read through the
/// digests share their maps, so telling an input equal to one kept is usually one
/// reference compared (Swift's collections compare shared storage first). A few are
/// kept, so an input unlike them all costs a few comparisons that fail early.
public struct RecentResults<Key: Equatable, Value> {
  /// Results kept at most.
  public static var capacity: Int { 4 }

  @usableFromInline var kept: [(key: Key, value: Value)] = []

  /// Nothing kept yet.
  @inlinable public init() {}

  /// The result for `key`: a kept one for an equal key, else `make()`'s (kept while
  /// there is room).
  @inlinable public mutating func value(for key: Key, _ make: () -> Value) -> Value {
    if let hit = kept.first(where: { $0.key == key }) { return hit.value }
    let value = make()
    if kept.count < Self.capacity { kept.append((key, value)) }
    return value
  }
}
