import Testing

@testable import TerminalKit

@Suite struct WrapTests {
  func lines(_ s: String, _ w: Int) -> [String] {
    Wrap.wrap([StyledSpan(s)], width: w).map { $0.plainText }
  }

  @Test func wrapsAtSpaces() {
    #expect(lines("the quick brown fox", 10) == ["the quick", "brown fox"])
  }

  @Test func breaksAWordLongerThanTheWidth() {
    #expect(lines("abcdefghij xy", 4) == ["abcd", "efgh", "ij", "xy"])
  }

  @Test func cjkBreaksAnywhere() {
    #expect(lines("日本語のテキスト", 6) == ["日本語", "のテキ", "スト"])
  }

  @Test func wideCharacterNeverStraddlesTheEdge() {
    let out = lines("abcd日本", 5)
    #expect(out == ["abcd", "日本"])
    for line in out { #expect(DisplayWidth.of(line) <= 5) }
  }

  @Test func emptyLinesAreKept() {
    #expect(lines("a\n\nb", 10) == ["a", "", "b"])
    #expect(lines("", 10) == [""])
  }

  @Test func trailingSpacesAtASoftBreakAreDropped() {
    #expect(lines("aaaa    bbbb", 6) == ["aaaa", "bbbb"])
    #expect(lines("ab  ", 10) == ["ab  "])
  }

  @Test func leadingIndentOfALineIsKept() {
    #expect(lines("  - item", 20) == ["  - item"])
  }

  @Test func stylesSurviveWrapping() {
    let out = Wrap.wrap([StyledSpan("aa "), StyledSpan("bb", .placeholder)], width: 3)
    #expect(out.count == 2)
    #expect(out[1] == [StyledSpan("bb", .placeholder)])
  }

  @Test func clipCutsWideCharactersAtEitherEdgeToSpaces() {
    let line = [StyledSpan("a日b")]
    #expect(Wrap.clip(line, offset: 2, width: 5).plainText == " b")
    #expect(Wrap.clip(line, offset: 0, width: 2).plainText == "a ")
  }

  @Test func gridNeverPutsAWideCharacterAcrossTheEdge() {
    var grid = Grid(width: 3, height: 1)
    grid.put("ab日", x: 0, y: 0)
    #expect(grid.lines == ["ab"])
    #expect(grid[2, 0].width == 1)
  }

  /// The byte-level wrap of printable ASCII breaks exactly where the character-level one does.
  @Test func asciiWrapMatchesTheCharacterWrap() {
    let words = ["a", "word", "  ", " ", "longerwordthanthewidth", "x.", "(y)", "   "]
    let styles = [Style.plain, Style(bold: true), Style(fg: .cyan)]
    var state: UInt64 = 3
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % n
    }
    for _ in 0..<4000 {
      let spans = (0..<(1 + next(6))).map { _ in
        StyledSpan(
          (0..<(1 + next(5))).map { _ in words[next(words.count)] }.joined(), styles[next(3)])
      }
      let width = 1 + next(24)
      var fast: [[StyledSpan]] = []
      var slow: [[StyledSpan]] = []
      #expect(Wrap.wrapPrintableASCII(spans, width: width, into: &fast))
      Wrap.wrapLineByCharacters(spans, width: width, into: &slow)
      #expect(fast == slow, "width \(width): \(spans.map(\.text))")
    }
    var unused: [[StyledSpan]] = []
    #expect(!Wrap.wrapPrintableASCII([StyledSpan("caf\u{E9}")], width: 10, into: &unused))
  }

  @Test func splitLinesBreaksAtEachLineFeedCharacterAsACharacterWalkDoes() {
    // The split walked characters before; it walks bytes now. The same lines and
    // spans for text with accents, CR, LF, CR LF, emoji and empty spans.
    func byCharacters(_ spans: [StyledSpan]) -> [[StyledSpan]] {
      var lines: [[StyledSpan]] = [[]]
      for span in spans {
        var piece = ""
        for ch in span.text {
          if ch == "\n" {
            if !piece.isEmpty { lines[lines.count - 1].append(StyledSpan(piece, span.style)) }
            piece = ""
            lines.append([])
          } else {
            piece.append(ch)
          }
        }
        if !piece.isEmpty { lines[lines.count - 1].append(StyledSpan(piece, span.style)) }
      }
      return lines
    }
    let palette = [
      "a", "word ", "\u{E9}", "e\u{301}", "\n", "\r", "\r\n", "\u{65E5}", "\u{1F468}\u{200D}\u{1F469}",
      "\u{301}", "\t", "",
    ]
    var seed: UInt64 = 7
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(n))
    }
    for round in 0..<500 {
      let spans = (0..<(1 + next(3))).map { k in
        StyledSpan(
          (0..<next(12)).map { _ in palette[next(palette.count)] }.joined(),
          Style(bold: k % 2 == 1))
      }
      #expect(Wrap.splitLines(spans) == byCharacters(spans), "round \(round): \(spans)")
    }
  }

}
