import CSystem
import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// The sixteen-at-a-time scanners against a byte-by-byte reference, and the JSON
/// reader and writer built on them against hand-checked bytes.
@Suite struct ByteScanTests {
  /// A deterministic generator, so failures reproduce.
  struct Gen {
    var random: SplitMix64
    init(state: UInt64) { random = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { random.next() }
    /// Mostly plain bytes, sometimes one of the bytes the scanners look for.
    mutating func byte() -> UInt8 {
      let special: [UInt8] = [
        0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xC2, 0xE2, 0xFF, 0x21, 0x5B, 0x5D, 0xC3,
      ]
      let r = next()
      return r % 5 == 0 ? special[Int(r >> 8) % special.count] : UInt8(truncatingIfNeeded: r >> 16)
    }
  }

  @Test func scannersAgreeWithAByteByByteReference() {
    var g = Gen(state: 42)
    for _ in 0..<3000 {
      // Lengths around the 16-byte step, so both the vector loop and the tail run.
      let bytes = (0..<Int(g.next() % 70)).map { _ in g.byte() }
      let from = bytes.isEmpty ? 0 : Int(g.next() % UInt64(bytes.count))
      bytes.withUnsafeBufferPointer { p in
        let special =
          bytes[from...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } ?? bytes.count
        #expect(
          ByteScan.firstJSONSpecial(p, from: from, end: bytes.count) == special,
          "\(bytes) from \(from)")
        let escape =
          bytes[from...].firstIndex {
            $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2
          }
          ?? bytes.count
        // The writer's stop bytes, the ones JSONWriter's escaper (JSONText.c) stops at.
        #expect(
          (p.baseAddress.map { csystem_first_json_escape($0, from, bytes.count) } ?? bytes.count)
            == escape,
          "\(bytes) from \(from)")
      }
    }
  }

  @Test func theVectorPathAgreesWithTheCScalarLoopOnRandomInput() {
    // x86_64 builds take SSE2 and arm64 builds NEON: the scalar loop is their reference.
    #if arch(x86_64) || arch(arm64)
      #expect(csystem_json_scan_is_vector() == 1)
    #endif
    var g = Gen(state: 7)
    for _ in 0..<5000 {
      let bytes = (0..<Int(g.next() % 200)).map { _ in g.byte() }
      let from = bytes.isEmpty ? 0 : Int(g.next() % UInt64(bytes.count))
      bytes.withUnsafeBufferPointer { p in
        guard let base = p.baseAddress else { return }
        let n = bytes.count
        #expect(
          csystem_first_json_special(base, from, n)
            == csystem_first_json_byte_scalar(base, from, n, 0))
        #expect(
          csystem_first_json_escape(base, from, n)
            == csystem_first_json_byte_scalar(base, from, n, 1))
      }
    }
  }

  @Test func stringsWithEscapesAndUnicodeSurviveARoundTrip() throws {
    let texts = [
      "plain", "", "tab\there\nnew \"quoted\" back\\slash /",
      "caf\u{E9} \u{65E5}\u{672C} \u{1F600}",
      "\u{7}bell \u{1B}[31m \u{85}next \u{2028}ls \u{2029}ps \u{7F}del",
      String(repeating: "x\n", count: 100),
      "exactly8", "sixteen!sixteen!", "\"", "\\",
    ]
    for t in texts {
      var buffer = JSONOutput()
      JSONWriter.quote(t, into: &buffer)
      let out = buffer.bytes
      // The writer never emits raw controls, DEL, C1 or line separators.
      #expect(!out.contains { $0 < 0x20 || $0 == 0x7F })
      let back = try FastJSON.parse(out)
      #expect(back.value == .string(t))
      #expect(!back.repaired)
    }
  }

  @Test func escapesDecodeToTheirCharacters() throws {
    let (v, repaired) = try FastJSON.parse(Array(#""a\u00e9\u65e5\ud83d\ude00\n\/\b\f\r\tz""#.utf8))
    #expect(v == .string("a\u{E9}\u{65E5}\u{1F600}\n/\u{8}\u{C}\r\tz"))
    #expect(!repaired)
    let lone = try FastJSON.parse(Array(#""x\ud800y\udc00""#.utf8))
    #expect(lone.value == .string("x\u{FFFD}y\u{FFFD}"))
    #expect(lone.repaired)
  }

  @Test func invalidUTF8IsRepairedBytewiseWithOrWithoutEscapes() throws {
    // A truncated 3-byte sequence, a stray continuation byte, an overlong lead.
    for raw: [UInt8] in [
      [0x22, 0x61, 0xE2, 0x82, 0x62, 0x22], [0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x62, 0x22],
    ] {
      let r = try FastJSON.parse(raw)
      #expect(r.repaired)
      #expect(r.value.stringValue?.hasSuffix("\u{FFFD}\u{FFFD}b") == true, "\(raw)")
    }
    let r = try FastJSON.parse([0x22, 0x80, 0xC0, 0xAF, 0x22])
    #expect(r.value == .string("\u{FFFD}\u{FFFD}\u{FFFD}"))
    #expect(throws: FastJSON.SyntaxError.self) {
      try FastJSON.parse(Array("\"raw\ncontrol\"".utf8))
    }
    #expect(throws: FastJSON.SyntaxError.self) {
      try FastJSON.parse(Array("\"unterminated\\\"".utf8))
    }
  }

  @Test func taskEncodingIsCanonicalAndRoundTrips() throws {
    var t = ChatTask(
      id: "t1", instructions: "Be kind",
      context: [
        Message(
          role: .user, content: "Hi\n\"there\"", name: "u", meta: ["z": .int(1), "a": .bool(true)])
      ],
      candidates: [
        Candidate(
          id: "a", messages: [Message(role: .assistant, content: "x")], model: "m",
          meta: ["k": .string("v")])
      ],
      reference: "ref",
      prior: Prior(
        ranking: [["a"]], noneAcceptable: false, ratings: ["a": ["q": 4.5, "p": 2]], source: "hh"),
      meta: ["b": .array([.null, .double(0.25)])], form: "f")
    t.candidates.append(Candidate(id: "b", messages: []))
    let line = String(decoding: try TaskCodec.encode(t), as: UTF8.self)
    #expect(
      line
        == #"{"id":"t1","form":"f","instructions":"Be kind","context":[{"role":"user","content":"Hi\n\"there\"","name":"u","meta":{"a":true,"z":1}}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"x"}],"model":"m","meta":{"k":"v"}},{"id":"b","messages":[]}],"reference":"ref","prior":{"ranking":[["a"]],"none_acceptable":false,"ratings":{"a":{"p":2,"q":4.5}},"source":"hh"},"meta":{"b":[null,0.25]}}"#
    )
    let back = try TaskCodec.decode(Data(line.utf8), file: "f", line: 1)
    #expect(back.task == t)
  }
}

@Suite struct DataContainsTests {
  @Test func findsANeedleWhereverItIsAndOnlyThere() {
    var g = SplitMix64(seed: 5)
    for _ in 0..<2_000 {
      // A small alphabet, so near misses are common.
      let hay = Data((0..<Int(g.next() % 40)).map { _ in UInt8(97 + g.next() % 3) })
      let needle = (0..<Int(1 + g.next() % 4)).map { _ in UInt8(97 + g.next() % 3) }
      let expected =
        hay.count >= needle.count
        && (0...(hay.count - needle.count)).contains { hay.dropFirst($0).starts(with: needle) }
      #expect(hay.contains(bytes: needle) == expected)
    }
    #expect(Data("{\"id\":1,\"gold\":{}}".utf8).contains(bytes: Array("\"gold\":".utf8)))
    #expect(!Data("{\"golden\":1}".utf8).contains(bytes: Array("\"gold\":".utf8)))
  }
}
