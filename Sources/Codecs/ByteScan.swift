import CSystem

/// Finds the bytes JSON strings care about, sixteen at a time (SSE2, in CSystem).
///
/// Scanning is most of the cost of reading and writing JSON text; see
/// docs/DECISIONS.md for why these two loops are in C.
enum ByteScan {
  /// The index of the first `"`, `\` or C0 control in `p[from..<end]`, or `end`.
  @inline(__always) static func firstJSONSpecial(
    _ p: UnsafeBufferPointer<UInt8>, from: Int, end: Int
  ) -> Int {
    guard let base = p.baseAddress, from < end else { return end }
    return csystem_first_json_special(base, from, end)
  }

  /// The index of the first byte in `p[from..<end]` a JSON writer may have to escape:
  /// `"`, `\`, C0 controls, DEL, and the lead bytes of C1 controls (0xC2) and
  /// U+2028/U+2029 (0xE2). Returns `end` if there is none.
  @inline(__always) static func firstNeedingEscape(
    _ p: UnsafeBufferPointer<UInt8>, from: Int, end: Int
  ) -> Int {
    guard let base = p.baseAddress, from < end else { return end }
    return csystem_first_json_escape(base, from, end)
  }
}
