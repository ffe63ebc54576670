import TerminalKit

/// A memo of the editor's text; a class so a non-mutating getter can fill it.
final class TextCache: @unchecked Sendable {
  var text: String?
}

/// A multi-line text buffer with a cursor: the built-in editor's model.
public struct TextEditor: Sendable, Equatable {
  public private(set) var chars: [Character] {
    didSet { cache = TextCache() }
  }
  /// The cursor, as an index into `chars` (0...count).
  public private(set) var cursor: Int
  /// The text as a String, built once per change (it is read several times per keystroke).
  private var cache = TextCache()

  public init(_ text: String, cursorAtEnd: Bool = true) {
    chars = Array(text)
    cursor = cursorAtEnd ? chars.count : 0
    cache.text = text
  }

  public var text: String {
    if let t = cache.text { return t }
    let t = TextEditor.join(chars)
    cache.text = t
    return t
  }

  /// The characters as one string, copied as UTF-8 in one pass (appending them one
  /// by one took 4 ms for a 100 KB text, on every keystroke).
  static func join(_ chars: [Character]) -> String {
    var count = 0
    for c in chars { count += c.utf8.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
      var i = 0
      for c in chars {
        for b in c.utf8 {
          buffer[i] = b
          i += 1
        }
      }
      return i
    }
  }

  public static func == (a: TextEditor, b: TextEditor) -> Bool {
    a.chars == b.chars && a.cursor == b.cursor
  }

  /// Replaces the text (after undo or an external edit), keeping the cursor in range.
  public mutating func reset(_ text: String) {
    chars = Array(text)
    cursor = min(cursor, chars.count)
  }

  public mutating func insert(_ s: String) {
    // A CR LF pair is always one Character, so this is replacing "\r\n" with "\n".
    let new = s.map { $0 == "\r\n" ? "\n" : $0 }
    let text = spliced(cursor..<cursor, with: new)
    chars.insert(contentsOf: new, at: cursor)
    cache.text = text
    cursor += new.count
  }

  public mutating func deleteBack() {
    guard cursor > 0 else { return }
    let text = spliced((cursor - 1)..<cursor, with: [])
    chars.remove(at: cursor - 1)
    cache.text = text
    cursor -= 1
  }

  public mutating func deleteForward() {
    guard cursor < chars.count else { return }
    let text = spliced(cursor..<(cursor + 1), with: [])
    chars.remove(at: cursor)
    cache.text = text
  }

  /// The kept text with the characters in `range` replaced by `new`, or nil when no
  /// text is kept. Typing splices the UTF-8 bytes around the cursor instead of joining
  /// all the characters again (0.5 ms a key in a 100 KB rewrite). Bytes are spliced,
  /// not `String` indices, which round to character boundaries: the result is the
  /// join of the edited characters, byte for byte.
  private func spliced(_ range: Range<Int>, with new: [Character]) -> String? {
    guard var text = cache.text else { return nil }
    let start = utf8Offset(range.lowerBound, in: text)
    var end = start
    for c in chars[range] { end += c.utf8.count }
    var inserted = 0
    for c in new { inserted += c.utf8.count }
    let total = text.utf8.count
    return text.withUTF8 { old in
      String(unsafeUninitializedCapacity: total - (end - start) + inserted) { buffer in
        var i = buffer[...].initialize(fromContentsOf: old[..<start])
        for c in new {
          for b in c.utf8 {
            buffer[i] = b
            i += 1
          }
        }
        return buffer[i...].initialize(fromContentsOf: old[end...])
      }
    }
  }

  /// Where the character at `index` starts in `text`'s UTF-8, counted from the nearer end.
  private func utf8Offset(_ index: Int, in text: String) -> Int {
    var offset = 0
    if index <= chars.count / 2 {
      for c in chars[..<index] { offset += c.utf8.count }
      return offset
    }
    for c in chars[index...] { offset += c.utf8.count }
    return text.utf8.count - offset
  }

  public mutating func left() { cursor = max(0, cursor - 1) }
  public mutating func right() { cursor = min(chars.count, cursor + 1) }

  public mutating func wordLeft() {
    var i = cursor
    while i > 0 && chars[i - 1].isWhitespace { i -= 1 }
    while i > 0 && !chars[i - 1].isWhitespace { i -= 1 }
    cursor = i
  }

  public mutating func wordRight() {
    var i = cursor
    while i < chars.count && !chars[i].isWhitespace { i += 1 }
    while i < chars.count && chars[i].isWhitespace { i += 1 }
    cursor = i
  }

  public mutating func deleteWordBack() {
    let end = cursor
    wordLeft()
    chars.removeSubrange(cursor..<end)
  }

  var lineStartIndex: Int {
    var i = cursor
    while i > 0 && !TextEditor.isLineBreak(chars[i - 1]) { i -= 1 }
    return i
  }

  var lineEndIndex: Int {
    var i = cursor
    while i < chars.count && !TextEditor.isLineBreak(chars[i]) { i += 1 }
    return i
  }

  public mutating func lineStart() { cursor = lineStartIndex }
  public mutating func lineEnd() { cursor = lineEndIndex }
  public mutating func textStart() { cursor = 0 }
  public mutating func textEnd() { cursor = chars.count }

  public mutating func killLine() {
    let end = lineEndIndex
    if end == cursor {
      deleteForward()
    } else {
      chars.removeSubrange(cursor..<end)
    }
  }

  /// Deletes the cursor's whole line, with its line break (vim's `dd`).
  public mutating func deleteLine() {
    let start = lineStartIndex
    var end = lineEndIndex
    if end < chars.count {
      end += 1
    } else if start > 0 {
      // The last line: take the break before it instead.
      chars.removeSubrange((start - 1)..<end)
      cursor = start - 1
      cursor = lineStartIndex
      return
    }
    chars.removeSubrange(start..<end)
    cursor = min(start, chars.count)
  }

  public mutating func up() {
    let start = lineStartIndex
    guard start > 0 else {
      cursor = 0
      return
    }
    let column = cursor - start
    var prevStart = start - 1
    while prevStart > 0 && !TextEditor.isLineBreak(chars[prevStart - 1]) { prevStart -= 1 }
    cursor = min(prevStart + column, start - 1)
  }

  public mutating func down() {
    let start = lineStartIndex
    let end = lineEndIndex
    guard end < chars.count else {
      cursor = chars.count
      return
    }
    let column = cursor - start
    var nextEnd = end + 1
    while nextEnd < chars.count && !TextEditor.isLineBreak(chars[nextEnd]) { nextEnd += 1 }
    cursor = min(end + 1 + column, nextEnd)
  }

  /// The buffer laid out in rows of at most `width` columns, with the cursor's row and column.
  ///
  /// Prose wraps at word boundaries (a word longer than a row is cut at the
  /// edge); unsafe characters show as placeholders.
  public func layout(width: Int) -> (rows: [[StyledSpan]], cursorRow: Int, cursorColumn: Int) {
    layout(width: width, from: 0, rowLimit: Int.max)
  }

  /// The rows around the cursor only: enough to fill `height` rows above and below it.
  ///
  /// Layout starts a bounded distance before the cursor, at a line start, so a
  /// keystroke in a 100 KB text lays out a screenful, not the whole text.
  public func layout(width: Int, height: Int) -> (
    rows: [[StyledSpan]], cursorRow: Int, cursorColumn: Int
  ) {
    let width = max(2, width)
    // A row holds at most `width` characters, so this reaches `height` rows back.
    let budget = (max(1, height) + 1) * width
    var start = cursor
    var lines = 0
    while start > 0 && cursor - start < budget {
      if TextEditor.isLineBreak(chars[start - 1]) {
        lines += 1
        if lines > height { break }
      }
      start -= 1
    }
    if start > 0 && !TextEditor.isLineBreak(chars[start - 1]) {
      // Mid-line: start where a row of that line starts, so wrapping stays put.
      var lineStart = start
      while lineStart > 0 && !TextEditor.isLineBreak(chars[lineStart - 1]) { lineStart -= 1 }
      start = rowStart(from: lineStart, atOrBefore: start, width: width)
    }
    return layout(width: width, from: start, rowLimit: height * 2 + 2)
  }

  /// The index where the row holding `limit` starts, wrapping from `lineStart` by
  /// the same rules as `layout` but without building any spans.
  func rowStart(from lineStart: Int, atOrBefore limit: Int, width: Int) -> Int {
    var start = lineStart
    forEachRowStart(from: lineStart, width: width, until: limit) { start = $0 }
    return start
  }

  /// The columns a character takes: a tab four, a placeholder as many as it shows.
  @inline(__always) func columns(_ ch: Character) -> Int {
    if TextEditor.isPrintableASCII(ch) { return 1 }
    if TextEditor.isByte(ch, 0x09) { return 4 }
    return TextEditor.cells(ch).reduce(0) { $0 + $1.width }
  }

  /// Calls `body` with the index of each row start after `lineStart` in its line, up to `limit`.
  ///
  /// Prose wraps at word boundaries: a row ends after the last space that fits,
  /// and a space at the edge hangs at the end of its row. A word longer than a
  /// row is cut where it reaches the edge.
  func forEachRowStart(from lineStart: Int, width: Int, until limit: Int, _ body: (Int) -> Void) {
    var col = 0
    var rowStart = lineStart
    var afterSpace = -1
    var i = lineStart
    while i < chars.count && i <= limit {
      let ch = chars[i]
      if TextEditor.isLineBreak(ch) { return }
      let w = columns(ch)
      if col + w > width && col > 0 {
        if TextEditor.isSpace(ch) {
          // The space hangs: the next row starts after it.
          guard i + 1 <= limit else { return }
          rowStart = i + 1
          body(rowStart)
          col = 0
          afterSpace = -1
          i += 1
          continue
        }
        rowStart = afterSpace > rowStart ? afterSpace : i
        body(rowStart)
        col = 0
        for k in rowStart..<i { col += columns(chars[k]) }
        afterSpace = -1
        if col + w > width && col > 0 {
          // The word does not fit a row of its own either: cut it here.
          rowStart = i
          body(rowStart)
          col = 0
        }
      }
      col += w
      if TextEditor.isSpace(ch) { afterSpace = i + 1 }
      i += 1
    }
  }

  /// A line feed: checked by its byte, as `==` on two `Character`s compares them as
  /// strings, slowly for any that is not ASCII (13% of a keystroke in a CJK rewrite).
  @inline(__always) static func isLineBreak(_ ch: Character) -> Bool { isByte(ch, 0x0A) }

  /// A space, checked by its byte as a line feed is.
  @inline(__always) static func isSpace(_ ch: Character) -> Bool { isByte(ch, 0x20) }

  /// Whether `ch` is the one-byte character `byte`.
  @inline(__always) static func isByte(_ ch: Character, _ byte: UInt8) -> Bool {
    ch.utf8.count == 1 && ch.utf8.first == byte
  }

  /// Printable ASCII, drawn as itself; everything else goes through the sanitiser.
  @inline(__always) static func isPrintableASCII(_ ch: Character) -> Bool {
    guard let a = ch.asciiValue else { return false }
    return a >= 0x20 && a != 0x7F
  }

  /// The cells any other character is drawn as: itself, or a visible placeholder.
  static func cells(_ ch: Character) -> [(text: Character, style: Style, width: Int)] {
    // One safe scalar (most of CJK and other scripts) is drawn as itself: the
    // sanitiser would say the same, far more slowly, and layout asks per character.
    let scalars = ch.unicodeScalars
    if scalars.count == 1, let s = scalars.first, Sanitizer.placeholder(for: s) == nil {
      return [(ch, .plain, max(1, DisplayWidth.of(ch)))]
    }
    return Sanitizer.sanitize(String(ch)).spans.flatMap { span in
      span.text.map { ($0, span.style, max(1, DisplayWidth.of($0))) }
    }
  }

  func layout(width: Int, from start: Int, rowLimit: Int) -> (
    rows: [[StyledSpan]], cursorRow: Int, cursorColumn: Int
  ) {
    let width = max(2, width)
    var rows: [[StyledSpan]] = [[]]
    var col = 0
    var cursorRow = 0
    var cursorCol = 0
    // Characters collect in a run of one style and become a span when the style or row changes.
    var run = ""
    var runStyle = Style.plain
    func flush() {
      if !run.isEmpty { rows[rows.count - 1].append(StyledSpan(run, runStyle)) }
      run = ""
    }
    func newRow() {
      flush()
      rows.append([])
      col = 0
    }
    func append(_ ch: Character, _ style: Style, _ w: Int) {
      // Only a placeholder wider than the row is cut here; words wrap at their row starts.
      if col + w > width { newRow() }
      if style != runStyle {
        flush()
        runStyle = style
      }
      run.append(ch)
      col += w
    }
    // Where the rows of the current line start (word wrapping), found a line at a time.
    var breaks: [Int] = []
    var nextBreak = 0
    // Rows past the cursor's are needed only up to `rowLimit`, and a row holds at most `width` characters.
    let horizon = rowLimit == Int.max ? Int.max : cursor + width * (rowLimit + 2)
    func startLine(_ at: Int) {
      breaks.removeAll(keepingCapacity: true)
      forEachRowStart(from: at, width: width, until: horizon) { breaks.append($0) }
      nextBreak = 0
    }
    startLine(start)
    for i in start..<chars.count {
      let ch = chars[i]
      if i > cursor && rows.count > rowLimit { break }
      if nextBreak < breaks.count && breaks[nextBreak] == i {
        nextBreak += 1
        newRow()
      }
      if i == cursor {
        cursorRow = rows.count - 1
        cursorCol = min(col, width - 1)
      }
      if TextEditor.isLineBreak(ch) {
        newRow()
        startLine(i + 1)
        continue
      }
      // A space hanging at the edge is not drawn.
      if TextEditor.isSpace(ch) && col + 1 > width { continue }
      if TextEditor.isByte(ch, 0x09) {
        for _ in 0..<4 { append(" ", .plain, 1) }
        continue
      }
      if TextEditor.isPrintableASCII(ch) {
        append(ch, .plain, 1)
        continue
      }
      for cell in TextEditor.cells(ch) { append(cell.text, cell.style, cell.width) }
    }
    if cursor >= chars.count && col >= width { newRow() }
    flush()
    if cursor >= chars.count {
      cursorRow = rows.count - 1
      cursorCol = col
    }
    return (rows, cursorRow, cursorCol)
  }
}
