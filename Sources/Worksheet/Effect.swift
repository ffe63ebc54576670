import Shift
import TaskStore

/// What key handling asks to be done outside the session's state.
public enum Effect: Sendable, Equatable {
  /// Append this record to the annotator's journal.
  case save(JournalRecord)
  case quit
  case suspend
  /// Hand the text to $VISUAL/$EDITOR and call `finishExternalEdit` with the result.
  case externalEdit(String)
  /// Remember the annotator's candidates view (`CandidatesView`'s raw value).
  case rememberView(String)
  /// Add a break to the annotator's own break log.
  case logBreak(ShiftLog.Break)
  /// Read the journals for something the session shows (`Loaded` brings it back).
  case load(Load)
}
