import Foundation

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
    var message: String { (err.isEmpty ? out : err).trimmingCharacters(in: .whitespacesAndNewlines) }
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

  /// Runs `git -C dir ARGS`. Git never prompts (a missing credential is an error, not a hang).
  func run(_ args: [String]) throws -> Run {
    guard let exe = Git.executable() else { throw SyncError.noGit }
    let p = Process()
    p.executableURL = exe
    p.arguments = ["-C", dir.path] + args
    var env = ProcessInfo.processInfo.environment
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    p.environment = env
    // Output goes to files, read after git ends: no pipe can fill up and block it.
    let tmp = FileManager.default.temporaryDirectory
    let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let outURL = tmp.appendingPathComponent("rubric-git-\(tag).out")
    let errURL = tmp.appendingPathComponent("rubric-git-\(tag).err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: outURL)
      try? FileManager.default.removeItem(at: errURL)
    }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try? out.close()
    try? err.close()
    return Run(
      status: p.terminationStatus,
      out: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
      err: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
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
    case .noGit: return "git is not installed (apt-get install git); rubric sync runs the git you have"
    case .notARepository(let dir):
      return "\(dir) is not a git working tree: run git init there (and git remote add origin URL), or git clone the team's store"
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
