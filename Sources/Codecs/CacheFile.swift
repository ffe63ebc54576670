/// The envelope of Rubric's cache files under `.rubric/` (journal digests, kept
/// results, journal indexes): a magic word, a format version, the body, and a
/// CRC-32C of everything before it. A file that is cut, has any byte changed, or is
/// of another kind or version does not open: its reader takes it as no cache.
package enum CacheFile {
  /// A writer for a new file of a kind: its magic word and version written.
  package static func writer(_ magic: [UInt8], version: UInt32) -> ByteWriter {
    var w = ByteWriter(out: magic)
    w.fixed32(version)
    return w
  }

  /// The finished file: what `w` wrote, then its CRC-32C.
  package static func sealed(_ w: ByteWriter) -> [UInt8] {
    var w = w
    w.fixed32(w.out.withUnsafeBufferPointer { CRC32C.checksum($0) })
    return w.out
  }

  /// `read`'s answer over the body of a whole file of this kind and version (the
  /// reader starts after the version and ends before the checksum; its ranges count
  /// from the file's first byte), or nil when the bytes are not one.
  package static func open<T>(
    _ bytes: [UInt8], _ magic: [UInt8], version: UInt32, _ read: (inout ByteReader) -> T?
  ) -> T? {
    guard bytes.count >= magic.count + 8, bytes.starts(with: magic) else { return nil }
    return bytes.withUnsafeBytes { raw -> T? in
      let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
      var end = ByteReader(bytes: raw, at: raw.count - 4)
      guard let crc = end.fixed32(), CRC32C.checksum(body.bindMemory(to: UInt8.self)) == crc
      else { return nil }
      var r = ByteReader(bytes: body, at: magic.count)
      guard r.fixed32() == version else { return nil }
      return read(&r)
    }
  }
}
