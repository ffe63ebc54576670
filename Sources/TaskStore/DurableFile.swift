import CSystem
import Platform

/// File operations that survive a crash or a pulled plug.
public enum DurableFile {
  /// Fsyncs a directory so a file created or renamed in it is durable.
  public static func syncDirectory(_ dir: URL) throws {
    let fd = open(dir.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else {
      throw StoreError.io(path: dir.path, errno: errno, doing: "open the folder")
    }
    defer { close(fd) }
    guard Durability.syncAll(fd) == 0 else {
      throw StoreError.io(path: dir.path, errno: errno, doing: "sync the folder")
    }
  }

  /// Replaces a file atomically: temp file, write, fsync, rename, fsync of the folder.
  /// A cache that a crash may lose (`durable: false`) skips both fsyncs: a reader
  /// still sees the old file or the whole new one.
  public static func replace(_ url: URL, with data: Data, durable: Bool = true) throws {
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    // A temp file left by a killed process with the same pid is ours to remove;
    // O_EXCL then never follows a link planted at that name.
    unlink(tmp.path)
    let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "create") }
    var ok = false
    defer {
      close(fd)
      if !ok { unlink(tmp.path) }
    }
    try writeAll(fd, data, path: tmp.path)
    guard !durable || Durability.syncAll(fd) == 0 else {
      throw StoreError.io(path: tmp.path, errno: errno, doing: "sync")
    }
    guard rename(tmp.path, url.path) == 0 else {
      throw StoreError.io(path: url.path, errno: errno, doing: "rename into")
    }
    ok = true
    if durable { try syncDirectory(dir) }
  }

  /// Writes a cache file under `.rubric/` (`CacheFile`): its folder made if needed,
  /// replaced by rename without syncing, and simply not kept when it cannot be
  /// written (a read-only store).
  package static func keep(_ bytes: [UInt8], at url: URL) {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? replace(url, with: Data(bytes), durable: false)
  }

  /// Asks the kernel to start writing a file's dirty pages now, without waiting.
  ///
  /// A later fsync then finds most of the data already on disk. Best effort:
  /// failures are ignored here because the fsync that follows reports them.
  package static func startWriteback(_ fd: Int32) {
    _ = csystem_start_writeback(fd)
  }

  /// Writes every byte, retrying short writes and EINTR.
  public static func writeAll(_ fd: Int32, _ data: some ContiguousBytes, path: String) throws {
    let failure = data.withUnsafeBytes { writeFully(fd, $0) }
    if failure != 0 { throw StoreError.io(path: path, errno: failure, doing: "write") }
  }
}
