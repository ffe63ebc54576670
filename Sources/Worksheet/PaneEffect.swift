import Annotation
import Commands

/// What a pane asks of the session after taking a command: a pane changes its own
/// state and the answers (the `Sheet` it is lent); anything beyond its box comes
/// back as one of these, for the session to compose.
///
/// A pane's `handle` returns nil for a command that is not its own, so the session
/// can offer it elsewhere (the owner pane, then its own commands).
package enum PaneEffect: Equatable {
  /// Open the text editor on this question (a text or compose answer).
  case write(questionIndex: Int)
  /// Open the editor on a rewrite of the focused candidate.
  case rewrite
  /// Give this command to another pane (the form's turn question drives the conversation's turn).
  case route(Action, to: Pane)
  /// Pick turn `n` (1-based) of the conversation as the answer.
  case pickTurn(Int)
  /// Show the word-diff overlay (candidates not side by side).
  case showDiff
  /// Cycle the candidates view (the session knows what fits at the viewport).
  case cycleView
  /// Move the focus to a pane.
  case focus(Pane)
  /// Move the focus to the answer a validation issue is about.
  case focusIssue(ValidationIssue)
  /// Open the prompt line for this purpose.
  case prompt(LineInput.Purpose)
  /// A review decision was taken: move on to the next task to decide, saying this.
  case decided(String)
}
