import CSystem

/// CRC-32C (Castagnoli), for Rubric's own cache files under `.rubric/`: the CPU's
/// CRC instruction where it has one, several times faster than `CRC32`'s tables.
/// Journal records keep `CRC32`, the checksum their format names.
public enum CRC32C {
  /// The checksum of some bytes.
  public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    return csystem_crc32c(base, bytes.count)
  }

  /// The checksum from the table path alone, whatever the CPU has (for the tests).
  public static func tableChecksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    return csystem_crc32c_scalar(base, bytes.count)
  }

  /// Whether this process computes it with the CPU's instruction.
  public static var usesInstruction: Bool { csystem_crc32c_is_hardware() != 0 }
}
