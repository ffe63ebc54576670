import Platform

/// A small file read whole into one array: one `read` into memory it owns, with no
/// `Data` to copy out of (the caches under `.rubric/` are read this way); or what is
/// left of an open file, for the journal's readers.
public enum WholeFile {
  /// The bytes of the regular file at `path` (never through a link), or nil when it
  /// is missing, is not a regular file, or cannot be read.
  public static func bytes(atPath path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= 0 else {
      return nil
    }
    let size = Int(info.st_size)
    var failed = false
    let out = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      while initialized < size {
        let got = read(fd, buffer.baseAddress.map { $0 + initialized }, size - initialized)
        if got < 0 && errno == EINTR { continue }
        // Shortened while read: what was read is not the file as it was.
        guard got > 0 else {
          failed = true
          return
        }
        initialized += got
      }
    }
    return failed ? nil : out
  }

  /// Everything left to read from an open descriptor, to its end as it is then (a file
  /// being appended to is read as far as it has been written), or nil on a read error.
  /// As `Data`, which the journal's readers take, so the bytes are not copied again.
  public static func rest(of fd: Int32) -> Data? {
    var out = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if got < 0 && errno == EINTR { continue }
      if got < 0 { return nil }
      if got == 0 { return out }
      chunk.withUnsafeBufferPointer {
        if let base = $0.baseAddress { out.append(base, count: got) }
      }
      // Larger chunks as the file proves large.
      if out.count >= chunk.count * 4 { chunk = [UInt8](repeating: 0, count: chunk.count * 4) }
    }
  }
}
