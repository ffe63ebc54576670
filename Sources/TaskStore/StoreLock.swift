import Codecs
import Places
import Platform

/// Who holds a store open: written into the lock file for the next opener to read.
public struct LockHolder: Codable, Sendable, Equatable {
  public var pid: Int32
  public var host: String
  public var user: String
  public var started: String

  /// The holder record for this process.
  public static func current() -> LockHolder {
    var name = [CChar](repeating: 0, count: 256)
    gethostname(&name, 255)
    let host = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // The account's name, not a uid, even where $USER is unset (containers, cron).
    let user = Account.name()
    return LockHolder(pid: getpid(), host: host, user: user, started: Timestamp.now())
  }

  /// The record as the lock file holds it: one JSON object, keys sorted.
  var line: String {
    JSONWriter.line(
      .object([
        ("host", .string(host)), ("pid", .int(Int(pid))), ("started", .string(started)),
        ("user", .string(user)),
      ]))
  }
}

/// One process per annotator per store: an exclusive `flock` on a dedicated lock file.
///
/// The kernel drops the lock when the process dies, even by kill -9, so a
/// crash never leaves a stale lock. The file is never replaced by rename
/// (that would detach the lock from the path).
public final class StoreLock {
  var fd: Int32
  public let url: URL

  /// Takes the lock, or throws `.locked` naming the holder.
  public init(url: URL) throws {
    self.url = url
    fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else {
      if errno == ELOOP { throw StoreError.linked(path: url.path) }
      throw StoreError.io(path: url.path, errno: errno, doing: "open the lock file")
    }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let e = errno
      let holder = StoreLock.readHolder(fd)
      close(fd)
      fd = -1  // deinit runs after a throwing init too: never close twice.
      if e == EWOULDBLOCK {
        throw StoreError.locked(
          path: url.deletingLastPathComponent().deletingLastPathComponent().path, holder: holder)
      }
      throw StoreError.io(path: url.path, errno: e, doing: "lock")
    }
    // Only a process that opens the store while this one holds it reads the
    // record, and it reads the page cache: nothing is synced to the disk. After a
    // crash the kernel has dropped the lock, and the next holder writes its own.
    let line = Array((LockHolder.current().line + "\n").utf8)
    _ = line.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    // Cut what an earlier holder's longer record left after it: truncating the file
    // first, every time, was a tenth of a millisecond of the first frame.
    var info = stat()
    if fstat(fd, &info) != 0 || info.st_size > off_t(line.count) {
      ftruncate(fd, off_t(line.count))
    }
  }

  static func readHolder(_ fd: Int32) -> LockHolder? {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4096, 0) }
    guard n > 0 else { return nil }
    return try? JSONDecoder().decode(LockHolder.self, from: Data(buffer[0..<n]))
  }

  /// Throws `.locked` when another process holds an existing lock file; creates nothing.
  public static func refuseIfHeld(_ url: URL) throws {
    let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return }
    defer { close(fd) }
    if flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK {
      throw StoreError.locked(
        path: url.deletingLastPathComponent().deletingLastPathComponent().path,
        holder: readHolder(fd))
    }
    flock(fd, LOCK_UN)
  }

  /// Reads who holds a lock file, without taking it.
  public static func holder(at url: URL) -> LockHolder? {
    let fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return readHolder(fd)
  }

  deinit {
    guard fd >= 0 else { return }
    flock(fd, LOCK_UN)
    close(fd)
  }
}
