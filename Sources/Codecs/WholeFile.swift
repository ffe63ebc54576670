#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small file read whole into one array: one `read` into memory it owns, with no
/// `Data` to copy out of (the caches under `.rubric/` are read this way).
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
}
