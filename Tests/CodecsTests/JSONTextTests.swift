import CSystem
import Testing

@testable import Annotation
@testable import Codecs

/// The C escaper and unescaper (a run at a time) against byte-by-byte Swift references.
@Suite struct JSONTextTests {
  /// Text made of scalars a writer escapes, their near neighbours and plain text,
  /// in runs around the sixteen-byte step.
  static func text(_ g: inout SplitMix64) -> String {
    let pool: [Unicode.Scalar] = [
      "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}",
      "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{E9}", "\u{2027}", "\u{2028}", "\u{2029}",
      "\u{202A}", "\u{2030}", "\u{65E5}", "\u{1F600}", "/", " ", "a",
    ]
    var s = String.UnicodeScalarView()
    for _ in 0..<Int(g.next() % 90) {
      let r = g.next()
      if r % 3 == 0 {
        s.append(pool[Int(r >> 8) % pool.count])
      } else {
        // A run of plain letters, long enough to fill whole vector steps.
        for k in 0..<Int(r >> 8 % 40) { s.append(Unicode.Scalar(UInt8(97 + k % 26))) }
      }
    }
    return String(s)
  }

  /// What JSONWriter wrote before the escaper moved to C, byte by byte.
  static func referenceQuote(_ s: String) -> [UInt8] {
    var out: [UInt8] = [0x22]
    func u(_ v: UInt32) { out += Array(String(format4hex: v).utf8) }
    for scalar in s.unicodeScalars {
      switch scalar.value {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: u(scalar.value)
      default: out += Array(String(scalar).utf8)
      }
    }
    return out + [0x22]
  }

  @Test func quotingMatchesTheByteByByteReference() {
    var g = SplitMix64(seed: 11)
    for _ in 0..<3000 {
      let s = JSONTextTests.text(&g)
      var out = JSONOutput(capacity: 16)
      JSONWriter.quote(s, into: &out)
      #expect(out.bytes == JSONTextTests.referenceQuote(s), "\(Array(s.utf8))")
    }
  }

  @Test func theEscaperStopsShortAndResumesWhenRoomRunsOut() {
    var g = SplitMix64(seed: 12)
    for _ in 0..<2000 {
      let s = JSONTextTests.text(&g)
      let expected = JSONTextTests.referenceQuote(s).dropFirst().dropLast()
      // Any room from 6 (one escape) up: the escaper makes progress and never overruns.
      let room = 6 + Int(g.next() % 40)
      var out: [UInt8] = []
      var calls = 0
      Array(s.utf8).withUnsafeBufferPointer { src in
        guard let base = src.baseAddress else { return }
        var i = 0
        var dst = [UInt8](repeating: 0xAA, count: room + 1)
        while i < src.count {
          let before = i
          let n = dst.withUnsafeMutableBufferPointer {
            csystem_json_escape(base, &i, src.count, $0.baseAddress!, room)
          }
          #expect(n <= room)
          #expect(dst[room] == 0xAA, "wrote past its room")
          #expect(i > before, "no progress with room \(room)")
          if i == before { return }
          out += dst[0..<n]
          calls += 1
        }
      }
      #expect(out[...] == expected, "\(Array(s.utf8)) with room \(room) in \(calls) calls")
    }
  }

  /// A JSON string literal for `s` using every way of writing each character:
  /// raw, short escapes, `\u` escapes and surrogate pairs.
  static func literal(_ s: String, _ g: inout SplitMix64) -> [UInt8] {
    var out: [UInt8] = [0x22]
    for scalar in s.unicodeScalars {
      let v = scalar.value
      let short: [UInt32: String] = [
        0x22: #"\""#, 0x5C: #"\\"#, 0x2F: #"\/"#, 0x08: #"\b"#, 0x0C: #"\f"#, 0x0A: #"\n"#,
        0x0D: #"\r"#, 0x09: #"\t"#,
      ]
      let mustEscape = v < 0x20 || v == 0x22 || v == 0x5C
      switch g.next() % 3 {
      case 0 where !mustEscape:
        out += Array(String(scalar).utf8)
      case 1 where short[v] != nil:
        out += Array((short[v] ?? "").utf8)
      default:
        if v >= 0x10000 {
          let w = v - 0x10000
          out += Array(
            (String(format4hex: 0xD800 + (w >> 10)) + String(format4hex: 0xDC00 + (w & 0x3FF))).utf8
          )
        } else {
          out += Array(String(format4hex: v).utf8)
        }
      }
    }
    return out + [0x22]
  }

  @Test func everyWayOfWritingAStringDecodesToIt() throws {
    var g = SplitMix64(seed: 13)
    for _ in 0..<3000 {
      let s = JSONTextTests.text(&g)
      let bytes = JSONTextTests.literal(s, &g)
      let parsed = try FastJSON.parse(bytes)
      #expect(parsed.value == .string(s), "\(String(decoding: bytes, as: UTF8.self))")
      #expect(!parsed.repaired)
      // The byte reader takes the same path.
      let viaBytes = try bytes.withUnsafeBufferPointer { p in
        var reader = FastJSON(reading: p)
        return try reader.readStringBytes { Array($0) }
      }
      #expect(viaBytes == Array(s.utf8))
    }
  }

  @Test func theUnescaperHandsBackWhatItDoesNotDecode() throws {
    // A \u escape, a bad escape, a raw control and a trailing backslash, each after
    // short escapes the C loop decodes: the Swift side finishes or reports them.
    #expect(try FastJSON.parse(Array(#""a\n\t\u00e9\nb""#.utf8)).value == .string("a\n\t\u{E9}\nb"))
    for bad in [#""a\n\q""#, "\"a\\n\u{1}\"", #""a\n\"#, #""a\n\u12"#] {
      #expect(throws: FastJSON.SyntaxError.self, "\(bad)") { try FastJSON.parse(Array(bad.utf8)) }
    }
  }
}

extension String {
  /// `\u` and four lower-case hex digits.
  fileprivate init(format4hex v: UInt32) {
    let digits = Array("0123456789abcdef")
    self = "\\u" + String([12, 8, 4, 0].map { digits[Int(v >> UInt32($0) & 0xF)] })
  }
}

/// The C validator against the standard library's.
@Suite struct UTF8ValidationTests {
  @Test func agreesWithTheStandardLibraryOnNearlyValidText() {
    var g = SplitMix64(seed: 31)
    // Valid sequences of every length, the edges of the overlong and surrogate
    // ranges, stray continuation bytes, and runs of ASCII around the vector step.
    let pieces: [[UInt8]] = [
      [0x41], [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF],
      [0xE6, 0x97, 0xA5], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD],
      [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
      [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0x80],
      [0xBF], [0xC2], [0xE6, 0x97], [0xF0, 0x9F, 0x98], Array(repeating: 0x61, count: 17),
    ]
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(g.next() % 8) {
        // Mostly valid pieces, so invalid ones are often the only fault.
        let r = Int(g.next() % UInt64(pieces.count * 3))
        bytes += r < pieces.count ? pieces[r] : [[0x61], [0xE6, 0x97, 0xA5], [0x20]][r % 3]
      }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      let got = bytes.withUnsafeBufferPointer { FastJSON.isValidUTF8($0) }
      #expect(got == expected, "\(bytes)")
    }
  }

  @Test func theVectorCheckAgreesOnLongTextAtEveryBlockBoundary() {
    // x86_64 machines with SSSE3 (every one this runs on) take the lookup path.
    #if arch(x86_64)
      #expect(csystem_utf8_is_vector() == 1)
    #endif
    var g = SplitMix64(seed: 32)
    let valid: [[UInt8]] = [
      [0x41], [0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBF],
      [0xF4, 0x8F, 0xBF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
    ]
    // Every class of fault, with second bytes across each row of the lookup tables.
    let faults: [[UInt8]] = [
      [0x80], [0xBF], [0xC2], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
      [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
      [0xF4, 0x90, 0x80, 0x80], [0xF4, 0xA0, 0x80, 0x80], [0xF4, 0xBF, 0xBF, 0xBF],
      [0xF5, 0x80, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF],
      [0xE6, 0x97], [0xF0, 0x9F, 0x98], [0xE6, 0x41, 0x97], [0xC3, 0xA9, 0xA9],
      [0xF0, 0x9F, 0x41, 0x80],
    ]
    for _ in 0..<6_000 {
      // 40 to 300 bytes of valid text, sometimes with one fault at any place, so
      // faults land on every offset of a sixteen-byte block and at the very end.
      var bytes: [UInt8] = []
      let length = 40 + Int(g.next() % 260)
      while bytes.count < length { bytes += valid[Int(g.next() % UInt64(valid.count))] }
      if g.next() % 2 == 0 {
        let at = Int(g.next() % UInt64(bytes.count + 1))
        // Between whole characters only, so the fault is the only one.
        var cut = at
        while cut < bytes.count && bytes[cut] & 0xC0 == 0x80 { cut += 1 }
        bytes.insert(contentsOf: faults[Int(g.next() % UInt64(faults.count))], at: cut)
      }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      bytes.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress else { return }
        #expect((csystem_utf8_valid(base, b.count) == 1) == expected, "\(bytes)")
        #expect((csystem_utf8_valid_scalar(base, b.count) == 1) == expected, "\(bytes)")
      }
    }
  }
}
