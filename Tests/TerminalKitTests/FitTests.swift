import Testing

@testable import TerminalKit

@Suite struct FitTests {
  @Test func textIsCutAtAWordWithAnEllipsis() {
    #expect(Fit.words("fits as it is", width: 13) == "fits as it is")
    #expect(
      Fit.words("Please re-read and answer again · change your answer", width: 36)
        == "Please re-read and answer again…")
    #expect(Fit.words("one two three", width: 9) == "one two…")
    // One word longer than the width is cut inside it.
    #expect(Fit.words("Rationalisation", width: 6) == "Ratio…")
    // Wide characters count two columns.
    #expect(Fit.words("日本語 のテキスト", width: 8) == "日本語…")
    #expect(Fit.words("abc", width: 0) == "")
  }
}
