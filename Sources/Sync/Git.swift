import CSystem
import Codecs
import Platform

/// The user's `git`, run as a subprocess in a store's folder.
struct Git {
  let dir: URL

  /// What a git command printed and how it ended.
  struct Run {
    var status: Int32
    var out: String
    var err: String
    var ok: Bool { status == 0 }
    /// Git's own message, for errors.
    var message: String {
      (err.isEmpty ? out : err).trimmingWhitespace()
    }
  }

  /// The git on PATH, or nil.
  static func executable() -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("git")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }

  /// Runs `git -C dir ARGS`. Git never prompts (a missing credential is an error,
  /// not a hang). With `limit`, a git still running after that many seconds is
  /// killed with everything it started (its process group), and the run fails
  /// with status 124. Git dies with Rubric, too (the parent-death signal).
  func run(_ args: [String], limit: Double? = nil) throws -> Run {
    guard let exe = Git.executable() else { throw SyncError.noGit }
    var env = ProcessInfo.processInfo.environment
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    // Output goes to files, read after git ends: no pipe can fill up and block it.
    let outFD = Git.outputFile("out")
    let errFD = Git.outputFile("err")
    defer {
      if outFD >= 0 { close(outFD) }
      if errFD >= 0 { close(errFD) }
    }
    guard outFD >= 0, errFD >= 0 else {
      throw SyncError.git(doing: "starting git", message: String(cString: strerror(errno)))
    }
    let argv = [exe.path, "-C", dir.path] + args
    let envp = env.map { "\($0.key)=\($0.value)" }
    let pid = withCStrings(argv) { a in
      withCStrings(envp) { e in csystem_spawn_group(exe.path, a, e, outFD, errFD) }
    }
    guard pid > 0 else {
      throw SyncError.git(doing: "starting git", message: String(cString: strerror(errno)))
    }
    let deadline = limit.map { Date().addingTimeInterval($0) }
    var status: Int32 = 0
    var timedOut = false
    while true {
      let r = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
      if r == pid { break }
      if r < 0 && errno != EINTR { break }
      if let deadline, Date() >= deadline {
        // SIGTERM first, so git removes its lock files; what is left after 2 s is killed.
        kill(-pid, SIGTERM)
        var waited = 0
        while waitpid(pid, &status, WNOHANG) == 0 && waited < 100 {
          usleep(20_000)
          waited += 1
        }
        kill(-pid, SIGKILL)
        if waited >= 100 { _ = waitpid(pid, &status, 0) }
        timedOut = true
        break
      }
      usleep(20_000)
    }
    let code: Int32 =
      timedOut ? 124 : (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = String(decoding: Git.written(to: outFD), as: UTF8.self)
    var err = String(decoding: Git.written(to: errFD), as: UTF8.self)
    if timedOut {
      let seconds = Int((limit ?? 0).rounded())
      err =
        "the team's remote did not answer within \(seconds) s (git \(args.first ?? "") was stopped)"
    }
    return Run(status: code, out: out, err: err)
  }

  /// A file for git's output with no name: in memory where the system has that, else
  /// a temporary file unlinked as soon as it is open. A Rubric killed while git runs
  /// leaves nothing behind (the first way, not even in the instant between the two).
  private static func outputFile(_ kind: String) -> Int32 {
    let memory = csystem_anonymous_file("rubric-git-\(kind)")
    if memory >= 0 { return memory }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rubric-git-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(kind)"
    ).path
    let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd >= 0 { unlink(path) }
    return fd
  }

  /// Everything git wrote to an open file (whose offset it moved), from the start.
  private static func written(to fd: Int32) -> Data {
    lseek(fd, 0, SEEK_SET)
    return WholeFile.rest(of: fd) ?? Data()
  }

  /// Runs a command that must succeed; its failure is an error with git's message.
  @discardableResult
  func must(_ args: [String], doing: String) throws -> Run {
    let r = try run(args)
    guard r.ok else { throw SyncError.git(doing: doing, message: r.message) }
    return r
  }
}

/// Why a sync stopped.
public enum SyncError: Error, CustomStringConvertible, Equatable {
  case noGit
  case notARepository(String)
  case git(doing: String, message: String)
  case conflict(files: [String], message: String, dir: String)
  case unsafe(String)

  public var description: String {
    switch self {
    case .noGit:
      return "git is not installed (apt-get install git); rubric sync runs the git you have"
    case .notARepository(let dir):
      return
        "\(dir) is not a git working tree: run git init there (and git remote add origin URL), or git clone the team's store"
    case .git(let doing, let message): return "git failed while \(doing):\n\(message)"
    case .conflict(let files, let message, let dir):
      return """
        merging the team's work stopped on a conflict in \(files.joined(separator: ", ")) (files people edit, not journals):
        \(message)
        The merge was undone; nothing is lost. To resolve it: git -C \(dir) pull, fix those files, git -C \(dir) commit, then rubric sync again.
        """
    case .unsafe(let why): return why
    }
  }
}
