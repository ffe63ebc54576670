import Platform

/// The lock files a git that was stopped left behind, found and cleared before a sync.
///
/// Git takes a lock by creating `NAME.lock` with `O_EXCL` and removes it when it ends,
/// also on SIGTERM. It still leaves one when it dies by SIGKILL or a power cut, and when
/// a signal lands between its `open` and the moment it records the file (git 2.39's
/// tempfile.c). Every later git that needs that lock then fails with "File exists",
/// and the annotator's next sync with it. A lock is cleared only when no git process is
/// working in the repository (its current folder inside the work tree or the git folder)
/// and the file is still the one seen before that check.
struct GitLocks {
  /// The work tree's top folder and the git folders (the worktree's and the common one).
  let folders: [String]
  let gitDirs: [String]

  /// A lock file as first seen: its path, and what tells it from a new one of that name.
  struct Found: Equatable {
    var path: String
    var inode: UInt64
    var changed: Int
  }

  /// A process that may hold a lock: a git working in the repository.
  struct Holder: Equatable {
    var pid: Int32
    var command: String
  }

  /// The repository's folders, from git itself.
  init(_ git: Git) throws {
    let r = try git.must(
      ["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"],
      doing: "finding the repository's folders")
    let lines = r.out.split(separator: "\n").map(String.init)
    guard lines.count == 3 else {
      throw SyncError.git(doing: "finding the repository's folders", message: r.out)
    }
    let common =
      lines[2].hasPrefix("/")
      ? lines[2] : git.dir.appendingPathComponent(lines[2]).standardized.path
    gitDirs = lines[1] == common ? [lines[1]] : [lines[1], common]
    folders = [lines[0]] + gitDirs
  }

  /// Every `*.lock` at the top of the git folders and anywhere under their `refs/`.
  func present() -> [Found] {
    var out: [Found] = []
    func look(_ dir: String, deep: Bool) {
      guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
      for name in entries.sorted() {
        let path = dir + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
          if deep { look(path, deep: true) }
        } else if name.hasSuffix(".lock") {
          out.append(
            Found(path: path, inode: UInt64(info.st_ino), changed: Int(info.st_ctim.tv_sec)))
        }
      }
    }
    for dir in gitDirs {
      look(dir, deep: false)
      look(dir + "/refs", deep: true)
    }
    return out
  }

  /// The git processes working in the repository, where the system can tell (Linux's
  /// /proc); nil where it cannot.
  func holders() -> [Holder]? {
    guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc"),
      FileManager.default.fileExists(atPath: "/proc/self/cwd")
    else { return nil }
    var out: [Holder] = []
    for name in pids {
      guard let pid = Int32(name), pid != getpid() else { continue }
      guard let comm = GitLocks.text("/proc/\(pid)/comm"),
        comm == "git" || comm.hasPrefix("git-")
      else { continue }
      // A zombie or another user's process has no readable folder; neither holds our lock.
      guard let cwd = GitLocks.link("/proc/\(pid)/cwd"),
        folders.contains(where: { cwd == $0 || cwd.hasPrefix($0 + "/") })
      else { continue }
      let args = GitLocks.text("/proc/\(pid)/cmdline", nulAsSpace: true) ?? comm
      out.append(Holder(pid: pid, command: args))
    }
    return out
  }

  /// Clears the locks no live git holds; waits up to `wait` seconds for a live git to
  /// finish. Returns the paths removed; throws, removing nothing, while a git still works
  /// here or where the system cannot say whether one does.
  func clear(wait: Double) throws -> [String] {
    var found = present()
    guard !found.isEmpty else { return [] }
    let deadline = Date().addingTimeInterval(wait)
    while true {
      let live = holders()
      if let live, live.isEmpty {
        var removed: [String] = []
        for lock in found {
          var info = stat()
          // Only the file seen before the check: a new git cannot have made this one.
          guard lstat(lock.path, &info) == 0, UInt64(info.st_ino) == lock.inode,
            Int(info.st_ctim.tv_sec) == lock.changed, unlink(lock.path) == 0
          else { continue }
          removed.append(lock.path)
        }
        return removed
      }
      if Date() >= deadline {
        let names = found.map(\.path).joined(separator: ", ")
        guard let live else {
          throw SyncError.unsafe(
            "git's lock \(names) is in the way: if no git is running in this repository, remove it, then sync again; nothing was changed"
          )
        }
        let who = live.map { "pid \($0.pid) (\($0.command))" }
          .joined(separator: ", ")
        throw SyncError.unsafe(
          "a git is working in this repository (\(who)) and holds \(names): let it finish, then sync again; nothing was changed"
        )
      }
      usleep(50_000)
      found = present()
      if found.isEmpty { return [] }
    }
  }

  private static func text(_ path: String, nulAsSpace: Bool = false) -> String? {
    guard var data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
    if nulAsSpace {
      for i in data.indices where data[i] == 0 { data[i] = 0x20 }
    }
    return String(decoding: data, as: UTF8.self).trimmingWhitespace()
  }

  private static func link(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension GitLocks {
  /// A lock's path as the annotator knows it: from the work tree's top folder.
  func shown(_ path: String) -> String {
    guard let top = folders.first, path.hasPrefix(top + "/") else { return path }
    return String(path.dropFirst(top.count + 1))
  }
}
