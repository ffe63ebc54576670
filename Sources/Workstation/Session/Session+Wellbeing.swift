import Platform
import Shift
import TaskStore
import TerminalKit
import Worksheet

/// The annotator's own settings on the screen: revealing masked text, and breaks.
extension Session {
  /// Shows the task's masked text (`all`: every task's, for the rest of the session).
  func reveal(all: Bool) {
    flow.reveal(all: all)
    cache.clear()
  }

  /// Starts a break: a calm screen with a timer; the shift clock stops.
  func takeBreak() {
    flushSave()
    editor = nil
    overlay = .rest(since: clock(), started: Timestamp.string(flow.clocks.wall()))
  }

  /// A key during a break: Enter ends it, quit quits; anything else waits.
  func restKey(_ key: Key, since: Int, started: String) -> [Effect] {
    let ended = Effect.logBreak(
      ShiftLog.Break(start: started, end: Timestamp.string(flow.clocks.wall())))
    if key.base == .enter {
      overlay = .none
      flow.shift.breakEnded(at: clock())
      let minutes = max(0, clock() - since) / 60_000
      say("Welcome back after \(minutes) minute\(minutes == 1 ? "" : "s")")
      return [ended]
    }
    if case .action(let a) = keymap.lookup([key], in: [.global]), a == .quit {
      overlay = .none
      return [ended] + perform(.quit)
    }
    return []
  }

  /// Waits for today's earlier active time and adds it (tests).
  func waitForTodaysShift() {
    flow.shift.earlier?.wait()
    _ = flow.shift.takeEarlier()
  }
}
