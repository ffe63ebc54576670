/// The last few results of a computation, by its input, for inputs that repeat.
///
/// A team's answers to one task take few shapes, and answers read through the
/// digests share their maps. With `sameStorage`, an input is matched to a kept one
/// only when both are one storage, a word compared: on a store whose answers vary,
/// comparing maps key by key cost more than the computation it saved (each miss
/// hashed a few keys against each of the kept inputs).
public struct RecentResults<Key: Equatable, Value> {
  /// Results kept at most.
  public static var capacity: Int { 4 }

  @usableFromInline var kept: [(key: Key, value: Value)] = []
  @usableFromInline let same: (Key, Key) -> Bool

  /// Nothing kept yet; inputs match when they are equal (`==`).
  @inlinable public init() { same = { $0 == $1 } }

  /// Nothing kept yet; inputs match when `same` says so (`sameStorage`).
  @inlinable public init(matching same: @escaping (Key, Key) -> Bool) { self.same = same }

  /// The result for `key`: a kept one for a matching key, else `make()`'s (kept while
  /// there is room).
  @inlinable public mutating func value(for key: Key, _ make: () -> Value) -> Value {
    if let hit = kept.first(where: { same($0.key, key) }) { return hit.value }
    let value = make()
    if kept.count < Self.capacity { kept.append((key, value)) }
    return value
  }
}

extension Dictionary {
  /// Whether both are one storage, and so certainly equal (false says nothing).
  @inlinable public func sharesStorage(with other: Self) -> Bool {
    Swift.withUnsafeBytes(of: self) { a in
      Swift.withUnsafeBytes(of: other) { b in a.elementsEqual(b) }
    }
  }
}

extension Array {
  /// Whether both are one storage, and so certainly equal (false says nothing).
  @inlinable public func sharesStorage(with other: Self) -> Bool {
    Swift.withUnsafeBytes(of: self) { a in
      Swift.withUnsafeBytes(of: other) { b in a.elementsEqual(b) }
    }
  }
}

extension Ranking {
  /// Whether both rankings' ranks are one storage (so the two are equal).
  @inlinable public static func sameStorage(_ a: Ranking, _ b: Ranking) -> Bool {
    a.noneAcceptable == b.noneAcceptable && a.ranks.sharesStorage(with: b.ranks)
  }
}
