/// Word-at-a-time byte tests (SWAR): eight bytes per step instead of one.
///
/// Each mask has the high bit of every matching byte set and nothing else,
/// exactly (no false positives: the per-byte sums cannot carry into a neighbour).
enum ByteScan {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
  static let highs: UInt64 = 0x8080_8080_8080_8080

  /// Bytes equal to zero.
  @inline(__always) static func zero(_ w: UInt64) -> UInt64 {
    ~(((w & lows) &+ lows) | w) & highs
  }

  /// Bytes equal to `b`.
  @inline(__always) static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
    zero(w ^ (ones &* UInt64(b)))
  }

  /// Bytes below 0x20 (C0 controls).
  @inline(__always) static func control(_ w: UInt64) -> UInt64 {
    ~(((w & lows) &+ (ones &* 0x60)) | w) & highs
  }

  /// The index (0–7) of the first byte flagged in a nonzero mask of a little-endian load.
  @inline(__always) static func first(_ mask: UInt64) -> Int {
    mask.trailingZeroBitCount >> 3
  }

  /// Bytes a JSON string cannot hold raw: `"`, `\` and C0 controls.
  @inline(__always) static func jsonSpecial(_ w: UInt64) -> UInt64 {
    equal(w, 0x22) | equal(w, 0x5C) | control(w)
  }

  /// The index of the first `"`, `\` or control byte in `p[from..<end]`, or `end`.
  @inline(__always) static func firstJSONSpecial(_ p: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
    firstFlagged(p, from: from, end: end, jsonSpecial)
  }

  /// The index of the first byte in `p[from..<end]` whose mask bit `flags` sets, or `end`.
  ///
  /// Eight bytes at a time, then the tail one byte at a time (a byte widened to a word).
  @inline(__always) static func firstFlagged(
    _ p: UnsafeBufferPointer<UInt8>, from: Int, end: Int, _ flags: (UInt64) -> UInt64
  ) -> Int {
    var i = from
    if let base = p.baseAddress {
      let raw = UnsafeRawPointer(base)
      while i + 8 <= end {
        let m = flags(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
        if m != 0 { return i + first(m) }
        i += 8
      }
    }
    // The tail: one byte in the low lane. Only that lane's bit is read, since the
    // zero bytes above it would count as controls.
    while i < end {
      if flags(UInt64(p[i])) & 0x80 != 0 { return i }
      i += 1
    }
    return end
  }

  /// Bytes a JSON writer escapes, or may have to: `"`, `\`, C0 controls, DEL,
  /// and the lead bytes of C1 controls (0xC2) and U+2028/U+2029 (0xE2).
  @inline(__always) static func escapeCandidate(_ w: UInt64) -> UInt64 {
    let ascii = jsonSpecial(w) | equal(w, 0x7F)
    // Most words are plain ASCII: test the two lead bytes only when a high bit is set.
    return w & highs == 0 ? ascii : ascii | equal(w, 0xC2) | equal(w, 0xE2)
  }

  /// The index of the first byte in `p[from..<end]` that may need escaping, or `end`.
  @inline(__always) static func firstNeedingEscape(_ p: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
    firstFlagged(p, from: from, end: end, escapeCandidate)
  }
}
