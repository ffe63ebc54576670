import Testing

@testable import TerminalKit

@Suite struct KeyTests {
  static let names = [
    "<C-s>", "<A-x>", "<Enter>", "<Tab>", "<S-Tab>", "<Esc>", "<BS>", "<Del>", "<Up>", "<Down>",
    "<Left>", "<Right>", "<Home>", "<End>", "<PageUp>", "<PageDown>", "<F1>", "<F12>", "<Space>",
    "<Insert>", "<C-A-x>", "<C-Up>", "<lt>", "a", "?", "G", "1", "é", "日", ":",
  ]

  @Test(arguments: names) func everyNameRoundTrips(_ name: String) throws {
    let key = try #require(Key(name: name))
    #expect(key.description == name)
  }

  @Test func sequencesParseAndPrint() throws {
    let seq = try #require(Key.parseSequence("g g"))
    #expect(seq == [.char("g"), .char("g")])
    #expect(Key.name(of: try #require(Key.parseSequence("<C-x> <C-c>"))) == "<C-x> <C-c>")
  }

  @Test func aliasesAreAccepted() {
    #expect(Key(name: "<CR>") == .enter)
    #expect(Key(name: "<M-x>") == .alt("x"))
    #expect(Key(name: "<C-S>") == .ctrl("s"))
  }

  @Test func badNamesAreRejected() {
    #expect(Key(name: "<Nope>") == nil)
    #expect(Key(name: "ab") == nil)
    #expect(Key(name: "<X-a>") == nil)
    #expect(Key.parseSequence("") == nil)
  }
}

@Suite struct InputDecoderTests {
  func feed(_ units: [InputDecoder.Unit]) -> [Key] {
    var d = InputDecoder()
    return units.flatMap { d.feed($0) }
  }

  @Test func controlCharactersBecomeCtrlKeys() {
    #expect(feed([.char("\u{13}")]) == [.ctrl("s")])
    #expect(feed([.char("\r")]) == [.enter])
    #expect(feed([.char("\u{7F}")]) == [.backspace])
  }

  @Test func escapeThenCharacterIsAlt() {
    #expect(feed([.char("\u{1B}"), .char("x")]) == [.alt("x")])
  }

  @Test func loneEscapeIsEscAfterTheDelay() {
    #expect(feed([.char("\u{1B}"), .idle]) == [.esc])
  }

  @Test func bracketedPasteIsOneKey() {
    let text = "\u{1B}[200~hi\r\nthere\u{1B}[201~"
    #expect(feed(text.map { .char($0) }) == [Key(.paste("hi\nthere"))])
    let split = "\u{1B}[200~a\rb\u{1B}[201~".unicodeScalars.map {
      InputDecoder.Unit.char(Character($0))
    }
    #expect(feed(split) == [Key(.paste("a\nb"))])
  }
}

@Suite struct LayoutTests {
  @Test func splitsHonourFixedPercentAndMin() {
    let r = Rect(x: 0, y: 0, width: 100, height: 10)
    let parts = r.split(.horizontal, [.fixed(20), .percent(30), .min(10)])
    #expect(parts.map(\.width) == [20, 30, 50])
    #expect(parts.map(\.x) == [0, 20, 50])
  }

  @Test func tooSmallShrinksFromTheEnd() {
    let r = Rect(x: 0, y: 0, width: 10, height: 3)
    #expect(r.split(.vertical, [.fixed(2), .fixed(5)]).map(\.height) == [2, 1])
  }
}

@Suite struct EmojiMeasureTests {
  @Test func cursorReportsOnTheProbeRowAreTakenAndCtrlF3StaysAKey() {
    var d = InputDecoder()
    d.reportRow = 40
    var keys: [Key] = []
    for ch in "\u{1B}[40;3R\u{1B}[40;5Rx" { keys += d.feed(.char(ch)) }
    #expect(d.cursorReports.map(\.col) == [3, 5])
    #expect(keys == [.char("x")])
    // Row 1 is never a probe row: ESC [ 1 ; 5 R is Ctrl-F3.
    var k = InputDecoder()
    k.reportRow = 40
    var f3: [Key] = []
    for ch in "\u{1B}[1;5R" { f3 += k.feed(.char(ch)) }
    #expect(k.cursorReports.isEmpty && !f3.isEmpty)
  }

  /// A reply split by a slow link, fed with idle ticks between its pieces.
  func splitReply(_ pieces: [String], idles: Int, awaited: Int = 1) -> (InputDecoder, [Key]) {
    var d = InputDecoder()
    d.reportRow = 24
    d.awaitedReports = awaited
    var keys: [Key] = []
    for (i, piece) in pieces.enumerated() {
      if i > 0 { for _ in 0..<idles { keys += d.feed(.idle) } }
      for ch in piece { keys += d.feed(.char(ch)) }
    }
    return (d, keys)
  }

  @Test func aReplySplitAcrossIdleTicksIsOneReportNeverKeys() {
    for cut in 1..<7 {
      let reply = Array("\u{1B}[24;13R")
      let (d, keys) = splitReply([String(reply[..<cut]), String(reply[cut...])], idles: 20)
      #expect(keys.isEmpty, "cut after \(cut) characters gave keys \(keys)")
      #expect(d.cursorReports.map(\.col) == [13])
      #expect(d.awaitedReports == 0)
    }
  }

  @Test func aHeldPrefixBecomesKeysWhenTheTerminalStopsAnswering() {
    var (d, keys) = splitReply(["\u{1B}[24;1"], idles: 0)
    for _ in 0..<InputDecoder.holdLimit { keys += d.feed(.idle) }
    #expect(!keys.isEmpty && d.cursorReports.isEmpty && d.awaitedReports == 0)
    // Nothing awaited: a lone Esc is Esc after one idle tick, as always.
    var plain = InputDecoder()
    plain.reportRow = 24
    #expect((plain.feed(.char("\u{1B}")) + plain.feed(.idle)) == [.esc])
  }

  @Test func eachSequenceGetsAWholeHoldOfItsOwn() {
    // A prefix held for 50 ticks, then ended by a letter, leaves the next reply
    // the whole limit: 50 more ticks between its pieces still make one report.
    var d = InputDecoder()
    d.reportRow = 24
    d.awaitedReports = 1
    var keys: [Key] = []
    for ch in "\u{1B}[2" { keys += d.feed(.char(ch)) }
    for _ in 0..<50 { keys += d.feed(.idle) }
    keys += d.feed(.char("x"))
    #expect(!keys.isEmpty)
    keys = []
    for ch in "\u{1B}[24;" { keys += d.feed(.char(ch)) }
    for _ in 0..<50 { keys += d.feed(.idle) }
    for ch in "7R" { keys += d.feed(.char(ch)) }
    #expect(keys.isEmpty && d.cursorReports.map(\.col) == [7])
  }

  @Test func onlyReportShapedPrefixesAreHeld() {
    // Another row's sequence, or a letter, is not a report: it flushes at once.
    let (_, other) = splitReply(["\u{1B}[25", ""], idles: 1)
    #expect(!other.isEmpty)
    let (_, alt) = splitReply(["\u{1B}x"], idles: 0)
    #expect(alt == [.alt("x")])
  }

  @Test func emojiSequencesAreClassifiedAndMeasuredWidthsApply() {
    #expect(EmojiWidths.kind(of: "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}") == .joined)
    #expect(EmojiWidths.kind(of: "\u{1F44D}\u{1F3FD}") == .modified)
    #expect(EmojiWidths.kind(of: "\u{2744}\u{FE0F}") == .presentation)
    #expect(EmojiWidths.kind(of: "e\u{301}") == nil && EmojiWidths.kind(of: "a") == nil)
    let tmux = EmojiWidths(joined: 2, modified: 4, presentation: 1)
    #expect(tmux.width(.modified) == 4 && tmux.width(.presentation) == 1)
    #expect(EmojiWidths(joined: 0, modified: 99, presentation: 2).width(.joined) == 1)
    // Unmeasured (as in every test), a sequence is drawn as its base.
    #expect(DisplayWidth.emoji == nil)
    #expect(DisplayGlyph.drawable("\u{1F44D}\u{1F3FD}").text == "\u{1F44D}")
  }
}
