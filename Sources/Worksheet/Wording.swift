/// How times and word counts read on screen, shared by the panes and the messages.
package enum Wording {
  /// "m:ss", or "h:mm:ss" from an hour on (drawn every frame, so no String(format:)).
  package static func formatTime(_ ms: Int) -> String {
    let s = ms / 1000
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    if s >= 3600 { return "\(s / 3600):\(two((s / 60) % 60)):\(two(s % 60))" }
    return "\(s / 60):\(two(s % 60))"
  }

  /// Words in a text: runs between spaces, except that each Chinese character and
  /// each kana counts as a word of its own (those scripts put no spaces between
  /// words); CJK punctuation separates like a space.
  package static func words(_ text: String) -> Int {
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

  /// "1 word", "2 words".
  package static func wordsLabel(_ n: Int) -> String { n == 1 ? "1 word" : "\(n) words" }
}
