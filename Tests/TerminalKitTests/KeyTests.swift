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
    let split = "\u{1B}[200~a\rb\u{1B}[201~".unicodeScalars.map { InputDecoder.Unit.char(Character($0)) }
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
