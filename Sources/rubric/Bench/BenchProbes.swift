import ArgumentParser
import Commands
import Foundation
import TaskStore
import TerminalKit
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

/// `rubric _first-frame DIR`: opens a store, renders the first frame headless,
/// prints `frame`, then waits for the index and prints `indexed MS`.
struct FirstFrameProbe: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "_first-frame", shouldDisplay: false)
  @Argument var dir: String
  @Option var annotator = "bench"

  func run() throws {
    let start = nowNs()
    let store = try Store.open(URL(fileURLWithPath: dir), annotator: annotator, readOnly: false)
    let done = DispatchSemaphore(value: 0)
    let session = Session(store: store, keymap: Keymap.defaultMap(), title: "bench")
    let grid = Screen.render(session, width: 120, height: 40)
    let out = FileHandle.standardOutput
    out.write(Data("frame \(grid.lines[0].count > 0 ? "ok" : "empty")\n".utf8))
    // As `rubric open` does: index once the first frame is on screen.
    store.indexInBackground { done.signal() }
    done.wait()
    out.write(Data("indexed \(Double(nowNs() - start) / 1e6) \(store.count)\n".utf8))
  }
}

/// `rubric _walk DIR N`: moves through N tasks, rendering each, and prints peak RSS.
struct WalkProbe: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "_walk", shouldDisplay: false)
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
