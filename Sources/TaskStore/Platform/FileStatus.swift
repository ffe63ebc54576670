#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fields of `stat` whose names differ between platforms.
public enum FileStatus {
  /// The modification time in nanoseconds since 1970 (`st_mtim` on Linux, `st_mtimespec` on Darwin).
  public static func modifiedNanoseconds(_ st: stat) -> Int64 {
    #if canImport(Darwin)
      let t = st.st_mtimespec
    #else
      let t = st.st_mtim
    #endif
    return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
  }

  /// The size of the file at a path, from `stat` (no account lookups), or nil when it cannot be read.
  public static func size(atPath path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return Int(st.st_size)
  }
}
