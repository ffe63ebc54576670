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
      utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? utf8.count : nil
    }
    return bytes ?? text.count
  }

  /// "1 word", "2 words".
  public static func label(_ n: Int) -> String { n == 1 ? "1 word" : "\(n) words" }
}
