#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The durable-write calls, one per platform: everything that must reach the
/// disk before Rubric says it is saved goes through here.
public enum Durability {
  /// Forces a file's data (not necessarily its metadata) to stable storage; 0 or -1 with errno.
  ///
  /// Linux: `fdatasync`. Darwin: `fsync` only reaches the drive's cache, so
  /// `fcntl(F_FULLFSYNC)` asks the drive to flush it, with `fsync` where the
  /// file system does not support that (network and FAT volumes).
  public static func syncData(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
      if fcntl(fd, F_FULLFSYNC) == 0 { return 0 }
      return fsync(fd)
    #else
      return fdatasync(fd)
    #endif
  }

  /// Forces a file's data and metadata (size, a rename's directory entry) to stable storage.
  public static func syncAll(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
      if fcntl(fd, F_FULLFSYNC) == 0 { return 0 }
    #endif
    return fsync(fd)
  }
}
