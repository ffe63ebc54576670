/// Word wrapping by display width.
///
/// Words break at spaces; a word longer than the width is broken; wide (CJK)
/// characters may break anywhere; a wide character never straddles the edge.
/// Hard line breaks (LF) always start a new line. The input must already be
/// sanitised: every character is drawn with `DisplayWidth`.
public enum Wrap {
  struct Item {
    var ch: Character
    var width: Int
    var style: Style
  }

  /// Wraps spans to lines of at most `width` columns.
  public static func wrap(_ spans: [StyledSpan], width: Int) -> [[StyledSpan]] {
    let width = max(1, width)
    var lines: [[StyledSpan]] = []
    for logical in splitLines(spans) {
      wrapLine(logical, width: width, into: &lines)
    }
    return lines
  }

  /// Splits spans at LF into logical lines without wrapping (for code blocks).
  ///
  /// A line feed is a character of its own unless a carriage return comes just
  /// before it (CR LF is one character, kept in its line), so the split is made
  /// on bytes, without walking the text character by character.
  public static func splitLines(_ spans: [StyledSpan]) -> [[StyledSpan]] {
    var lines: [[StyledSpan]] = [[]]
    for span in spans {
      let utf8 = span.text.utf8
      guard utf8.contains(0x0A) else {
        if !span.text.isEmpty { lines[lines.count - 1].append(span) }
        continue
      }
      var start = utf8.startIndex
      var previous: UInt8 = 0
      var i = start
      while i != utf8.endIndex {
        let byte = utf8[i]
        if byte == 0x0A && previous != 0x0D {
          if start != i {
            lines[lines.count - 1].append(
              StyledSpan(String(Substring(utf8[start..<i])), span.style))
          }
          lines.append([])
          start = utf8.index(after: i)
        }
        previous = byte
        i = utf8.index(after: i)
      }
      if start != utf8.endIndex {
        lines[lines.count - 1].append(StyledSpan(String(Substring(utf8[start...])), span.style))
      }
    }
    return lines
  }

  /// Cuts `offset` columns from the left of a line and keeps at most `width` columns.
  ///
  /// A wide character cut in half at either edge is replaced by a space.
  public static func clip(_ line: [StyledSpan], offset: Int, width: Int) -> [StyledSpan] {
    var out: [StyledSpan] = []
    var col = 0
    let end = offset + width
    for span in line {
      var piece = ""
      for ch in span.text {
        let w = DisplayWidth.of(ch)
        let start = col
        col += w
        if col <= offset { continue }
        if start < offset {
          piece += String(repeating: " ", count: col - offset)
          continue
        }
        if col > end {
          if start < end { piece += String(repeating: " ", count: end - start) }
          break
        }
        piece.append(ch)
      }
      if !piece.isEmpty { out.append(StyledSpan(piece, span.style)) }
      if col >= end { break }
    }
    return out
  }

  static func wrapLine(_ line: [StyledSpan], width: Int, into lines: inout [[StyledSpan]]) {
    if !wrapPrintableASCII(line, width: width, into: &lines) {
      wrapLineByCharacters(line, width: width, into: &lines)
    }
  }

  /// Wraps one logical line character by character (any text).
  static func wrapLineByCharacters(
    _ line: [StyledSpan], width: Int, into lines: inout [[StyledSpan]]
  ) {
    var items: [Item] = []
    for span in line {
      for ch in span.text {
        items.append(Item(ch: ch, width: DisplayWidth.of(ch), style: span.style))
      }
    }
    if items.isEmpty {
      lines.append([])
      return
    }
    var current: [Item] = []
    var used = 0
    var i = 0
    var continuation = false
    func emit() {
      lines.append(join(current))
      current = []
      used = 0
      continuation = true
    }
    while i < items.count {
      let item = items[i]
      if item.ch == " " {
        // A run of spaces: keep it unless it falls at a soft break.
        var j = i
        while j < items.count && items[j].ch == " " { j += 1 }
        let run = j - i
        if continuation && current.isEmpty {
          i = j
          continue
        }
        if used + run <= width {
          current.append(contentsOf: items[i..<j])
          used += run
        } else {
          emit()
        }
        i = j
        continue
      }
      if item.width == 2 {
        if used + 2 > width && !current.isEmpty { emit() }
        current.append(item)
        used += 2
        i += 1
        continue
      }
      // A word: narrow characters up to the next space or wide character.
      var j = i
      var w = 0
      while j < items.count && items[j].ch != " " && items[j].width != 2 {
        w += items[j].width
        j += 1
      }
      if used + w > width && !current.isEmpty && w <= width {
        trimTrailingSpaces(&current, &used)
        emit()
      }
      for k in i..<j {
        if used + items[k].width > width && !current.isEmpty {
          emit()
        }
        current.append(items[k])
        used += items[k].width
      }
      i = j
    }
    if !current.isEmpty || !continuation { lines.append(join(current)) }
  }

  /// `wrapLine` for a line of printable ASCII only (most English text), on bytes:
  /// the same breaks, without a `Character` per column. False if the line has anything else.
  static func wrapPrintableASCII(_ line: [StyledSpan], width: Int, into lines: inout [[StyledSpan]])
    -> Bool
  {
    var bytes: [UInt8] = []
    var owner: [Int] = []  // the span each byte came from
    for (k, span) in line.enumerated() {
      for b in span.text.utf8 {
        guard b >= 0x20 && b < 0x7F else { return false }
        bytes.append(b)
        owner.append(k)
      }
    }
    if bytes.isEmpty { return false }
    let space = UInt8(ascii: " ")
    // The current line is always the contiguous range start..<end of bytes.
    var start = 0
    var end = 0
    var continuation = false
    func emit() {
      var spans: [StyledSpan] = []
      var a = start
      while a < end {
        var b = a
        while b < end && line[owner[b]].style == line[owner[a]].style { b += 1 }
        spans.append(
          StyledSpan(String(decoding: bytes[a..<b], as: UTF8.self), line[owner[a]].style))
        a = b
      }
      lines.append(spans)
      continuation = true
    }
    var i = 0
    while i < bytes.count {
      if bytes[i] == space {
        var j = i
        while j < bytes.count && bytes[j] == space { j += 1 }
        if continuation && start == end {
          start = j
          end = j
        } else if end - start + (j - i) <= width {
          end = j
        } else {
          emit()
          start = j
          end = j
        }
        i = j
        continue
      }
      var j = i
      while j < bytes.count && bytes[j] != space { j += 1 }
      if (end - start) + (j - i) > width && start < end && j - i <= width {
        while end > start && bytes[end - 1] == space { end -= 1 }
        emit()
        start = i
        end = i
      }
      for k in i..<j {
        if end - start + 1 > width && start < end {
          emit()
          start = k
          end = k
        }
        end = k + 1
      }
      i = j
    }
    if start < end || !continuation { emit() }
    return true
  }

  static func trimTrailingSpaces(_ current: inout [Item], _ used: inout Int) {
    while let last = current.last, last.ch == " " {
      current.removeLast()
      used -= 1
    }
  }

  static func join(_ items: [Item]) -> [StyledSpan] {
    var out: [StyledSpan] = []
    for item in items {
      if let last = out.last, last.style == item.style {
        out[out.count - 1].text.append(item.ch)
      } else {
        out.append(StyledSpan(String(item.ch), item.style))
      }
    }
    return out
  }
}
