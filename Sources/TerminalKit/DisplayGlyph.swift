/// How a grapheme cluster is drawn in a cell so that ncurses and the terminal agree.
///
/// ncurses advances by `wcwidth` of every scalar, while terminals draw an emoji
/// sequence as one glyph, each terminal at its own width. Until that width is
/// measured (`DisplayWidth.emoji`), a cluster is drawn as its base scalar and at
/// most `maxMarks` zero-width marks; emoji modifiers, variation selectors and
/// the parts after a ZWJ are left out of the drawing (never out of the stored
/// text). Once measured, emoji sequences are drawn whole (the terminal writes
/// them past curses, which cannot hold one in a cell).
public enum DisplayGlyph {
  /// The most combining marks drawn on one base character.
  public static let maxMarks = 4

  /// The drawable form of a cluster and the marks that were left out.
  public static func drawable(_ character: Character) -> (text: String, droppedMarks: Int) {
    // Once the terminal's widths for emoji sequences are known, they are drawn whole.
    if DisplayWidth.emoji != nil, EmojiWidths.kind(of: character) != nil { return (String(character), 0) }
    var scalars = character.unicodeScalars.makeIterator()
    guard let base = scalars.next() else { return ("", 0) }
    var out = String.UnicodeScalarView()
    out.append(base)
    var marks = 0
    var dropped = 0
    var afterJoiner = false
    while let s = scalars.next() {
      let v = s.value
      if v == 0x200D {
        afterJoiner = true
        continue
      }
      if afterJoiner { continue }
      if v == 0xFE0E || v == 0xFE0F || (v >= 0x1F3FB && v <= 0x1F3FF) { continue }
      if (v >= 0x1F1E6 && v <= 0x1F1FF) || (v >= 0xE0000 && v <= 0xE007F) { continue }
      if DisplayWidth.of(s) == 0 {
        if marks < maxMarks {
          out.append(s)
          marks += 1
        } else {
          dropped += 1
        }
      }
    }
    return (String(out), dropped)
  }
}
