extension StringProtocol {
  /// The text without white space at either end, scalar by scalar, as Foundation's
  /// `trimmingCharacters(in: .whitespacesAndNewlines)` trims it, or `.whitespaces`
  /// (line breaks kept) when `newlines` is false.
  public func trimmingWhitespace(newlines: Bool = true) -> String {
    let scalars = unicodeScalars
    func blank(_ s: Unicode.Scalar) -> Bool {
      switch s.value {
      case 0x09, 0x20, 0xA0, 0x200B: return true
      case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
      case 0..<0x80: return false
      default: return s.properties.generalCategory == .spaceSeparator
      }
    }
    guard let first = scalars.firstIndex(where: { !blank($0) }),
      let last = scalars.lastIndex(where: { !blank($0) })
    else { return "" }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: scalars[first...last])
    return String(kept)
  }

  /// The text with every occurrence of `target` replaced by `replacement`, matched
  /// byte for byte (an accent after a matched quote does not hide it, as it would
  /// from `replacing(_:with:)`, which matches whole characters).
  public func replacingEvery(_ target: String, with replacement: String) -> String {
    let bytes = Array(utf8)
    let needle = Array(target.utf8)
    guard !needle.isEmpty, bytes.count >= needle.count else { return String(self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == needle[0], i + needle.count <= bytes.count,
        bytes[i..<i + needle.count].elementsEqual(needle)
      {
        out.append(contentsOf: replacement.utf8)
        i += needle.count
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
