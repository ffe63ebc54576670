/// Turns untrusted text into text that is safe to draw.
///
/// Controls, bidi controls and invisible format characters become visible
/// placeholders in `Style.placeholder`; CRLF becomes LF; tabs are expanded to
/// the next multiple of `tabWidth` columns; clusters with more combining marks
/// than can be drawn are capped. Only the display is changed: callers keep the
/// original string for storage and export.
public enum Sanitizer {
  /// Columns between tab stops.
  public static let tabWidth = 4

  /// The result of sanitising: spans to draw and how many characters were replaced.
  public struct Result: Sendable, Equatable {
    public var spans: [StyledSpan]
    public var replaced: Int
  }

  /// Sanitises `text`, drawing safe characters in `style`.
  public static func sanitize(_ text: String, style: Style = .plain) -> Result {
    var builder = Builder(style: style)
    let u = text.utf8
    var i = u.startIndex
    while i < u.endIndex {
      // Runs of printable ASCII and line feeds need no checks and are copied whole.
      var j = i
      while j < u.endIndex, u[j] == 0x0A || (u[j] >= 0x20 && u[j] < 0x7F) { j = u.index(after: j) }
      // Before a non-ASCII byte, the run's last character may combine with what follows.
      if j < u.endIndex && u[j] >= 0x80 && j > i { j = u.index(before: j) }
      if j > i {
        builder.addPlainASCII(text[i..<j])
        i = j
      }
      if i < u.endIndex {
        let next = text.index(after: i)
        builder.add(text[i])
        i = next
      }
    }
    return Result(spans: builder.finish(), replaced: builder.replaced)
  }

  /// Untrusted text for a line-oriented output (the command-line tools): every
  /// control, bidi and invisible format character as its visible placeholder;
  /// line feeds and tabs kept, so tables and lists keep their shape.
  public static func plainText(_ text: String) -> String {
    // Printable ASCII and line feeds (nearly all output) pass as they are.
    if text.utf8.allSatisfy({ $0 == 0x0A || $0 == 0x09 || ($0 >= 0x20 && $0 < 0x7F) }) {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      let emoji = isEmojiSequence(ch)
      if ch == "\r\n" {
        out.append("\n")
        continue
      }
      for scalar in ch.unicodeScalars {
        if let p = placeholder(for: scalar, inEmoji: emoji) {
          out += p
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Counts the characters that `sanitize` would replace, without building spans.
  public static func hostileCount(_ text: String) -> Int {
    // Joiners and marks are counted by the sanitiser itself, so the two always agree
    // (a separate count once disagreed when placeholders split a run of marks).
    hostileCountByScalars(text) ?? sanitize(text).replaced
  }

  /// `hostileCount` scalar by scalar, several times faster than by characters; nil
  /// when the text has joiners or zero-width marks, whose treatment depends on the
  /// character around them.
  static func hostileCountByScalars(_ text: String) -> Int? {
    var n = 0
    var afterCR = false
    for s in text.unicodeScalars {
      let v = s.value
      // Printable ASCII, the bulk of most text, is never replaced.
      if v >= 0x20 && v < 0x7F && !afterCR { continue }
      if afterCR {
        afterCR = false
        // "\r\n" is a line break, not a stray carriage return.
        if v == 0x0A { continue }
        n += 1
      }
      if v == 0x0D {
        afterCR = true
        continue
      }
      if v >= 0x80 && (v == 0x200C || v == 0x200D || DisplayWidth.of(s) == 0) { return nil }
      if placeholder(for: s) != nil { n += 1 }
    }
    return afterCR ? n + 1 : n
  }

  /// The placeholder for a scalar, or nil when it is safe to draw.
  public static func placeholder(for s: Unicode.Scalar, inEmoji: Bool = false) -> String? {
    let v = s.value
    switch v {
    case 0x09, 0x0A: return nil
    case 0x00..<0x20: return "^" + String(UnicodeScalar(UInt8(v + 0x40)))
    case 0x7F: return "^?"
    case 0x80...0x9F: return "<U+" + hex(v) + ">"
    case 0x202A: return "<LRE>"
    case 0x202B: return "<RLE>"
    case 0x202C: return "<PDF>"
    case 0x202D: return "<LRO>"
    case 0x202E: return "<RLO>"
    case 0x2066: return "<LRI>"
    case 0x2067: return "<RLI>"
    case 0x2068: return "<FSI>"
    case 0x2069: return "<PDI>"
    case 0x200E: return "<LRM>"
    case 0x200F: return "<RLM>"
    case 0x061C: return "<ALM>"
    case 0x200B: return "<ZWSP>"
    case 0x200C: return "<ZWNJ>"
    case 0x200D: return inEmoji ? nil : "<ZWJ>"
    case 0x2060: return "<WJ>"
    case 0x2061...0x2064: return "<U+" + hex(v) + ">"
    case 0xFEFF: return "<BOM>"
    case 0x00AD: return "<SHY>"
    case 0xE0000...0xE007F:
      if v >= 0xE0020 && v <= 0xE007E, let a = Unicode.Scalar(v - 0xE0000) {
        return "<TAG " + String(Character(a)) + ">"
      }
      return "<TAG U+" + hex(v) + ">"
    default: return nil
    }
  }

  static func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
  }

  /// Whether a cluster is an emoji ZWJ sequence, where ZWJ is part of the glyph.
  public static func isEmojiSequence(_ ch: Character) -> Bool {
    guard ch.unicodeScalars.count > 1, let first = ch.unicodeScalars.first else { return false }
    guard first.properties.isEmoji && first.value > 0xFF else { return false }
    var prevJoiner = false
    for s in ch.unicodeScalars.dropFirst() {
      if s.value == 0x200D {
        prevJoiner = true
      } else if prevJoiner {
        if !s.properties.isEmoji { return false }
        prevJoiner = false
      }
    }
    return true
  }

  struct Builder {
    let style: Style
    var spans: [StyledSpan] = []
    var current = ""
    var column = 0
    var replaced = 0

    init(style: Style) { self.style = style }

    mutating func flush() {
      if !current.isEmpty {
        spans.append(StyledSpan(current, style))
        current = ""
      }
    }

    mutating func emitPlaceholder(_ p: String) {
      flush()
      if let last = spans.last, last.style == .placeholder {
        spans[spans.count - 1].text += p
      } else {
        spans.append(StyledSpan(p, .placeholder))
      }
      column += p.count
      replaced += 1
    }

    /// Printable ASCII and line feeds, which are drawn as they are.
    mutating func addPlainASCII(_ run: Substring) {
      current.append(contentsOf: run)
      if let nl = run.utf8.lastIndex(of: 0x0A) {
        column = run.utf8.distance(from: run.utf8.index(after: nl), to: run.utf8.endIndex)
      } else {
        column += run.utf8.count
      }
    }

    mutating func add(_ ch: Character) {
      if ch == "\n" || ch == "\r\n" {
        current.append("\n")
        column = 0
        return
      }
      if ch == "\t" {
        let n = Sanitizer.tabWidth - column % Sanitizer.tabWidth
        current.append(String(repeating: " ", count: n))
        column += n
        return
      }
      let scalars = ch.unicodeScalars
      if scalars.count == 1, let s = scalars.first {
        if let p = Sanitizer.placeholder(for: s) {
          emitPlaceholder(p)
        } else {
          current.append(ch)
          column += DisplayWidth.of(s)
        }
        return
      }
      let emoji = Sanitizer.isEmojiSequence(ch)
      var safe = String.UnicodeScalarView()
      var marks = 0
      var dropped = 0
      let all = Array(scalars)
      for (k, s) in all.enumerated() {
        if s.value == 0x0A {
          flushSafe(&safe)
          current.append("\n")
          column = 0
          continue
        }
        // A joiner is drawn only between two emoji it joins in what is drawn: after a
        // placeholder has split the cluster, or before a mark, it would join nothing.
        let joins =
          emoji && s.value == 0x200D && (safe.last?.properties.isEmoji ?? false)
          && k + 1 < all.count && all[k + 1].properties.isEmoji
        if let p = Sanitizer.placeholder(for: s, inEmoji: joins) {
          flushSafe(&safe)
          emitPlaceholder(p)
          continue
        }
        if !safe.isEmpty && DisplayWidth.of(s) == 0 && !emoji {
          if marks >= DisplayGlyph.maxMarks {
            dropped += 1
            continue
          }
          marks += 1
        }
        safe.append(s)
      }
      flushSafe(&safe)
      if dropped > 0 { emitPlaceholder("<+\(dropped) marks>") }
    }

    mutating func flushSafe(_ safe: inout String.UnicodeScalarView) {
      guard !safe.isEmpty else { return }
      let s = String(safe)
      current += s
      column += DisplayWidth.of(s)
      safe = String.UnicodeScalarView()
    }

    mutating func finish() -> [StyledSpan] {
      flush()
      return spans
    }
  }
}
