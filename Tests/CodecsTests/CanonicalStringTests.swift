import Testing

@testable import Annotation
@testable import Codecs

/// Strings copied as written: only when decoding and writing them again gives the same bytes.
@Suite struct CanonicalStringTests {
  /// The writer's bytes for a text, with at most one change that keeps the text but
  /// spells it another way (or breaks its UTF-8): each a case the copy must refuse.
  static func spelling(_ text: String, _ g: inout SplitMix64) -> (
    bytes: [UInt8], change: Int?
  ) {
    var out = JSONOutput()
    JSONWriter.quote(text, into: &out)
    var b = out.bytes
    func replace(_ from: String, _ to: [UInt8]) -> Bool {
      let f = Array(from.utf8)
      guard b.count > f.count + 1,
        let at = (1..<(b.count - f.count)).first(where: { Array(b[$0..<($0 + f.count)]) == f })
      else { return false }
      // Not the tail of another escape (a backslash before an odd run of them).
      var slashes = 0
      while at - slashes - 1 >= 0 && b[at - slashes - 1] == 0x5C { slashes += 1 }
      guard slashes % 2 == 0 else { return false }
      b.replaceSubrange(at..<(at + f.count), with: to)
      return true
    }
    // Inserted before a space (never inside an escape), or after the opening quote.
    func insert(_ bytes: [UInt8]) -> Bool {
      let spaces = b.indices.filter { b[$0] == 0x20 }
      let at = spaces.isEmpty ? 1 : spaces[Int(g.next() % UInt64(spaces.count))]
      b.insert(contentsOf: bytes, at: at)
      return true
    }
    let changed: Bool
    let kind = Int(g.next() % 14)
    switch kind {
    case 0: changed = replace("/", Array(#"\/"#.utf8))
    case 1: changed = replace(#"\n"#, Array(#"\u000a"#.utf8))
    case 2: changed = replace(#"\u001b"#, Array(#"\u001B"#.utf8))
    case 3: changed = replace("a", Array(#"\u0061"#.utf8))
    case 4: changed = replace(#"\u2028"#, [0xE2, 0x80, 0xA8])
    case 5: changed = replace(#"\u0085"#, [0xC2, 0x85])
    case 6: changed = insert([0x7F])
    case 7: changed = insert(Array(#"\b"#.utf8))
    case 8: changed = insert(Array(#"\f"#.utf8))
    case 9: changed = insert([0xFF])
    case 10: changed = insert(Array(#"\ud83d\ude00"#.utf8))
    case 11: changed = insert(Array(#"\u00e9"#.utf8))
    default: changed = false
    }
    return (b, changed ? kind : nil)
  }

  @Test func aStringIsCopiedExactlyWhenWritingItsTextAgainGivesItsBytes() throws {
    var g = SplitMix64(seed: 33)
    var copies = 0
    var refused = Set<Int>()
    for _ in 0..<6000 {
      let (literal, change) = CanonicalStringTests.spelling(JSONTextTests.text(&g), &g)
      let copied = literal.withUnsafeBufferPointer { p -> [UInt8]? in
        var reader = FastJSON(reading: p)
        return reader.readCanonicalString().map { Array($0) }
      }
      // The oracle: decode (no repair) and write again.
      var again: [UInt8]?
      if let parsed = try? FastJSON.parse(literal), !parsed.repaired,
        case .string(let text) = parsed.value
      {
        var out = JSONOutput()
        JSONWriter.quote(text, into: &out)
        again = out.bytes
      }
      #expect(
        copied == (again == literal ? literal : nil), "\(String(decoding: literal, as: UTF8.self))")
      #expect(copied == nil || change == nil)
      if copied != nil { copies += 1 } else if let change { refused.insert(change) }
    }
    #expect(copies > 1000)
    // Every kind of change was made and refused.
    #expect(refused == Set(0..<12))
  }
}
