import Codecs
import Foundation
import Platform
import Testing

/// The plain-Swift replacements for what the binary no longer links from Foundation
/// give what Foundation gave, checked against Foundation itself (the tests link it).
@Suite struct FoundationParityTests {
  /// White space, line breaks, the scalars around them, and text to keep.
  static let pieces: [String] = [
    " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}",
    "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
    "\u{180E}", "\u{FEFF}", "a", "é", "e\u{301}", " \u{301}", "日本", "🙂", "-", "_", "0",
  ]

  static func randomTexts(_ count: Int, seed: UInt64) -> [String] {
    var g = seed
    func next() -> Int {
      g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: g >> 33)
    }
    return (0..<count).map { _ in
      (0..<(next() % 9)).map { _ in pieces[next() % pieces.count] }.joined()
    }
  }

  @Test func trimmingMatchesFoundationForEveryScalarAtEitherEnd() {
    for v in UInt32(0)..<0x3100 {
      guard let s = Unicode.Scalar(v) else { continue }
      for text in ["\(s)x\(s)", "\(s)", "x\(s)\(s)y"] {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(
          text.trimmingWhitespace(newlines: false) == text.trimmingCharacters(in: .whitespaces))
      }
    }
    for text in Self.randomTexts(3000, seed: 7) {
      #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
      #expect(text.trimmingWhitespace(newlines: false) == text.trimmingCharacters(in: .whitespaces))
    }
  }

  @Test func formattedNumbersMatchFoundation() {
    let doubles: [Double] = [0, -0.0, 0.5, 1.25, 2.5, 99.95, 1e-7, 123_456.789, 1e300, -3.75]
    for x in doubles {
      for f in ["%.0f", "%.1f", "%.2f", "%.3f", "%.6f", "%.12g", "%5.1f", "%.0f%%", "< %.2f"] {
        #expect(String(cFormat: f, x) == String(format: f, x))
      }
    }
    for i in [0, 7, 42, 1234, 99_999, -5] {
      for f in ["%d", "%02d", "%04d", "%5d", "%10d", "demo-%04d", "%02x"] {
        #expect(String(cFormat: f, i) == String(format: f, i))
      }
    }
    #expect(String(cFormat: "%dh%02dm", 3, 7) == "3h07m")
    #expect(String(cFormat: "%d/%d (%.0f%%)", 3, 4, 75.0) == "3/4 (75%)")
    // Longer than the first buffer.
    let wide = String(cFormat: "%200.3f", 1.5)
    #expect(wide.count == 200 && wide.hasSuffix("1.500"))
  }

  @Test func replacingMatchesFoundationByteForByte() {
    // ASCII targets, as Rubric replaces (Foundation also matches a non-ASCII target
    // in any canonically equivalent spelling; bytes match one spelling).
    let targets = ["\"", "|", "<lt>", ":", "T", "\n"]
    for text in Self.randomTexts(2000, seed: 11) + ["a\"b\"\"", "<lt><lt>", "T:T"] {
      for t in targets {
        #expect(
          text.replacingEvery(t, with: "\(t)\(t)")
            == text.replacingOccurrences(of: t, with: "\(t)\(t)"))
      }
    }
    // A quote an accent follows is still a quote: a CSV field's quotes are doubled as
    // bytes (Foundation's search, like `replacing`, matched characters and left it single).
    let accented = "a\"\u{301}"
    let doubled = "a\"\"\u{301}"
    #expect(accented.replacingEvery("\"", with: "\"\"") == doubled)
  }

  @Test func columnsPadAndCutAsFoundation() {
    for text in Self.randomTexts(1000, seed: 5) + ["annotator-with-a-long-name", "🙂🙂🙂🙂"] {
      for n in [0, 1, 3, 8, 16] {
        #expect(text.paddedOrCut(n) == text.padding(toLength: n, withPad: " ", startingAt: 0))
      }
    }
  }

  @Test func theExecutableIsThisProcesssOwnFile() {
    #expect(Executable.path == Bundle.main.executablePath)
  }
}
