/// How many words a text has, as the screen and the review list count them.
public enum WordCount {
  /// Words in a text: runs between spaces, except that each Chinese character and
  /// each kana counts as a word of its own (those scripts put no spaces between
  /// words); CJK punctuation separates like a space.
  public static func words(_ text: String) -> Int {
    var count = 0
    var inWord = false
    for u in text.unicodeScalars {
      let v = u.value
      switch v {
      case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
        count += 1
        inWord = false
      case 0x3000...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20:
        inWord = false
      default:
        if u.properties.isWhitespace {
          inWord = false
        } else if !inWord {
          count += 1
          inWord = true
        }
      }
    }
    return count
  }

  /// Characters in a text (`String.count`), read as bytes when the text is ASCII without
  /// a carriage return (each byte is then one character; "\r\n" is one).
  public static func characters(_ text: String) -> Int {
    var text = text
    let counted = text.withUTF8 { utf8 -> Int? in
      let bytes = UnsafeRawBufferPointer(utf8)
      return isPlainASCII(bytes) ? bytes.count : scalarsEachOneCharacter(bytes)
    }
    return counted ?? text.count
  }

  /// The number of Unicode scalars in valid UTF-8 when each of them is a character of
  /// its own, else nil. That holds for scalars no grapheme rule joins to a neighbour:
  /// ASCII but the carriage return, Latin below the combining marks (U+0300), the CJK
  /// ideographs, kana and CJK punctuation but the few combining marks among them
  /// (U+302A–U+302F, U+3099–U+309A). Anything else (a combining mark, an emoji, a
  /// variation selector, Hangul jamo) leaves the count to `String.count`.
  static func scalarsEachOneCharacter(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var count = 0
    var i = 0
    while i < bytes.count {
      let b = UInt32(bytes[i])
      var scalar: UInt32
      if b < 0x80 {
        guard b != 0x0D else { return nil }
        i += 1
        count += 1
        continue
      } else if b < 0xE0 {
        guard i + 1 < bytes.count else { return nil }
        scalar = (b & 0x1F) << 6 | UInt32(bytes[i + 1]) & 0x3F
        i += 2
      } else if b < 0xF0 {
        guard i + 2 < bytes.count else { return nil }
        scalar = (b & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | UInt32(bytes[i + 2]) & 0x3F
        i += 3
      } else {
        // Beyond the Basic Multilingual Plane: emoji, rare ideographs.
        return nil
      }
      switch scalar {
      case 0x00A0..<0x0300, 0x3000..<0x302A, 0x3030..<0x3040, 0x3041..<0x3097, 0x309B..<0x3100,
        0x4E00..<0xA000:
        count += 1
      default:
        return nil
      }
    }
    return count
  }

  /// Whether every byte is ASCII and none is a carriage return, read eight at a time
  /// (the agreement report measures every candidate of every task).
  static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let high: UInt64 = 0x8080_8080_8080_8080
    let ones: UInt64 = 0x0101_0101_0101_0101
    var i = 0
    while i + 8 <= bytes.count {
      let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      // A byte of 0x0D in `w` is a zero byte in `x`, which sets its high bit here.
      let x = w ^ (ones &* 0x0D)
      if (w | ((x &- ones) & ~x)) & high != 0 { return false }
      i += 8
    }
    while i < bytes.count {
      if bytes[i] >= 0x80 || bytes[i] == 0x0D { return false }
      i += 1
    }
    return true
  }

  /// "1 word", "2 words".
  public static func label(_ n: Int) -> String { n == 1 ? "1 word" : "\(n) words" }
}
