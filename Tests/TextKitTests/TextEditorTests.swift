import Testing

@testable import TerminalKit
@testable import TextKit

/// The editor's model: its text, and the rows it lays out around the cursor.
@Suite struct TextEditorTests {
  func plain(_ rows: [[StyledSpan]]) -> [String] { rows.map { $0.map(\.text).joined() } }

  @Test func rowsWrapAtTheWidthAndTabsStayWhole() {
    var e = TextEditor("abcdefg\nxy\tz", cursorAtEnd: false)
    let full = e.layout(width: 5)
    #expect(plain(full.rows) == ["abcde", "fg", "xy", "    z"])
    #expect(full.cursorRow == 0 && full.cursorColumn == 0)
    e.textEnd()
    let end = e.layout(width: 5)
    // At the end of a full row the cursor waits at the start of the next.
    #expect(end.cursorRow == 4 && end.cursorColumn == 0)
    // Control characters are shown as placeholders, never raw.
    let hostile = TextEditor("a\u{1B}[31mb").layout(width: 40)
    #expect(!plain(hostile.rows).joined().unicodeScalars.contains { $0.value == 0x1B })
  }

  /// Typing splices the kept text's bytes: after any run of inserts and deletes, at any
  /// place, the text is the join of the characters, byte for byte, even where the
  /// edit makes neighbours one grapheme (a combining accent, a ZWJ, CR then LF).
  @Test func typingSplicesTheSameBytesAsAJoin() {
    let pieces = [
      "a", " ", "\n", "é", "e", "\u{301}", "日本", "👩", "\u{200D}", "👧", "\r", "\n", "\r\n",
      "\t", "\u{1B}", "x y", "🇯", "🇵",
    ]
    var random: UInt64 = 28
    func next(_ n: Int) -> Int {
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(random >> 33) % n
    }
    for round in 0..<40 {
      var e = TextEditor(round % 2 == 0 ? "start é 日本 👩‍👩‍👧\n" : "", cursorAtEnd: round % 3 != 0)
      _ = e.text
      for step in 0..<200 {
        switch next(9) {
        case 0...3: e.insert(pieces[next(pieces.count)])
        case 4: e.deleteBack()
        case 5: e.deleteForward()
        case 6: e.left()
        case 7: e.right()
        default:
          if next(2) == 0 { e.up() } else { e.textStart() }
        }
        let joined = TextEditor.join(e.chars)
        #expect(
          Array(e.text.utf8) == Array(joined.utf8), "round \(round), step \(step): \(e.chars)")
        if Array(e.text.utf8) != Array(joined.utf8) { return }
      }
    }
  }

  @Test func textJoinsEveryKindOfCharacter() {
    let samples = [
      "", "plain", "e\u{301}tude", "👩‍👩‍👧 family", "日本語", "a\r\nb",
      String(repeating: "x é 日 ", count: 500),
    ]
    for s in samples {
      var e = TextEditor(s)
      e.insert("!")
      #expect(e.text == s + "!")
    }
  }

  /// The windowed layout used while typing shows the same rows around the cursor as
  /// laying out the whole text.
  @Test func windowedLayoutMatchesTheFullLayoutAroundTheCursor() {
    var random: UInt64 = 99
    func next(_ n: Int) -> Int {
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(random >> 33) % n
    }
    let pieces = ["word ", "longerword ", "\n", "\n\n", "日本 ", "\t", "é "]
    for round in 0..<120 {
      // Half the texts are one long line, so the window starts in the middle of it.
      let choices = round % 2 == 0 ? pieces : pieces.filter { !$0.contains("\n") }
      let text = (0..<next(400)).map { _ in choices[next(choices.count)] }.joined()
      var e = TextEditor(text, cursorAtEnd: false)
      for _ in 0..<next(text.count + 1) { e.right() }
      let width = 5 + next(30)
      let height = 2 + next(10)
      let full = e.layout(width: width)
      let window = e.layout(width: width, height: height)
      let w = plain(window.rows)
      let f = plain(full.rows)
      #expect(window.cursorColumn == full.cursorColumn)
      // The cursor's row and the rows after it are the same, up to the window's last
      // row (which may stop mid-row).
      let after = min(w.count - 1 - window.cursorRow, f.count - full.cursorRow)
      #expect(
        Array(w[window.cursorRow..<(window.cursorRow + after)])
          == Array(f[full.cursorRow..<(full.cursorRow + after)]))
      #expect(window.cursorRow >= min(height, full.cursorRow) - 1)
    }
  }
}

@Suite struct EditorWordWrapTests {
  /// The rows, trailing spaces trimmed, with the cursor at the start.
  func rows(_ text: String, width: Int) -> [String] {
    var e = TextEditor(text)
    e.textStart()
    return e.layout(width: width).rows.map {
      String($0.plainText.reversed().drop { $0 == " " }.reversed())
    }
  }

  @Test func proseWrapsAtWordBoundaries() {
    #expect(rows("see you in a week.", width: 12) == ["see you in a", "week."])
    #expect(rows("one two three four", width: 9) == ["one two", "three", "four"])
    // A space at the edge hangs at the end of its row instead of starting the next.
    #expect(rows("abcd efgh", width: 4) == ["abcd", "efgh"])
  }

  @Test func aWordLongerThanARowIsCut() {
    #expect(rows("x supercalifragilistic y", width: 8) == ["x", "supercal", "ifragili", "stic y"])
  }

  @Test func theCursorStaysOnItsWord() {
    var e = TextEditor("see you in a week.")
    e.textEnd()
    let l = e.layout(width: 12)
    #expect(l.cursorRow == 1)
    #expect(l.cursorColumn == 5)
  }
}
