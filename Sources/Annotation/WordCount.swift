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
    let bytes = text.withUTF8 { utf8 -> Int? in
      isPlainASCII(UnsafeRawBufferPointer(utf8)) ? utf8.count : nil
    }
    return bytes ?? text.count
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
