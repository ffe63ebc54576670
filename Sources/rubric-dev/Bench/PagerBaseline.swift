import CSystem
import Foundation

/// How long `less` takes to show its first screen of a file, on a real pseudo-terminal.
///
/// The time runs from spawn to the last byte of the first screen: output is read
/// until the terminal has been quiet for `settle` seconds, which `less` is once
/// it waits for a key.
enum PagerBaseline {
  /// Seconds until `less` has drawn its first screen of `file` at rows x cols, or nil without `less`.
  static func lessFirstScreen(_ file: URL, rows: UInt16, cols: UInt16, settle: Double = 0.15)
    -> Double?
  {
    guard
      let less = ["/usr/bin/less", "/bin/less"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      return nil
    }
    return firstScreen(less, file.path, rows: rows, cols: cols, settle: settle)
  }

  static func firstScreen(
    _ less: String, _ path: String, rows: UInt16, cols: UInt16, settle: Double
  ) -> Double? {
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
    // No LESSOPEN preprocessor or user options: the pager alone.
    let settings: [String] = ["TERM=xterm", "LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp"]
    let env = settings.map { strdup($0) } + [nil]
    let args: [String] = [less, path]
    let argv = args.map { strdup($0) } + [nil]
    defer { (env + argv).forEach { free($0) } }
    var pid: pid_t = 0
    let start = nowNs()
    guard posix_spawn(&pid, less, &actions, &attrs, argv, env) == 0 else { return nil }
    defer {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    var last: UInt64?
    var buf = [UInt8](repeating: 0, count: 65536)
    var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    while poll(&pfd, 1, Int32(settle * 1000)) > 0 {
      let n = read(master, &buf, buf.count)
      if n <= 0 { break }
      last = nowNs()
    }
    return last.map { Double($0 - start) / 1e9 }
  }
}
