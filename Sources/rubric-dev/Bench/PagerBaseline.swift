import CSystem
import Foundation

/// How long a program takes to show its first screen on a real pseudo-terminal:
/// `less` on the task file, and `rubric` on the store, timed the same way.
///
/// The time runs from spawn to the last byte of the first screen: output is read
/// until the terminal has been quiet for `settle` seconds, which `less` is once it
/// waits for a key, and Rubric is until its background index finishes (about 100 ms
/// later on the bench's store, so the quiet time is kept shorter than that).
enum PagerBaseline {
  /// The quiet time that ends a first screen.
  static let settle = 0.04

  /// Seconds until `less` has drawn its first screen of `file` at rows x cols, or nil without `less`.
  static func lessFirstScreen(_ file: URL, rows: UInt16, cols: UInt16) -> Double? {
    guard
      let less = ["/usr/bin/less", "/bin/less"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      return nil
    }
    return firstScreen(less, [file.path], rows: rows, cols: cols)
  }

  /// Seconds until `rubric DIR --annotator NAME` has drawn its first frame at rows x cols:
  /// the real binary, with its terminal set up, as an annotator starts it.
  static func rubricFirstScreen(
    _ exe: String, store: URL, annotator: String, rows: UInt16, cols: UInt16
  )
    -> Double?
  {
    firstScreen(exe, [store.path, "--annotator", annotator], rows: rows, cols: cols)
  }

  /// Seconds from spawning `exe arguments` on a new pseudo-terminal to its last byte
  /// before `settle` seconds of quiet, or nil when it could not be run.
  static func firstScreen(_ exe: String, _ arguments: [String], rows: UInt16, cols: UInt16)
    -> Double?
  {
    var name = [CChar](repeating: 0, count: 128)
    let master = csystem_open_pty(&name, name.count, rows, cols)
    guard master >= 0 else { return nil }
    defer { close(master) }
    let slave = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var actions = newSpawnActions()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // In its own session, the first terminal opened becomes the controlling one.
    posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    var attrs = newSpawnAttributes()
    posix_spawnattr_init(&attrs)
    defer { posix_spawnattr_destroy(&attrs) }
    posix_spawnattr_setflags(&attrs, csystem_spawn_setsid_flag())
    // No LESSOPEN preprocessor, user options or user settings: the program alone.
    let settings: [String] = ["TERM=xterm", "LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp"]
    let env = settings.map { strdup($0) } + [nil]
    let args: [String] = [exe] + arguments
    let argv = args.map { strdup($0) } + [nil]
    defer { (env + argv).forEach { free($0) } }
    var pid: pid_t = 0
    let start = nowNs()
    guard posix_spawn(&pid, exe, &actions, &attrs, argv, env) == 0 else { return nil }
    defer {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    var last: UInt64?
    var buf = [UInt8](repeating: 0, count: 65536)
    var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    // Up to two seconds for the first byte, then until `settle` seconds of quiet.
    while poll(&pfd, 1, last == nil ? 2000 : Int32(settle * 1000)) > 0 {
      let n = read(master, &buf, buf.count)
      if n <= 0 { break }
      last = nowNs()
    }
    return last.map { Double($0 - start) / 1e9 }
  }
}
