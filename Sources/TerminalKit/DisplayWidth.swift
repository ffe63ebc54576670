/// Display widths of characters, from a table kept in Swift.
///
/// The table follows East Asian Width (Wide and Fullwidth are 2 columns),
/// which is what glibc's `wcwidth` and so ncurses use; the tests compare the
/// two over every scalar. A grapheme cluster is drawn as its base scalar plus
/// its combining marks (see `DisplayGlyph`), so its width is its base's width,
/// except an emoji sequence once the terminal's own width for it is measured
/// (`emoji`): then it is drawn whole, as wide as the terminal draws it.
public enum DisplayWidth {
  /// Columns a single scalar takes: 0, 1 or 2 (controls count 0; sanitise first).
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x7F { return v >= 0x20 ? 1 : 0 }
    if v < 0xA0 { return 0 }
    if v < 0x300 { return v == 0xAD ? 1 : 1 }
    // CJK ideographs, kana and Hangul syllables are letters, never marks: the
    // general-category lookup below is most of a keystroke's layout in such text.
    if isPlainLetter(v) { return isWide(v) ? 2 : 1 }
    if isZeroWidth(v, scalar) { return 0 }
    return isWide(v) ? 2 : 1
  }

  /// Columns a grapheme cluster takes once drawn: the width of its base, or for an
  /// emoji sequence the terminal's own width for it once measured (`emoji`).
  public static func of(_ character: Character) -> Int {
    if let a = character.asciiValue { return a >= 0x20 && a < 0x7F ? 1 : 0 }
    guard let first = character.unicodeScalars.first else { return 0 }
    if let e = emoji, let kind = EmojiWidths.kind(of: character) { return e.width(kind) }
    return of(first)
  }

  /// Columns a whole string takes, cluster by cluster.
  public static func of(_ string: String) -> Int {
    var n = 0
    for ch in string { n += of(ch) }
    return n
  }

  /// Blocks of letters only (no marks or format characters): CJK Unified Ideographs,
  /// hiragana and katakana without their combining sound marks, Hangul syllables.
  @inline(__always) static func isPlainLetter(_ v: UInt32) -> Bool {
    (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v)
      || (0x3041...0x3096).contains(v) || (0x30A1...0x30FA).contains(v)
  }

  static func isZeroWidth(_ v: UInt32, _ scalar: Unicode.Scalar) -> Bool {
    if v >= 0x1160 && v <= 0x11FF { return true }  // Hangul medial vowels, final consonants
    if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 { return true }
    if v >= 0xD7B0 && v <= 0xD7FF { return true }
    if v == 0x1171E { return true }
    if prependedConcatenationMarks.contains(v) || (v >= 0x600 && v <= 0x605) { return false }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return v != 0xAD
    default: return false
    }
  }

  /// Format characters that glibc draws one column wide.
  static let prependedConcatenationMarks: Set<UInt32> = [
    0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD,
  ]

  /// Whether a scalar is East Asian Wide or Fullwidth.
  public static func isWide(_ v: UInt32) -> Bool {
    if v < 0x1100 { return false }
    var lo = 0
    var hi = wideRanges.count - 1
    while lo <= hi {
      let mid = (lo + hi) / 2
      let r = wideRanges[mid]
      if v < r.0 {
        hi = mid - 1
      } else if v > r.1 {
        lo = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  /// East Asian Wide and Fullwidth ranges, sorted.
  static let wideRanges: [(UInt32, UInt32)] = [
    (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
    (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
    (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
    (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
    (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x303E), (0x3041, 0x3096),
    (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E),
    (0x3220, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B),
    (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF1),
    (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132),
    (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
    (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A),
    (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251),
    (0x1F260, 0x1F265), (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF),
    (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0),
    (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FA7C),
    (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5), (0x1FACE, 0x1FADB),
    (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
  ]
}
