import Platform

extension Data {
  /// Whether these bytes hold `needle` anywhere: `memchr` to each candidate first
  /// byte, then `memcmp` (Foundation's `range(of:)` goes byte by byte, and took a
  /// third of a task scan's time).
  public func contains(bytes needle: [UInt8]) -> Bool {
    guard let first = needle.first else { return true }
    return withUnsafeBytes { hay in
      needle.withUnsafeBytes { n in
        guard let base = hay.baseAddress, let nb = n.baseAddress, hay.count >= n.count else {
          return false
        }
        let last = hay.count - n.count
        var at = 0
        while at <= last {
          guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return false }
          let i = base.distance(to: UnsafeRawPointer(hit))
          if memcmp(base + i, nb, n.count) == 0 { return true }
          at = i + 1
        }
        return false
      }
    }
  }
}
