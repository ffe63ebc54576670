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
}
