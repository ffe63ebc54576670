import Testing

@testable import Annotation

@Suite struct WordCountTests {
  @Test func chineseAndJapaneseCountTheirCharacters() {
    #expect(WordCount.words("量子纠缠是一种现象。它很奇妙。") == 13)
    #expect(WordCount.words("秋の空") == 3)
    #expect(WordCount.words("Hello, world!  Two words") == 4)
    #expect(WordCount.words("GPT-4 说：你好") == 4)
    #expect(WordCount.words("한국어 문장입니다") == 2)
    #expect(WordCount.label(1) == "1 word")
    #expect(WordCount.label(0) == "0 words")
  }

  /// Counting bytes for plain ASCII gives what counting characters gives, and every
  /// other text is counted as characters.
  @Test func charactersAreCountedAsStringCountsThem() {
    for text in [
      "", "plain words", "line\nbreak", "crlf\r\nend", "\r\n", "é", "e\u{301}", "👍🏽 ok", "tab\t",
    ] {
      #expect(WordCount.characters(text) == text.count, "\(text.debugDescription)")
    }
  }

  /// The eight-at-a-time check agrees with a byte at a time: a carriage return or a
  /// byte past ASCII at every place of texts of every length up to three words.
  @Test func plainASCIIIsSeenAtEveryPlaceAndLength() {
    for length in 0...25 {
      let plain = (0..<length).map { UInt8(0x20 + ($0 * 7) % 0x5F) }
      #expect(plain.withUnsafeBytes { WordCount.isPlainASCII($0) })
      for at in 0..<length {
        for odd: UInt8 in [0x0D, 0x80, 0xC3, 0xFF, 0x8D] {
          var bytes = plain
          bytes[at] = odd
          #expect(
            !bytes.withUnsafeBytes { WordCount.isPlainASCII($0) }, "\(odd) at \(at) of \(length)")
        }
        // Bytes next to a carriage return's value are plain.
        for near: UInt8 in [0x0C, 0x0E, 0x00, 0x7F, 0x1D] {
          var bytes = plain
          bytes[at] = near
          #expect(bytes.withUnsafeBytes { WordCount.isPlainASCII($0) })
        }
      }
    }
  }
}

/// A candidate's text is its messages' contents with a blank line between them.
@Suite struct CandidateTextTests {
  @Test func messagesJoinWithABlankLine() {
    let contents = ["first", "", "é\r", "\nlast 👍🏽"]
    for n in 0...contents.count {
      let c = Candidate(
        id: "c", messages: contents.prefix(n).map { Message(role: .assistant, content: $0) })
      let expected = contents.prefix(n).joined(separator: "\n\n")
      #expect(c.text == expected)
      #expect(Array(c.text.utf8) == Array(expected.utf8))
      #expect(WordCount.characters(c.text) == expected.count)
    }
  }
}

/// Counting scalars stands in for counting characters only where the two agree.
@Suite struct CharacterCountTests {
  @Test func randomMixedTextsCountAsStringCountsThem() {
    // Pieces each rule may join or keep apart: CR LF, combining marks after Latin,
    // kana and ideographs, the kana voicing marks spaced and combining, a variation
    // selector, emoji with a skin tone, flags, Hangul jamo and syllables.
    let pieces = [
      "a", " ", "\r", "\n", "\r\n", "é", "e", "\u{301}", "ß", "\u{AD}", "表", "数", "。", "の",
      "か", "\u{3099}", "\u{309B}", "ト", "ー", "\u{302A}", "〜", "\u{FE0F}", "👍", "🏽", "🇫", "🇷",
      "\u{1100}", "\u{1161}", "한", "\u{200D}", "Ω", "\u{2019}", "\t",
    ]
    var g = SplitMix64(seed: 42)
    for _ in 0..<3_000 {
      let n = Int(g.next() % 12)
      let text = (0..<n).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
      #expect(WordCount.characters(text) == text.count, "\(text.debugDescription)")
    }
  }

  @Test func textOfIdeographsAndKanaIsCountedByItsScalars() {
    let text = "表数。訓練のデータ、ok"
    let scalars = text.utf8.withContiguousStorageIfAvailable {
      WordCount.scalarsEachOneCharacter(UnsafeRawBufferPointer($0))
    }
    #expect(scalars == .some(text.count))
    // A combining voicing mark joins the kana before it: left to `String.count`.
    let voiced = "か\u{3099}"
    #expect(
      voiced.utf8.withContiguousStorageIfAvailable {
        WordCount.scalarsEachOneCharacter(UnsafeRawBufferPointer($0))
      } == .some(nil))
    #expect(WordCount.characters(voiced) == 1)
  }
}
