import Commands
import TerminalKit
import TextKit
import Worksheet

/// The prompt line at the bottom: `:` commands, `/` search, the skip reason.
/// Its keys come from the [prompt] keymap section; other keys type.
extension LineInput {
  enum Outcome: Equatable {
    case editing
    case accept(String)
    case cancel
  }

  /// Applies a [prompt] action, or types a key that has none.
  mutating func apply(_ a: Action?, key: Key) -> Outcome {
    switch a {
    case .accept: return .accept(editor.text)
    case .cancel: return .cancel
    case .deleteBack:
      // Backspace on an empty prompt closes it, as in vim and less.
      if editor.text.isEmpty { return .cancel }
      editor.deleteBack()
    case .cursorLeft: editor.left()
    case .cursorRight: editor.right()
    case .lineStart: editor.lineStart()
    case .lineEnd: editor.lineEnd()
    case .deleteWordBack: editor.deleteWordBack()
    default:
      if let t = key.typedText { editor.insert(t.replacingEvery("\n", with: " ")) }
    }
    return .editing
  }

  /// The label in front of what is typed.
  var label: String {
    switch purpose {
    case .command: return ":"
    case .search: return "/"
    case .skipReason: return "Skip reason (Enter skips, Esc cancels): "
    case .sendBackNote:
      return "Note (@name first sends to some only; Enter sends back, Esc cancels): "
    }
  }

  /// Draws the prompt on row `y`; writes only the grid.
  func draw(_ g: inout Grid, y: Int) {
    let x = g.put(label, x: 0, y: y, style: Style(bold: true))
    let layout = editor.layout(width: max(2, g.width - x - 1))
    g.put(layout.rows.last ?? [], x: x, y: y)
    Screen.drawCursor(&g, x: min(g.width - 1, x + layout.cursorColumn), y: y, in: g.bounds)
  }
}
