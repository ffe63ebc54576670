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
