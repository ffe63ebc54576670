import Places

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing out what a release binary carries (`AppendedFiles`) for the C library
/// and ncurses to read: the C.UTF-8 locale's character table (a static glibc
/// cannot read the system's locales) and the terminfo entries (for a machine
/// without a terminfo database: a minimal container, a bare chroot).
extension AppendedFiles {
  /// The folder holding the carried `locale/` and `terminfo/` trees, written on the
  /// first call; nil when this binary carries none or nothing could be written.
  static func extracted() -> String? {
    if let done = extractedFolder { return done }
    let found = extract()
    extractedFolder = .some(found)
    return found
  }

  nonisolated(unsafe) private static var extractedFolder: String??

  static func extract() -> String? {
    let files = carried.filter { $0.name.hasPrefix("locale/") || $0.name.hasPrefix("terminfo/") }
    guard !files.isEmpty else { return nil }
    for dir in folders() where makePrivateFolder(dir) {
      let written = files.allSatisfy { file in
        var path = dir
        let parts = file.name.split(separator: "/")
        for part in parts.dropLast() {
          path += "/" + part
          guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return false }
        }
        return store(file.bytes, at: dir + "/" + file.name)
      }
      if written { return dir }
    }
    return nil
  }

  /// Where the files may go: the user's cache folder, then a private one under /tmp.
  static func folders() -> [String] {
    var out: [String] = []
    // The user's cache folder by the one XDG rule, from the C environment.
    var env: [String: String] = [:]
    for name in ["XDG_CACHE_HOME", "HOME"] { env[name] = environmentValue(name) }
    let cache = UserFolder.cache.base(environment: env).path
    if cache != "/.cache" { out.append(cache + "/rubric-release") }
    let tmp = environmentValue("TMPDIR").flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
    out.append(tmp + "/rubric-release-\(getuid())")
    return out
  }

  /// Creates a folder (and a missing parent) owned by this user and closed to others;
  /// an existing one must be a real folder of this user's, never a link.
  static func makePrivateFolder(_ path: String) -> Bool {
    if mkdir(path, 0o700) != 0 {
      if errno == ENOENT {
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        guard !parent.isEmpty, mkdir(parent, 0o700) == 0 || errno == EEXIST,
          mkdir(path, 0o700) == 0 || errno == EEXIST
        else { return false }
      } else if errno != EEXIST {
        return false
      }
    }
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR && st.st_uid == getuid()
  }

  /// Whether this binary carries a terminfo entry for a terminal type.
  static func carriesTerminfo(for type: String) -> Bool {
    guard let first = type.first else { return false }
    return carried.contains { $0.name == "terminfo/\(first)/\(type)" }
  }

  /// Writes a file whole through a temporary name, so a reader never sees half of it;
  /// a file already holding these bytes (written by an earlier start) is left as it is.
  static func store(_ bytes: [UInt8], at path: String) -> Bool {
    if holds(path, bytes) { return true }
    let tmp = path + ".\(getpid()).tmp"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard n == bytes.count, rename(tmp, path) == 0 else {
      unlink(tmp)
      return false
    }
    return true
  }

  /// Whether the file at a path (never followed through a link) holds exactly these bytes.
  static func holds(_ path: String, _ bytes: [UInt8]) -> Bool {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, Int(st.st_size) == bytes.count else { return false }
    return readAt(fd, 0, bytes.count) == bytes
  }
}
