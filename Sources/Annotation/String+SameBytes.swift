#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension String {
  /// Whether the two strings hold the same UTF-8 bytes.
  ///
  /// `==` compares by canonical equivalence, which for long text that is not all ASCII
  /// walks both strings normalising them: a 100 KB rewrite compared with `==` on every
  /// keystroke cost more than the keystroke's frame. Equal bytes are what a journal
  /// records, so they are also the stricter answer to "did this text change?".
  public func hasSameUTF8(as other: String) -> Bool {
    var a = self
    var b = other
    return a.withUTF8 { x in
      b.withUTF8 { y in
        guard x.count == y.count else { return false }
        guard let p = x.baseAddress, let q = y.baseAddress, p != q else { return true }
        return memcmp(p, q, x.count) == 0
      }
    }
  }
}
