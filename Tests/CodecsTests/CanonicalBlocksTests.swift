import Annotation
import CSystem
import Testing

/// `csystem_json_canonical_end`'s 64-byte block loop (x86_64 with AVX2) gives the
/// byte-wise loop's answer on every string, above all where backslash runs, escapes
/// and the closing quote meet a block's edge. The byte-wise loop is held to decoding
/// and writing again by `CanonicalStringTests`.
@Suite struct CanonicalBlocksTests {
  static let pieces: [[UInt8]] =
    [
      "a", "b", "n", "u", #"\"#, #"\\"#, #"\""#, #"\n"#, #"\r"#, #"\t"#, #"\u001b"#, #"\u2028"#,
      #"\u0085"#, #"\u0041"#, #"\u00E9"#, #"\/"#, #"\\n"#, #"\\\n"#, "\"", "plain text words ",
    ].map { Array($0.utf8) } + [
      [0x01], [0x7F], [0xC2, 0x85], [0xC2, 0xA9], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0x9C],
      [0xC3, 0xA9], [0xFF], [0xE2], [0xC2],
    ]

  /// Both loops' answers for a string body starting at `from`.
  static func answers(_ b: [UInt8], from: Int) -> (Int, Int) {
    b.withUnsafeBufferPointer { p in
      guard let base = p.baseAddress else { return (-1, -1) }
      return (
        csystem_json_canonical_end(base, from, p.count),
        csystem_json_canonical_end_bytewise(base, from, p.count)
      )
    }
  }

  @Test func everyBackslashRunAndStopAtEveryPlaceAroundABlockEdgeAgrees() {
    // The machines this runs on (CI's kind) have AVX2: without it both answers come
    // from the same loop and this test could not fail.
    #if arch(x86_64)
      #expect(csystem_json_canonical_is_vector() == 1)
    #endif
    let runs = (1...5).map { [UInt8](repeating: 0x5C, count: $0) }
    let after: [[UInt8]] =
      ["n", "\"", "x", "u001b", "u00e9", "\\"].map { Array($0.utf8) } + [[0x01]]
    var disagree: [String] = []
    for lead in 0..<140 {
      for run in runs {
        // Text after the stop long enough for the next block, or ending anywhere in it.
        for next in after {
          for tail in [0, 12, 61, 62, 63, 64, 90] {
            var b = [UInt8](repeating: UInt8(ascii: "a"), count: lead) + run + next
            b += [UInt8](repeating: UInt8(ascii: "t"), count: tail)
            b += Array(#" \n"#.utf8) + [0x22] + Array(#"after "quote""#.utf8)
            for from in [0, 1] {
              let (vector, bytewise) = CanonicalBlocksTests.answers(b, from: from)
              if vector != bytewise {
                disagree.append("\(lead) \(run.count) \(next) \(tail): \(vector) \(bytewise)")
              }
            }
          }
        }
      }
    }
    #expect(disagree.count == 0, "\(disagree.prefix(5))")
  }

  @Test func randomStringsAgree() {
    var g = SplitMix64(seed: 64)
    var disagree = 0
    var canonical = 0
    for _ in 0..<40000 {
      var b: [UInt8] = []
      // Mostly the pieces canonical text is made of, a quarter of the time any piece.
      let any = g.next() % 4 == 0
      for _ in 0..<Int(g.next() % 60) {
        let k = Int(g.next() % UInt64(any ? CanonicalBlocksTests.pieces.count : 10))
        b += CanonicalBlocksTests.pieces[any ? k : [0, 1, 2, 5, 6, 7, 8, 9, 16, 19][k]]
      }
      if g.next() % 3 != 0 { b.append(0x22) }
      for _ in 0..<Int(g.next() % 80) { b.append(Array(#"x\"n"#.utf8)[Int(g.next() % 4)]) }
      let (vector, bytewise) = CanonicalBlocksTests.answers(b, from: Int(g.next() % 2))
      if vector != bytewise { disagree += 1 }
      if bytewise >= 0 { canonical += 1 }
    }
    #expect(disagree == 0)
    // Both answers are well represented.
    #expect(canonical > 10000 && canonical < 30000, "\(canonical)")
  }
}
