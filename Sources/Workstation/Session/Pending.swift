import Annotation
import TerminalKit
import Worksheet

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
