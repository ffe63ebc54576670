import Foundation
import Testing

@testable import TerminalKit

@Suite struct DisplayWidthTests {
  /// The letter blocks that skip the general-category lookup hold no scalar the
  /// lookup would have made zero-width: every one of them is drawn as before.
  @Test func letterBlocksSkipTheCategoryLookupWithTheSameWidths() {
    var checked = 0
    for v in UInt32(0x3000)...0xD7FF where DisplayWidth.isPlainLetter(v) {
      guard let scalar = Unicode.Scalar(v) else { continue }
      #expect(!DisplayWidth.isZeroWidth(v, scalar), "U+\(String(v, radix: 16))")
      #expect(DisplayWidth.of(scalar) == (DisplayWidth.isWide(v) ? 2 : 1))
      checked += 1
    }
    #expect(checked == 20_992 + 11_172 + 86 + 90)
    // The kana sound marks next to the blocks stay zero-width.
    #expect(DisplayWidth.of(Unicode.Scalar(0x3099) ?? " ") == 0)
  }

  @Test func asciiIsOneColumn() {
    #expect(DisplayWidth.of("hello") == 5)
    #expect(DisplayWidth.of(Character("~")) == 1)
  }

  @Test func cjkAndFullwidthAreTwo() {
    #expect(DisplayWidth.of("日本語") == 6)
    #expect(DisplayWidth.of("中文") == 4)
    #expect(DisplayWidth.of("ＡＢ") == 4)
    #expect(DisplayWidth.of("한국") == 4)
  }

  @Test func emojiPresentationIsTwo() {
    #expect(DisplayWidth.of("😀") == 2)
    #expect(DisplayWidth.of("🚀") == 2)
  }

  @Test func zwjSequenceIsDrawnAsItsFirstEmoji() {
    let family: Character = "👨‍👩‍👧"
    #expect(DisplayWidth.of(family) == 2)
    #expect(DisplayGlyph.drawable(family).text == "👨")
    let thumbs: Character = "👍🏽"
    #expect(DisplayWidth.of(thumbs) == 2)
    #expect(DisplayGlyph.drawable(thumbs).text == "👍")
  }

  @Test func combiningMarksAreZero() {
    #expect(DisplayWidth.of("e\u{301}") == 1)
    #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
    let zalgo = Character("a" + String(repeating: "\u{301}", count: 20))
    #expect(DisplayWidth.of(zalgo) == 1)
    #expect(DisplayGlyph.drawable(zalgo).text.unicodeScalars.count == 1 + DisplayGlyph.maxMarks)
  }

  /// The table must agree with glibc's wcwidth, which ncurses uses to advance the cursor.
  @Test func agreesWithGlibcWcwidth() throws {
    guard setlocale(LC_CTYPE, "C.UTF-8") != nil else {
      Issue.record("C.UTF-8 locale missing")
      return
    }
    typealias WcWidth = @convention(c) (Int32) -> Int32
    let handle = dlopen(nil, RTLD_NOW)
    let symbol = try #require(dlsym(handle, "wcwidth"))
    let wcwidth = unsafeBitCast(symbol, to: WcWidth.self)
    var mismatches: [String] = []
    for v: UInt32 in 0xA0..<0x40000 {
      guard let s = Unicode.Scalar(v) else { continue }
      if Sanitizer.placeholder(for: s) != nil { continue }
      let c = wcwidth(Int32(bitPattern: v))
      if c < 0 { continue }
      if s.properties.generalCategory == .unassigned { continue }
      if Int(c) != DisplayWidth.of(s) {
        mismatches.append(String(format: "U+%04X ours %d glibc %d", v, DisplayWidth.of(s), c))
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(40))")
  }
}
