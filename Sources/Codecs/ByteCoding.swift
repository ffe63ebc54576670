#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Appends numbers and strings to a byte array.
package struct ByteWriter {
  package var out: [UInt8]

  package init(out: [UInt8]) { self.out = out }

  package mutating func byte(_ b: UInt8) { out.append(b) }

  /// An unsigned LEB128 number.
  package mutating func count(_ n: Int) { unsigned(UInt64(max(0, n))) }

  package mutating func unsigned(_ n: UInt64) {
    var v = n
    while v >= 0x80 {
      out.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }

  /// A zigzag LEB128 number.
  package mutating func signed(_ n: Int) {
    let v = Int64(n)
    unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
  }

  package mutating func fixed(_ n: UInt64) {
    for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) }
  }

  package mutating func fixed32(_ n: UInt32) {
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt32(k)))) }
  }

  package mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      count(utf8.count)
      out.append(contentsOf: utf8)
    }
  }

  package mutating func bytes(_ b: some Collection<UInt8>) {
    count(b.count)
    out.append(contentsOf: b)
  }

  /// An optional string: a 0 when absent, else a 1 and the string.
  package mutating func optional(_ s: String?) {
    guard let s else { return byte(0) }
    byte(1)
    string(s)
  }

  /// Optional bytes, the same way.
  package mutating func optional(_ b: [UInt8]?) {
    guard let b else { return byte(0) }
    byte(1)
    bytes(b)
  }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and nil past the end.
package struct ByteReader {
  package let bytes: UnsafeRawBufferPointer
  package var at = 0

  package init(bytes: UnsafeRawBufferPointer, at: Int = 0) {
    self.bytes = bytes
    self.at = at
  }

  package var atEnd: Bool { at >= bytes.count }

  package mutating func byte() -> UInt8? {
    guard at < bytes.count else { return nil }
    defer { at += 1 }
    return bytes[at]
  }

  package mutating func unsigned() -> UInt64? {
    // Most numbers here (lengths, counts) fit in one byte.
    if at < bytes.count, bytes[at] < 0x80 {
      defer { at += 1 }
      return UInt64(bytes[at])
    }
    var v: UInt64 = 0
    var shift: UInt64 = 0
    while let b = byte() {
      guard shift < 64 else { return nil }
      v |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return v }
      shift += 7
    }
    return nil
  }

  /// A count, bounded by the bytes left (every item takes at least one byte).
  package mutating func count() -> Int? {
    guard let n = unsigned(), n <= UInt64(bytes.count - at) else { return nil }
    return Int(n)
  }

  package mutating func signed() -> Int? {
    guard let u = unsigned() else { return nil }
    let v = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    return Int(exactly: v)
  }

  package mutating func fixed() -> UInt64? {
    guard bytes.count - at >= 8 else { return nil }
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
    at += 8
    return v
  }

  package mutating func fixed32() -> UInt32? {
    guard bytes.count - at >= 4 else { return nil }
    var v: UInt32 = 0
    for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * UInt32(k)) }
    at += 4
    return v
  }

  /// A length-prefixed byte range.
  package mutating func range() -> Range<Int>? {
    guard let n = count() else { return nil }
    defer { at += n }
    return at..<(at + n)
  }

  package mutating func string() -> String? {
    guard let r = range() else { return nil }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
  }

  /// A string, as `known` when the bytes spell it (byte for byte, checked without making
  /// a string; or as an equal string otherwise).
  package mutating func string(reusing known: String?) -> String? {
    guard var known else { return string() }
    guard let r = range() else { return nil }
    let same = known.withUTF8 { k in
      guard k.count == r.count else { return false }
      guard let a = k.baseAddress, let b = bytes.baseAddress else { return k.isEmpty }
      return memcmp(a, b + r.lowerBound, r.count) == 0
    }
    if same { return known }
    let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    return s == known ? known : s
  }

  /// What `ByteWriter.optional` wrote for a string: nil when unreadable, `.some(nil)`
  /// when absent.
  package mutating func optionalString() -> String?? { optional { $0.string() } }

  /// The same for a range of the bytes.
  package mutating func optionalRange() -> Range<Int>?? { optional { $0.range() } }

  /// Not for other modules: a generic called from another module is not specialized,
  /// and each call looked up the metadata of `T??` in the runtime's locked cache (a
  /// digest decodes millions). Here, each use above is specialized.
  private mutating func optional<T>(_ read: (inout ByteReader) -> T?) -> T?? {
    switch byte() {
    case 0?: return .some(nil)
    case 1?: return read(&self).map { .some($0) } ?? nil
    default: return nil
    }
  }
}
