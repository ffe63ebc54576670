import Foundation
import Testing
import TestSupport

/// The repository root, found from this file's path.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `rubric` binary (RUBRIC_BIN overrides).
var rubricBinary: String {
  if let b = ProcessInfo.processInfo.environment["RUBRIC_BIN"] { return b }
  return repoRoot.appendingPathComponent(".build/debug/rubric").path
}

/// The `rubric-dev` binary beside it (the crash tests' journal writer, the bench's probes).
var rubricDevBinary: String {
  URL(fileURLWithPath: rubricBinary).deletingLastPathComponent().appendingPathComponent("rubric-dev").path
}

/// Whether tmux tests must run (CI sets RUBRIC_REQUIRE_TMUX=1) rather than skip.
let tmuxRequired = ProcessInfo.processInfo.environment["RUBRIC_REQUIRE_TMUX"] == "1"
let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Whether a tmux test can run here; records a failure when CI requires it and it cannot.
func tmuxReady() -> Bool {
  if tmuxPath == nil {
    if tmuxRequired { Issue.record("tmux is not installed, and RUBRIC_REQUIRE_TMUX=1 requires the tmux tests to run") }
    return false
  }
  if !FileManager.default.isExecutableFile(atPath: rubricBinary) {
    Issue.record("no binary at \(rubricBinary): run swift build first")
    return false
  }
  return true
}

/// The reason printed when tmux tests are skipped on a user's machine.
let tmuxSkipReason: Comment = "tmux is not installed: the end-to-end terminal tests are skipped (apt-get install tmux)"
let tmuxAvailable = tmuxPath != nil || tmuxRequired

/// Runs a command and returns its output and exit status.
///
/// Uses posix_spawn and waitpid rather than Foundation's Process, and files
/// rather than pipes, so a daemon the command leaves behind (tmux's server)
/// cannot keep the call waiting.
@discardableResult
func run(_ path: String, _ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> (out: String, err: String, status: Int32) {
  let dir = scratchRoot
  let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
  let outURL = dir.appendingPathComponent("rubric-run-\(tag).out")
  let errURL = dir.appendingPathComponent("rubric-run-\(tag).err")
  let inURL = dir.appendingPathComponent("rubric-run-\(tag).in")
  defer {
    for u in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: u) }
  }
  try Data((stdin ?? "").utf8).write(to: inURL)
  let pid = try spawn(path, args, env: env, stdin: inURL.path, stdout: outURL.path, stderr: errURL.path)
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  let out = readText(outURL.path)
  let err = readText(errURL.path)
  return (out, err, code)
}

/// A file's text, read with plain POSIX calls.
func readText(_ path: String) -> String {
  let fd = open(path, O_RDONLY)
  guard fd >= 0 else { return "" }
  defer { close(fd) }
  var bytes: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = read(fd, &buf, buf.count)
    if n <= 0 { break }
    bytes.append(contentsOf: buf[0..<n])
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// Starts a process with its standard streams on files; returns its pid.
func spawn(_ path: String, _ args: [String], env: [String: String] = [:], stdin: String = "/dev/null", stdout: String, stderr: String = "/dev/null") throws -> pid_t {
  var environment = ProcessInfo.processInfo.environment
  for (k, v) in env { environment[k] = v }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  let argv = ([path] + args).map { strdup($0) } + [nil]
  let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    argv.forEach { free($0) }
    envp.forEach { free($0) }
  }
  // Test threads block signals; a child must start with none blocked and default
  // handlers, or tmux never sees SIGCHLD and rubric never sees SIGTERM or SIGWINCH.
  var attr = posix_spawnattr_t()
  posix_spawnattr_init(&attr)
  defer { posix_spawnattr_destroy(&attr) }
  var empty = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attr, &empty)
  var all = sigset_t()
  sigfillset(&all)
  sigdelset(&all, SIGKILL)
  sigdelset(&all, SIGSTOP)
  posix_spawnattr_setsigdefault(&attr, &all)
  posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  var pid: pid_t = 0
  let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
  guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot run \(path): \(String(cString: strerror(rc)))"]) }
  return pid
}

/// A private tmux server with one window running a command.
final class Tmux {
  let socket: String
  let name = "t"

  init(width: Int = 100, height: Int = 30, command: String, env: [String: String] = [:]) throws {
    socket = "rubric-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    var envPrefix = "LANG=C.UTF-8 TERM=xterm-256color"
    for (k, v) in env { envPrefix += " \(k)='\(v)'" }
    // remain-on-exit keeps the pane after the program ends, so its exit status can be read.
    let conf = scratchRoot.appendingPathComponent("\(socket).conf")
    try "set-option -g remain-on-exit on\nset-option -g status off\n".write(to: conf, atomically: true, encoding: .utf8)
    try run(
      tmuxPath ?? "tmux",
      ["-L", socket, "-f", conf.path, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "env \(envPrefix) \(command); echo EXIT=$?; exec sleep 600"])
  }

  deinit { _ = try? tmux(["kill-server"]) }

  @discardableResult
  func tmux(_ args: [String]) throws -> String {
    try run(tmuxPath ?? "tmux", ["-L", socket] + args).out
  }

  /// Sends keys by tmux name (`C-s`, `Escape`, `Enter`, `F1`), one argument each.
  func send(_ keys: String...) throws {
    for k in keys {
      try tmux(["send-keys", "-t", name, k])
      usleep(60_000)
    }
  }

  /// Sends text literally, character by character.
  func type(_ text: String, delayMs: Int = 20) throws {
    for ch in text {
      try tmux(["send-keys", "-t", name, "-l", String(ch)])
      usleep(useconds_t(delayMs * 1000))
    }
  }

  func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

  func display(_ format: String) throws -> String {
    try tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The program's pid: the one child of the pane's shell.
  var pid: Int32 {
    guard let shell = Int32((try? display("#{pane_pid}")) ?? "") else { return 0 }
    return childPid(of: shell)
  }

  /// Waits until the screen contains `text`; returns whether it did.
  @discardableResult
  func waitFor(_ text: String, seconds: Double = 10) throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try capture().contains(text) { return true }
      usleep(50_000)
    }
    return false
  }

  /// Waits for the program to exit and returns its exit status (128+N when killed by signal N).
  ///
  /// The pane's shell prints `EXIT=N` after the program ends; reading that is
  /// more reliable than tmux's own record of a dead pane.
  func waitForExit(seconds: Double = 10) throws -> Int? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      let screen = try capture()
      if let r = screen.range(of: "EXIT=") {
        let digits = screen[r.upperBound...].prefix { $0.isNumber }
        if let n = Int(digits) { return n }
      }
      usleep(50_000)
    }
    return nil
  }

  func resize(_ w: Int, _ h: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", "\(w)", "-y", "\(h)"])
  }
}

/// The first child of a process (waiting up to 2 s for one to appear), or 0.
func childPid(of parent: Int32) -> Int32 {
  for _ in 0..<100 {
    let children = readText("/proc/\(parent)/task/\(parent)/children")
    if let first = children.split(separator: " ").first, let p = Int32(first) { return p }
    usleep(20_000)
  }
  return 0
}

/// A fresh temporary folder.
func tempDir(_ tag: String) -> URL {
  let url = scratchRoot.appendingPathComponent("rubric-e2e-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
