import Annotation
import Codecs
import Testing

/// A reflected CRC-32 by its bit-at-a-time definition, the reference both checksums'
/// fast paths are held to: CRC-32 with 0xEDB88320, CRC-32C with 0x82F63B78.
func bitwiseCRC32(_ bytes: ArraySlice<UInt8>, polynomial: UInt32) -> UInt32 {
  var c: UInt32 = 0xFFFF_FFFF
  for b in bytes {
    c ^= UInt32(b)
    for _ in 0..<8 { c = c & 1 != 0 ? polynomial ^ (c >> 1) : c >> 1 }
  }
  return c ^ 0xFFFF_FFFF
}

@Suite struct CRC32CTests {
  static func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bitwiseCRC32(bytes, polynomial: 0x82F6_3B78)
  }

  @Test func matchesTheStandardCheckValue() {
    let check = Array("123456789".utf8)
    #expect(check.withUnsafeBufferPointer { CRC32C.checksum($0) } == 0xE306_9283)
    #expect(check.withUnsafeBufferPointer { CRC32C.tableChecksum($0) } == 0xE306_9283)
    #expect([UInt8]().withUnsafeBufferPointer { CRC32C.checksum($0) } == 0)
  }

  /// The instruction path (on this CPU, when it has one) and the table path agree with
  /// the definition at every length around the eight-byte step and at every alignment.
  @Test func bothPathsMatchTheDefinitionAtEveryLengthAndAlignment() {
    var random = SplitMix64(seed: 17)
    let bytes = (0..<600).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    for start in 0..<8 {
      for n in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 513] {
        let slice = bytes[start..<(start + n)]
        let expected = Self.reference(slice)
        slice.withUnsafeBufferPointer { p in
          #expect(CRC32C.checksum(p) == expected, "start \(start) length \(n)")
          #expect(CRC32C.tableChecksum(p) == expected, "start \(start) length \(n)")
        }
      }
    }
    #if arch(x86_64)
      // Every x86-64 machine this runs on has SSE4.2: the test above tried the instruction.
      #expect(CRC32C.usesInstruction)
    #endif
  }
}
