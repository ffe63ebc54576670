import ArgumentParser
import Commands
import Foundation
import Reports
import TaskStore
import TerminalKit
import Worksheet
import Workstation

/// Nanoseconds on the monotonic clock.
func nowNs() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Peak resident set size of this process in bytes.
func peakRSS() -> Int {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return u.ru_maxrss * 1024
}

/// `rubric-dev first-frame DIR`: opens a store, renders the first frame headless,
/// prints `frame`, then waits for the index and prints `indexed MS`.
struct FirstFrameProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "first-frame",
    abstract: "Open a store headless: print when the first frame and the index are ready.")
  @Argument var dir: String
  @Option var annotator = "bench"
  @Option(help: "Open the review screen as this reviewer (as `rubric review` does).")
  var reviewer: String?

  func run() throws {
    let start = nowNs()
    let root = URL(fileURLWithPath: dir)
    let store = try Store.open(
      root, annotator: reviewer ?? annotator, readOnly: false, asReviewer: reviewer != nil)
    let done = DispatchSemaphore(value: 0)
    let items = try reviewer.map { _ in try Reviews.screenQueue(store) }
    let session = Session(store: store, keymap: Keymap.defaultMap(), title: "bench", review: items)
    let grid = Screen.render(session, width: 120, height: 40)
    let out = FileHandle.standardOutput
    out.write(Data("frame \(grid.lines[0].count > 0 ? "ok" : "empty")\n".utf8))
    // As `rubric open` does: index once the first frame is on screen.
    store.indexInBackground { done.signal() }
    done.wait()
    out.write(Data("indexed \(Double(nowNs() - start) / 1e6) \(store.count)\n".utf8))
  }
}

/// `rubric-dev walk DIR N`: moves through N tasks, rendering each, and prints peak RSS.
struct WalkProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "walk", abstract: "Open N tasks in turn and print the peak memory.")
  @Argument var dir: String
  @Argument var count: Int

  func run() throws {
    let store = try Store.open(URL(fileURLWithPath: dir), annotator: "bench-walk")
    store.indexNow()
    let session = Session(store: store, keymap: Keymap.defaultMap(), title: "bench")
    var drawn = 0
    for i in 0..<min(count, store.count) {
      session.go(to: i)
      _ = Screen.render(session, width: 120, height: 40)
      _ = session.handle(.char("j"))
      drawn += 1
    }
    FileHandle.standardOutput.write(Data("rss \(peakRSS()) \(drawn)\n".utf8))
  }
}

/// Runs `exe args` with its output thrown away and waits for it: the seconds it
/// took, its resource usage and its exit status.
func spawnAndWait(_ exe: String, _ args: [String]) throws -> (
  seconds: Double, usage: rusage, status: Int32
) {
  var actions = newSpawnActions()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([exe] + args).map { strdup($0) } + [nil]
  defer { for p in argv { free(p) } }
  var pid: pid_t = 0
  let t0 = nowNs()
  guard posix_spawn(&pid, exe, &actions, nil, argv, environ) == 0 else {
    throw StoreError.invalid("could not run \(exe)")
  }
  var status: Int32 = 0
  var usage = rusage()
  wait4(pid, &status, 0, &usage)
  return (Double(nowNs() - t0) / 1e9, usage, status)
}

/// `rubric-dev peak OUT EXE ARGS…`: runs a command and writes "SECONDS PEAK-RSS-BYTES
/// STATUS" to OUT. Spawned from this small process, the command's peak memory is
/// its own, not the bench's.
struct PeakProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "peak",
    abstract: "Run a command and write its seconds, peak memory and status to a file.")
  @Argument var result: String
  @Argument var exe: String
  @Argument(parsing: .captureForPassthrough) var args: [String] = []

  func run() throws {
    let run = try spawnAndWait(exe, args)
    try Data("\(run.seconds) \(run.usage.ru_maxrss * 1024) \(run.status)".utf8).write(
      to: URL(fileURLWithPath: result))
  }
}
