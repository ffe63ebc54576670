import Testing

@testable import TerminalKit
@testable import TextKit

@Suite struct WordDiffTests {
  @Test func diffFindsChangedWords() {
    let d = WordDiff.diff("the quick brown fox", "the slow brown fox jumps")
    #expect(
      d == [
        .same("the "), .removed("quick"), .added("slow"), .same(" brown fox"), .added(" jumps"),
      ])
    #expect(WordDiff.counts(d) == (2, 1))
  }

  @Test func identicalAndEmpty() {
    #expect(WordDiff.diff("a b", "a b") == [.same("a b")])
    #expect(WordDiff.diff("", "x") == [.added("x")])
    #expect(WordDiff.diff("", "") == [])
  }

  /// A keystroke in a long paragraph without spaces diffs a few characters, not the
  /// paragraph; what it reports removed and added comes from the old and new text.
  @Test func windowStaysSmallInTextWithoutSpaces() {
    let paragraph = String(repeating: "日本語の文章には空白がない。", count: 200)
    for (old, new) in [
      (paragraph, paragraph + "x"), (paragraph, "x" + paragraph),
      (paragraph, String(paragraph.dropLast(5)) + "é" + String(paragraph.suffix(5))),
      ("word " + paragraph, "ward " + paragraph),
    ] {
      let pieces = WordDiff.window(old, new, context: 0)
      var changed = 0
      for p in pieces {
        switch p {
        case .same: break
        case .removed(let t):
          changed += t.utf8.count
          #expect(old.contains(t))
        case .added(let t):
          changed += t.utf8.count
          #expect(new.contains(t))
        }
      }
      #expect(changed > 0 && changed < 120, "\(pieces)")
    }
    // Between words it still widens to whole words.
    let words = WordDiff.window("the quick fox", "the quack fox", context: 0).filter {
      if case .same = $0 { false } else { true }
    }
    #expect(words == [.removed("quick"), .added("quack")])
  }
}

@Suite struct MarkdownTests {
  @Test func codeBlocksAreNotReflowed() {
    let lines = Markdown.render(
      "text\n```swift\nlet a = 1 // a very long comment that would wrap\n```", width: 20)
    #expect(
      lines.contains {
        $0.isCode && $0.spans.plainText.contains("very long comment that would wrap")
      })
  }

  @Test func tablesAlignByDisplayWidth() {
    let lines = Markdown.render("| a | 名前 |\n|---|---|\n| long cell | x |", width: 40)
    let widths = lines.map { DisplayWidth.of($0.spans.plainText) }
    #expect(Set(widths).count == 1)
  }

  @Test func headingsListsBoldAndInlineCode() {
    let lines = Markdown.render("# Title\n- item **bold** `code`", width: 40)
    #expect(lines[0].spans.first?.style.bold == true)
    #expect(lines[1].spans.plainText == "• item bold code")
    #expect(lines[1].spans.contains { $0.text == "bold" && $0.style.bold })
  }

  /// Found by FuzzMarkdown: at widths below the hanging indent plus four columns,
  /// list items overflowed the pane.
  @Test func listsFitVeryNarrowPanes() {
    let text = "- item one\n  - nested item\n12. numbered item\n\u{2022} not a list"
    for width in 1...10 {
      for line in Markdown.render(text, width: width) {
        #expect(line.spans.width <= max(width, 2), "width \(width): \(line.spans.plainText)")
      }
    }
    #expect(Markdown.render("- item", width: 3).map(\.spans.plainText) == ["• i", "tem"])
  }
}

@Suite struct MarkdownSourceLinesTests {
  @Test func linesSplitOnBytesAsOnCharacters() {
    // Without "\r\r\n" the byte split gives the character split of the CR LF-folded text.
    let palette = ["a", "\u{E9}", "e\u{301}", "\n", "\r\n", "\r", "x\r", "\u{65E5}", "|", "`", ""]
    var seed: UInt64 = 11
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(n))
    }
    for _ in 0..<500 {
      let text = (0..<next(20)).map { _ in palette[next(palette.count)] }.joined()
      guard !text.contains("\r\r\n") else { continue }
      let folded = text.replacing("\r\n", with: "\n")
      let expected = folded.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(Markdown.sourceLines(text) == expected, "\(Array(text.unicodeScalars))")
    }
    // CR CR LF: the folded CR LF is a line break too (a character walk kept it as one character).
    #expect(Markdown.sourceLines("a\r\r\nb") == ["a\r", "b"])
    #expect(Markdown.sourceLines("") == [""])
    #expect(Markdown.sourceLines("a\n") == ["a", ""])
  }
}
