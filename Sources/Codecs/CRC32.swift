import CSystem
import Platform

/// CRC-32 (IEEE 802.3, the zlib checksum), for journal records.
public enum CRC32 {
  /// The checksum of some bytes.
  public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    return csystem_crc32(base, bytes.count)
  }

  /// The checksum of some bytes.
  public static func checksum(_ data: Data) -> UInt32 {
    data.withUnsafeBytes { checksum($0.bindMemory(to: UInt8.self)) }
  }
}
