import Annotation
import TerminalKit
import Worksheet

/// What a key means now: the one state the screen is in, read off the session
/// before each key (docs/INTERACTION.md is this type as a table; `outcome` is that
/// table, and InteractionTableTests checks it against what the session does).
///
/// Text goes into an answer only in `textEntry`, and the screen shows that state
/// (the editor's box titled "Editing: …" with its cursor, "✎ WRITING" on the status
/// line) before the first key is typed. Nothing enters it but the annotator's own
/// key: opening a task, an answer moving the focus on, a submit and an undo never do.
enum InputState: Equatable {
  /// The terminal is smaller than the workstation: only quit and suspend act.
  case tooSmall
  /// The break screen: Enter ends the break, other keys do nothing.
  case rest
  /// The prompt line (`:`, `/`, a skip reason, a send-back note): keys type into it.
  case prompt
  /// Help, the word diff, the reviewers' notes: their keys scroll, any other closes.
  case overlay
  /// The editor is open on this answer: printable keys type, the editor's keys edit.
  case textEntry(AnswerKey)
  /// Keys are commands of the focused pane, then global ones; nothing is typed.
  case browse(Pane)

  /// What a key of each class does in a state: the rows of the interaction table.
  enum KeyClass: CaseIterable {
    /// A printable character with no binding in the state's sections.
    case unboundPrintable
    /// A key bound in the state's sections.
    case bound
    /// Esc.
    case escape
  }

  /// What happens to a key of a class in this state.
  enum Outcome: Equatable {
    case typed, command, ignored, closes, leavesToBrowse, named
  }

  /// The table: how each class of key is taken in this state.
  func outcome(_ k: KeyClass) -> Outcome {
    switch (self, k) {
    case (.tooSmall, _): return .ignored
    case (.rest, .escape), (.rest, .unboundPrintable): return .ignored
    case (.rest, .bound): return .command
    case (.prompt, .unboundPrintable): return .typed
    case (.prompt, .bound): return .command
    case (.prompt, .escape): return .closes
    case (.overlay, .bound): return .command
    case (.overlay, .unboundPrintable), (.overlay, .escape): return .closes
    case (.textEntry, .unboundPrintable): return .typed
    case (.textEntry, .bound): return .command
    case (.textEntry, .escape): return .leavesToBrowse
    case (.browse, .unboundPrintable): return .named
    case (.browse, .bound), (.browse, .escape): return .command
    }
  }

  /// Whether keys in this state may write text into an answer.
  var entersText: Bool { if case .textEntry = self { true } else { false } }
}

extension Session {
  /// The state the screen is in now, which decides what the next key means.
  var inputState: InputState {
    if isTooSmall { return .tooSmall }
    switch overlay {
    case .rest: return .rest
    case .prompt: return .prompt
    case .help, .diff, .feedback: return .overlay
    case .none: break
    }
    if let ed = editor { return .textEntry(ed.key) }
    return .browse(focus)
  }

  /// Where the annotator is: what an undo step records and restores.
  var place: History.Place {
    History.Place(pane: focus.rawValue, question: formPane.question, candidate: sheet.candidate)
  }

  /// Goes back to where an undone or redone step was made: the pane, question and
  /// candidate come back with the answer, as an editor restores the cursor.
  func restore(_ p: History.Place?) {
    guard let p else { return }
    if let pane = Pane(rawValue: p.pane), panes.contains(pane) { focus = pane }
    if form.questions.indices.contains(p.question), p.question != formPane.question {
      formPane.question = p.question
      formPane.option = 0
    }
    candidates.focus(p.candidate, sheet: &flow.sheet, shown: candidatesShown)
  }
}
