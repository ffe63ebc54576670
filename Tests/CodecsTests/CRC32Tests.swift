import Annotation
import CSystem
import Codecs
import Testing

/// The journal's checksum: the folding path (PCLMULQDQ) and the table path agree
/// with the bit-at-a-time definition.
@Suite struct CRC32Tests {
  static func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bitwiseCRC32(bytes, polynomial: 0xEDB8_8320)
  }

  @Test func matchesTheStandardCheckValue() {
    let check = Array("123456789".utf8)
    #expect(check.withUnsafeBufferPointer { CRC32.checksum($0) } == 0xCBF4_3926)
    #expect([UInt8]().withUnsafeBufferPointer { CRC32.checksum($0) } == 0)
  }

  /// Every length from 0 to 300 (under, at and past the 64-byte fold and each
  /// 16-byte step) at every alignment of a 16-byte load, and longer ones.
  @Test func bothPathsMatchTheDefinitionAtEveryLengthAndAlignment() {
    var random = SplitMix64(seed: 29)
    let bytes = (0..<5_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    for start in 0..<16 {
      for n in Array(0...300) + [1_023, 1_024, 1_025, 4_096, 4_984 - start] {
        let slice = bytes[start..<(start + n)]
        let expected = Self.reference(slice)
        slice.withUnsafeBufferPointer { p in
          #expect(CRC32.checksum(p) == expected, "start \(start) length \(n)")
          #expect(
            p.baseAddress.map { csystem_crc32_scalar($0, n) } ?? 0 == expected,
            "start \(start) length \(n)")
        }
      }
    }
    #if arch(x86_64)
      // Every x86-64 machine this runs on has PCLMULQDQ: the test above tried the folding path.
      #expect(csystem_crc32_is_vector() == 1)
    #endif
  }

  /// Journal lines as they are: a record's checksum is the same by either path.
  @Test func aJournalLineChecksumIsTheSameByEitherPath() {
    var random = SplitMix64(seed: 4)
    for _ in 0..<2_000 {
      let n = Int(random.next() % 3_000)
      let line = (0..<n).map { _ in UInt8(truncatingIfNeeded: 0x20 + random.next() % 95) }
      line.withUnsafeBufferPointer { p in
        #expect(CRC32.checksum(p) == (p.baseAddress.map { csystem_crc32_scalar($0, n) } ?? 0))
      }
    }
  }
}
