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
  var context: KeyContext { insertMode ? .editor : .editorNormal }

  /// What an editing action asks the session to do.
  enum Outcome: Equatable {
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
  mutating func apply(_ a: Action) -> Outcome {
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
  var answer: Answer? {
    let value = editor.text
    return value.isEmpty && original == nil ? nil : .text(value)
  }

  /// Draws the editor (with a rewrite's live diff under it); reads, writes only the grid.
  static func draw(_ s: Scene, _ ed: EditorPane, _ g: inout Grid, _ r: Rect) {
    let mode = s.keymap.isModal ? (ed.insertMode ? " · INSERT" : " · NORMAL") : ""
    var hints: [String] = []
    if let leave = s.keymap.keys(for: .editorLeave, in: [ed.context]) {
      hints.append("\(Key.name(of: leave)) leaves")
    } else if let normal = s.keymap.keys(for: .editorNormalMode, in: [ed.context]) {
      hints.append("\(Key.name(of: normal)) normal mode")
    }
    // Submitting first: where the title leaves no room, hints go from the end,
    // after the submit hint has been cut to its first key.
    let submit = s.keymap.allKeys(for: .editorSubmit, in: ed.context).map { Key.name(of: $0) }
    let title = "Editing: \(ed.title)\(mode)"
    if let first = submit.first {
      let all = "\(submit.joined(separator: "/")) submits"
      let room = r.width - 4 - DisplayWidth.of(title) - 2 - 3
      let long = ([all] + hints).joined(separator: " · ")
      hints.insert(DisplayWidth.of(long) <= room ? all : "\(first) submits", at: 0)
    }
    var area = r
    var diffArea: Rect?
    if ed.original != nil && r.height >= 12 {
      let parts = r.split(.vertical, [.percent(60), .min(4)])
      area = parts[0]
      diffArea = parts[1]
    }
    let inner = Screen.box(
      &g, area, title: title, focused: true, right: hints.joined(separator: " · "))
    guard !inner.isEmpty else { return }
    let layout = ed.editor.layout(width: inner.width, height: inner.height)
    let top = max(0, layout.cursorRow - inner.height + 1)
    for row in 0..<inner.height where top + row < layout.rows.count {
      g.put(layout.rows[top + row], x: inner.x, y: inner.y + row, clip: inner)
    }
    Screen.drawCursor(
      &g, x: inner.x + layout.cursorColumn, y: inner.y + layout.cursorRow - top, in: inner)
    if let d = diffArea, let original = ed.original {
      let n = s.cache.rewriteCounts(original, ed.editor.text)
      let dInner = Screen.box(
        &g, d, title: "Changes against the original", focused: false,
        right: "+\(n.added) −\(n.removed)")
      Screen.drawLines(
        &g, Screen.diffLines(WordDiff.window(original, ed.editor.text), width: dInner.width),
        in: dInner, scroll: 0, side: 0)
    }
  }
}
