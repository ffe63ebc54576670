import Dispatch
import Foundation
import TaskStore

/// Today's active time from the annotator's timesheet, read off the main path:
/// the journal of a long shift takes longer to read than a first frame may, so the
/// reading runs in the background and the shift clock takes it at the next tick.
final class TodaysShift: @unchecked Sendable {
  private let lock = NSLock()
  private let done = DispatchGroup()
  private var result: Timesheet.Day??

  /// Starts reading today's timesheet of the store's annotator.
  init(root: URL, annotator: String, today: String) {
    done.enter()
    DispatchQueue.global(qos: .userInitiated).async {
      let day = (try? Timesheet.compute(root, annotator: annotator, since: today))?.days.first {
        $0.date == today
      }
      self.lock.withLock { self.result = .some(day) }
      self.done.leave()
    }
  }

  /// Today's timesheet day once read (`.some(nil)` when the annotator has none), taken once.
  func take() -> Timesheet.Day?? {
    lock.withLock {
      defer { if result != nil { result = .some(nil) } }
      return result
    }
  }

  /// Waits until the reading is done (tests, and a quit right after opening).
  func wait() { done.wait() }
}
