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
}
