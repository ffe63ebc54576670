import Annotation
import Commands
import TerminalKit
import TextKit

/// The built-in editor on a text answer, a composed message or a rewrite.
public struct EditorPane: Sendable, Equatable {
  public var key: AnswerKey
  public var title: String
  public var editor: TextEditor
  /// The candidate's original text, for a rewrite's live diff.
  public var original: String?
  /// Vim-like maps start in normal mode.
  public var insertMode: Bool

  /// The keymap section the editor's keys are read from.
  package var context: KeyContext { insertMode ? .editor : .editorNormal }

  /// What an editing action asks the session to do.
  package enum Outcome: Equatable {
    /// Only the cursor or the mode changed.
    case moved
    /// The text changed; `boundary` starts a new undo step.
    case edited(boundary: Bool)
    /// Leave the editor (and submit the task).
    case leave(submit: Bool)
    /// A session command the editor lets through (undo, redo, quit).
    case command(Action)
    /// Not an editing action.
    case ignored
  }

  /// Applies an editing action to the buffer.
  package mutating func apply(_ a: Action) -> Outcome {
    switch a {
    case .editorLeave: return .leave(submit: false)
    case .editorSubmit: return .leave(submit: true)
    case .undo, .redo, .quit: return .command(a)
    case .editorNormalMode: insertMode = false
    case .editorInsertMode: insertMode = true
    case .editorAppend:
      editor.right()
      insertMode = true
    case .editorAppendLineEnd:
      editor.lineEnd()
      insertMode = true
    case .editorOpenLine:
      editor.lineEnd()
      editor.insert("\n")
      insertMode = true
      return .edited(boundary: true)
    case .deleteLine:
      editor.deleteLine()
      return .edited(boundary: true)
    case .cursorLeft: editor.left()
    case .cursorRight: editor.right()
    case .cursorUp: editor.up()
    case .cursorDown: editor.down()
    case .wordLeft: editor.wordLeft()
    case .wordRight: editor.wordRight()
    case .lineStart: editor.lineStart()
    case .lineEnd: editor.lineEnd()
    case .textStart: editor.textStart()
    case .textEnd: editor.textEnd()
    case .newline:
      editor.insert("\n")
      return .edited(boundary: false)
    case .deleteBack:
      editor.deleteBack()
      return .edited(boundary: false)
    case .deleteForward:
      editor.deleteForward()
      return .edited(boundary: false)
    case .deleteWordBack:
      editor.deleteWordBack()
      return .edited(boundary: true)
    case .killLine:
      editor.killLine()
      return .edited(boundary: true)
    default: return .ignored
    }
    return .moved
  }

  /// The answer the buffer stands for: nil for an empty text that is not a rewrite.
  package var answer: Answer? {
    let value = editor.text
    return value.isEmpty && original == nil ? nil : .text(value)
  }
}
