import Commands
import TerminalKit
import TextKit
import Worksheet

extension EditorPane {
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
