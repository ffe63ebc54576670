/// The bytes a JSON writer produces: a growable buffer whose appends are plain stores.
///
/// `[UInt8]` checks uniqueness and capacity through a generic call on every
/// append; writing an import spends a fifth of its time there. This buffer is
/// not copyable, so it has one owner and needs no such checks.
package struct JSONOutput: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// Bytes written so far.
  package private(set) var count = 0

  /// An empty buffer with room for `capacity` bytes before it grows.
  package init(capacity: Int = 1024) {
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Makes room for `extra` more bytes (growing by at least half, so appends stay linear).
  @inline(__always) mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    let bigger = max(needed, capacity + capacity / 2)
    let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
    fresh.update(from: base, count: count)
    base.deallocate()
    base = fresh
    capacity = bigger
  }

  @inline(__always) package mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  @inline(__always) package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (base + count).update(from: src, count: bytes.count)
    count += bytes.count
  }

  /// Lets `body` write up to `room` bytes after the ones written so far; it returns how many it wrote.
  @inline(__always) mutating func appendInPlace(
    room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int
  ) {
    reserve(room)
    count += body(base + count)
  }

  package mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  package mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// A copy of the bytes.
  package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// The bytes, handed on without a copy: the buffer becomes theirs.
  package consuming func finish() -> WrittenBytes {
    let written = WrittenBytes(base: base, count: count)
    discard self
    return written
  }

  /// Forgets the bytes, keeping the memory for the next use.
  package mutating func removeAll() { count = 0 }

  /// Forgets the bytes after the first `length`.
  package mutating func truncate(to length: Int) { count = min(count, max(0, length)) }

  /// Calls `body` with the bytes written so far.
  package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    body(UnsafeBufferPointer(start: base, count: count))
  }
}

/// What a `JSONOutput` wrote, handed from the thread that wrote it to the one that
/// stores it without a copy. Never changed after it is made; freed with its last reference.
package final class WrittenBytes: @unchecked Sendable {
  private let base: UnsafeMutablePointer<UInt8>?
  /// How many bytes there are.
  package let count: Int

  init(base: UnsafeMutablePointer<UInt8>?, count: Int) {
    self.base = base
    self.count = count
  }

  /// No bytes.
  package convenience init() { self.init(base: nil, count: 0) }

  deinit { base?.deallocate() }

  /// Calls `body` with the bytes, valid during the call.
  package func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R)
    throws(E) -> R
  {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// A copy of the bytes.
  package var array: [UInt8] { withBytes { Array($0) } }
}
