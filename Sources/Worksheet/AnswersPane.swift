import Annotation
import Commands

/// The review screen's pane of the annotators' answers: a column per annotator
/// (the ranking, every rating, choice, flag and text, and the time spent), side
/// by side when they fit, else the focused one with its neighbours a key away.
/// Candidates are named by the reviewer's letters, whatever order each annotator saw.
package struct AnswersPane {
  /// The focused annotator, by column.
  package var column = 0
  /// The first line shown; the columns scroll together.
  package var scroll = 0

  package init(column: Int = 0, scroll: Int = 0) {
    self.column = column
    self.scroll = scroll
  }

  /// Handles the pane's own commands (moving between annotators, scrolling); nil
  /// for a command not its own.
  package mutating func handle(_ a: Action, count: Int, page: Int) -> [PaneEffect]? {
    switch a {
    case .prevAnswer: column = max(0, column - 1)
    case .nextAnswer: column = min(max(0, count - 1), column + 1)
    default:
      guard let by = Scrolling.step(a, page: page) else { return nil }
      scroll = Scrolling.apply(by, to: scroll)
    }
    return []
  }
}
