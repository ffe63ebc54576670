import Annotation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The answer maps and candidate orders a walk has decoded, kept by their bytes in the
/// digest, so a block met again is shared instead of built again.
///
/// A team answers alike: fifty annotators' rankings of four responses take a few dozen
/// shapes, their ratings a few hundred. Building each annotation's dictionaries again
/// (allocating them, hashing every key) was most of what decoding a million answers
/// cost. The memo is a fixed table of places (4,096), each holding one block's bytes and
/// what they decode to; a block whose place holds other bytes replaces them. It holds
/// only short blocks (free text is rarely met twice), so its size is bounded whatever
/// the journals hold, and a miss costs one hash and one comparison more than no memo.
/// It is owned by one walker (`JournalDigests.Cursor`): never shared between threads.
struct AnswerMemo: Sendable {
  /// Blocks longer than this are decoded every time.
  static let longest = 96
  /// Places in the table, by default (a power of two).
  static let defaultSlots = 4096

  /// What a block decodes to.
  enum Value: Sendable {
    case answers([String: Answer])
    case order([String])
  }

  /// One place: the block's kind and bytes, and its value.
  struct Slot: Sendable {
    var kind: UInt8
    var bytes: [UInt8]
    var value: Value
  }

  /// Off: every block is decoded (a single lookup has nothing to share).
  let enabled: Bool
  /// Places in the table (a power of two; the table is made at the first lookup).
  let slots: Int
  private var table: [Slot?] = []
  /// Lookups that found their block, and all lookups (for the tests).
  private(set) var hits = 0
  private(set) var lookups = 0

  init(enabled: Bool = true, slots: Int = defaultSlots) {
    self.enabled = enabled
    // Rounded down to a power of two, so a place is the hash's low bits.
    self.slots = 1 << (Int.bitWidth - 1 - max(slots, 1).leadingZeroBitCount)
  }

  /// The value of `bytes` (of kind `kind`), made by `make` when the table does not hold
  /// them; nil when `make` gives nil (unreadable bytes are never kept).
  mutating func value(
    kind: UInt8, _ bytes: UnsafeRawBufferPointer, make: () -> Value?
  ) -> Value? {
    guard enabled, bytes.count <= Self.longest, let base = bytes.baseAddress else { return make() }
    if table.isEmpty { table = Array(repeating: nil, count: slots) }
    lookups += 1
    let at = Int(truncatingIfNeeded: Self.hash(bytes, kind: kind)) & (slots - 1)
    if let slot = table[at], slot.kind == kind, slot.bytes.count == bytes.count,
      slot.bytes.withUnsafeBytes({
        $0.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
      })
    {
      hits += 1
      return slot.value
    }
    guard let value = make() else { return nil }
    table[at] = Slot(kind: kind, bytes: Array(bytes), value: value)
    return value
  }

  /// A 64-bit hash of short bytes, eight at a time (multiply and rotate): cheap, and
  /// only a place in the table, never trusted without comparing the bytes.
  static func hash(_ bytes: UnsafeRawBufferPointer, kind: UInt8) -> UInt64 {
    let k: UInt64 = 0x9E37_79B9_7F4A_7C15
    var h = UInt64(bytes.count) &* k ^ UInt64(kind)
    var i = 0
    while i + 8 <= bytes.count {
      let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* k
      h = (h << 29) | (h >> 35)
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < bytes.count {
      tail |= UInt64(bytes[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* k
    return h ^ (h >> 32)
  }
}
