import Foundation
import Testing

@testable import TerminalKit

@Suite struct SanitizerTests {
  func shown(_ s: String) -> String { Sanitizer.sanitize(s).spans.plainText }
  func count(_ s: String) -> Int { Sanitizer.sanitize(s).replaced }

  @Test func c0ControlsBecomeCaretNotation() {
    #expect(shown("a\u{1B}[2Jb") == "a^[[2Jb")
    #expect(shown("bell\u{07}") == "bell^G")
    #expect(shown("nul\u{0}x") == "nul^@x")
    #expect(count("a\u{1B}b\u{07}") == 2)
  }

  @Test func tabAndLineFeedAreKept() {
    #expect(shown("a\tb\nc") == "a   b\nc")
    #expect(count("a\tb\nc") == 0)
  }

  @Test func tabsExpandToTheNextStop() {
    #expect(shown("ab\tc") == "ab  c")
    #expect(shown("x\n\ty") == "x\n    y")
  }

  @Test func deleteIsShown() {
    #expect(shown("a\u{7F}") == "a^?")
  }

  @Test func c1ControlsAreShown() {
    #expect(shown("\u{9B}31m") == "<U+009B>31m")
    #expect(shown("\u{85}") == "<U+0085>")
  }

  @Test func loneCarriageReturnIsShownAndCRLFBecomesLF() {
    #expect(shown("a\rb") == "a^Mb")
    #expect(shown("a\r\nb") == "a\nb")
    #expect(count("a\r\nb") == 0)
  }

  @Test func bidiControlsAreNamed() {
    #expect(shown("x\u{202E}y") == "x<RLO>y")
    #expect(shown("\u{2066}\u{2069}\u{200E}\u{200F}\u{061C}") == "<LRI><PDI><LRM><RLM><ALM>")
  }

  @Test func invisibleFormatCharactersAreShown() {
    #expect(shown("a\u{200B}b") == "a<ZWSP>b")
    #expect(shown("\u{FEFF}x") == "<BOM>x")
    #expect(shown("co\u{AD}op") == "co<SHY>op")
    #expect(shown("\u{2060}\u{2062}") == "<WJ><U+2062>")
    #expect(shown("a\u{200D}b") == "a<ZWJ>b")
  }

  @Test func zwjInsideAnEmojiSequenceIsKept() {
    #expect(shown("👨‍👩‍👧") == "👨‍👩‍👧")
    #expect(count("👨‍👩‍👧") == 0)
  }

  @Test func tagCharactersRevealWhatTheySmuggle() {
    #expect(shown("hi\u{E0068}\u{E0069}") == "hi<TAG h><TAG i>")
  }

  @Test func hugeCombiningStacksAreCapped() {
    let s = "a" + String(repeating: "\u{301}", count: 10_000)
    let out = Sanitizer.sanitize(s)
    #expect(out.spans.plainText.hasSuffix("<+9996 marks>"))
    #expect(out.replaced == 1)
  }

  @Test func placeholdersHaveTheirOwnStyle() {
    let out = Sanitizer.sanitize("a\u{1B}b")
    #expect(out.spans == [StyledSpan("a"), StyledSpan("^[", .placeholder), StyledSpan("b")])
  }

  @Test func jsonDecodedAttackStringsAreNeutralised() throws {
    let json = #"["\u001b]0;pwned\u0007", "\u001b[2J", "\u009b31m", "a\rb", "\u202e"]"#
    let strings = try JSONDecoder().decode([String].self, from: Data(json.utf8))
    let shownAll = strings.map(shown)
    #expect(shownAll == ["^[]0;pwned^G", "^[[2J", "<U+009B>31m", "a^Mb", "<RLO>"])
    for s in shownAll {
      for scalar in s.unicodeScalars {
        #expect(
          scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value))
      }
    }
    #expect(strings.map(Sanitizer.hostileCount) == [2, 1, 1, 1, 1])
  }
  /// Short random strings over characters that need care: controls, CRLF, marks, joiners, bidi.
  static func trickyStrings(_ count: Int) -> [String] {
    let alphabet: [String] = [
      "a", " ", "\n", "\t", "\r", "\r\n", "\u{1B}", "\u{7F}", "\u{85}", "é", "日", "😀", "\u{200D}",
      "\u{301}", "\u{202E}",
      "\u{200B}", "\u{FE0F}", "\u{E0041}", "x", "ab c",
    ]
    var state: UInt64 = 5
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1
      return (0..<Int(state >> 60) + 1).map { k in
        alphabet[Int((state >> UInt64(k * 5 % 50)) % UInt64(alphabet.count))]
      }.joined()
    }
  }

  /// The scalar-by-scalar count agrees with what sanitising replaces.
  @Test func fastHostileCountAgreesWithTheSanitiser() throws {
    var checkedFast = 0
    // Found by FuzzSanitizer: marks around a ZWNJ placeholder were counted as excess.
    let marks = "c\u{31F}\u{200C}\u{327}\u{200D}\u{31F}"
    for text in Self.trickyStrings(3000) + [marks] {
      let replaced = Sanitizer.sanitize(text).replaced
      if let fast = Sanitizer.hostileCountByScalars(text) {
        checkedFast += 1
        #expect(fast == replaced, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
      }
      #expect(Sanitizer.hostileCount(text) == replaced)
    }
    #expect(checkedFast > 300)
  }

  /// Found by FuzzMarkdown: a ZWNJ after an emoji was let through as part of an emoji
  /// sequence; only ZWJ joins emoji, so ZWNJ is always shown.
  @Test func zeroWidthNonJoinerIsShownEvenAfterAnEmoji() {
    let out = Sanitizer.sanitize("\u{1F469}\u{200C}x")
    #expect(out.replaced == 1)
    #expect(out.spans.contains { $0.style == .placeholder && $0.text == "<ZWNJ>" })
    #expect(Sanitizer.sanitize("\u{1F468}\u{200D}\u{1F469}").replaced == 0)
  }

  /// Found by FuzzSanitizer: a joiner left after a placeholder split an emoji cluster
  /// joined nothing in the output, yet was drawn raw.
  @Test func joinersAreDrawnOnlyBetweenEmojiTheyJoin() {
    for text in [
      "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{31F}\u{200C}\u{200D}x",
      "\u{1F468}\u{200D}\u{1F469}\u{200C}\u{200D}\u{1F467}",
      "\u{1F468}\u{31F}\u{200D}\u{1F469}",
    ] {
      for span in Sanitizer.sanitize(text).spans where span.style != .placeholder {
        for ch in span.text {
          for s in ch.unicodeScalars {
            #expect(
              Sanitizer.placeholder(for: s, inEmoji: Sanitizer.isEmojiSequence(ch)) == nil,
              "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
          }
        }
      }
    }
    // A whole family stays one glyph.
    #expect(Sanitizer.sanitize("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}").replaced == 0)
  }

  /// Copying plain ASCII runs whole gives the same spans as adding character by character.
  @Test func asciiRunsSanitizeLikeCharacters() {
    for text in Self.trickyStrings(3000) {
      var builder = Sanitizer.Builder(style: .plain)
      for ch in text { builder.add(ch) }
      let expected = Sanitizer.Result(spans: builder.finish(), replaced: builder.replaced)
      #expect(
        Sanitizer.sanitize(text) == expected,
        "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }

}
