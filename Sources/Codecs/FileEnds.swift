#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How far a file was read, with CRC-32Cs of its first bytes and of the bytes just
/// before that offset: a cache of what a file held (`.rubric/digest/`,
/// `.rubric/index/`) is used while the file still starts and ends there as it did,
/// and read again from the start when it does not (a git merge, a restore, a rewrite).
///
/// What it cannot see: a rewrite of the same length that keeps both checked places
/// and changes lines between them. `rubric check` reads every journal whole.
package struct FileEnds: Equatable, Sendable {
  /// Bytes of complete lines read.
  package var offset = 0
  package var headLength = 0
  package var headCRC: UInt32 = 0
  package var tailLength = 0
  package var tailCRC: UInt32 = 0

  /// How many of the first and last bytes read are checked.
  package static let headCheck = 4096
  package static let tailCheck = 65536

  /// Nothing read.
  package init() {}

  /// The ends of the first `offset` bytes of an open file (a checksum that cannot be
  /// read is 0, which the file will most likely not match next time).
  package init(_ fd: Int32, offset: Int) {
    self.offset = offset
    headLength = Swift.min(Self.headCheck, offset)
    tailLength = Swift.min(Self.tailCheck, offset)
    headCRC = Self.checksum(fd, 0..<headLength) ?? 0
    tailCRC = Self.checksum(fd, (offset - tailLength)..<offset) ?? 0
  }

  /// Whether the open file, `size` bytes long, still holds at the checked places what was read.
  package func matches(_ fd: Int32, size: Int) -> Bool {
    guard offset <= size, headLength <= offset, tailLength <= offset,
      headLength <= Self.headCheck, tailLength <= Self.tailCheck
    else { return false }
    return Self.checksum(fd, 0..<headLength) == headCRC
      && Self.checksum(fd, (offset - tailLength)..<offset) == tailCRC
  }

  /// Writes them for a cache file.
  package func write(_ w: inout ByteWriter) {
    w.count(offset)
    w.count(headLength)
    w.fixed32(headCRC)
    w.count(tailLength)
    w.fixed32(tailCRC)
  }

  /// What `write` wrote, or nil when it is not a possible value.
  package static func read(_ r: inout ByteReader) -> FileEnds? {
    guard let offset = r.unsigned(), offset < UInt64(Int.max), let headLength = r.unsigned(),
      let headCRC = r.fixed32(), let tailLength = r.unsigned(), let tailCRC = r.fixed32(),
      headLength <= UInt64(min(headCheck, Int(offset))),
      tailLength <= UInt64(min(tailCheck, Int(offset)))
    else { return nil }
    var ends = FileEnds()
    ends.offset = Int(offset)
    ends.headLength = Int(headLength)
    ends.headCRC = headCRC
    ends.tailLength = Int(tailLength)
    ends.tailCRC = tailCRC
    return ends
  }

  /// The CRC-32C of a range of a file, or nil when it cannot be read whole.
  package static func checksum(_ fd: Int32, _ range: Range<Int>) -> UInt32? {
    var buffer = [UInt8](repeating: 0, count: range.count)
    let got = buffer.withUnsafeMutableBytes {
      pread(fd, $0.baseAddress, range.count, off_t(range.lowerBound))
    }
    guard got == range.count else { return nil }
    return buffer.withUnsafeBufferPointer { CRC32C.checksum($0) }
  }
}
