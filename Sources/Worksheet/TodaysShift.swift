import Dispatch
import Platform
import Shift
import TaskStore

/// Today's active time from the annotator's timesheet, read off the main path:
/// the journal of a long shift takes longer to read than a first frame may, so the
/// reading runs in the background, started by the first tick after the first frame,
/// and the shift clock takes it at a later tick.
package final class TodaysShift: @unchecked Sendable {
  private let lock = Lock()
  private let done = DispatchGroup()
  private var result: Timesheet.Day??
  private let read: @Sendable () -> Timesheet.Day?
  private var started = false

  /// Today's timesheet of the store's annotator, to be read once `start` is called.
  package init(root: URL, annotator: String, today: String) {
    read = {
      (try? Timesheet.compute(root, annotator: annotator, since: today))?.days.first {
        $0.date == today
      }
    }
  }

  /// Starts the reading (once), after the first frame: it must not compete with it.
  package func start() {
    guard
      lock.withLock({ () -> Bool in
        defer { started = true }
        return !started
      })
    else { return }
    done.enter()
    DispatchQueue.global(qos: .utility).async {
      let day = self.read()
      self.lock.withLock { self.result = .some(day) }
      self.done.leave()
    }
  }

  /// Today's timesheet day once read (`.some(nil)` when the annotator has none), taken once.
  package func take() -> Timesheet.Day?? {
    lock.withLock {
      defer { if result != nil { result = .some(nil) } }
      return result
    }
  }

  /// Starts the reading if it was not, and waits until it is done (tests).
  package func wait() {
    start()
    done.wait()
  }
}
