import Annotation
import Foundation
import TerminalKit

/// The session's clocks, injected so tests set the time: monotonic milliseconds
/// for durations (active time, debouncing, breaks), wall time for what is recorded.
struct Clocks {
  var monotonic: () -> Int
  var wall: () -> Date
}

/// What earlier keys left waiting for later ones.
struct Pending {
  /// Keys typed so far of a sequence (`g g`).
  var keys: [Key] = []
  /// The task whose submit an undo is waiting to be confirmed for (a second `u`).
  var undoArmedFor: String?
  /// The answer an external editor is working on.
  var externalKey: AnswerKey?
  /// The last search, highlighted in the panes.
  var search = Search()
}

/// What the title and status lines track between frames.
struct Indicators {
  /// When the last save was carried out, on the session's clock ("saved").
  var savedAt: Int?
  /// The task count the title last showed.
  var lastTaskCount = (count: -1, complete: false)
  /// Keys ignored since the terminal became too small (the too-small screen counts them).
  var ignoredWhileTooSmall = 0
}
