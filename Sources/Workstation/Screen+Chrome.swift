import Annotation
import Foundation
import TerminalKit
import TextKit

extension Screen {
  static func drawMessageLine(_ s: Session, _ g: inout Grid, y: Int, report: ValidationReport?) {
    if case .prompt(let input) = s.overlay {
      let label: String
      switch input.purpose {
      case .command: label = ":"
      case .search: label = "/"
      case .skipReason: label = "Skip reason (Enter skips, Esc cancels): "
      }
      let x = g.put(label, x: 0, y: y, style: Style(bold: true))
      let layout = input.editor.layout(width: max(2, g.width - x - 1))
      let row = layout.rows.last ?? []
      g.put(row, x: x, y: y)
      let cx = min(g.width - 1, x + layout.cursorColumn)
      var cell = g[cx, y]
      if cell.width == 0 { cell = .blank() }
      cell.style.reverse = true
      g[cx, y] = cell
      return
    }
    if let n = s.notice {
      let style: Style
      switch n.kind {
      case .info: style = Style(fg: .cyan)
      case .warning: style = Style(fg: .yellow, bold: true)
      case .error: style = Style(fg: .white, bg: .red, bold: true)
      }
      if n.kind == .error { g.fill(Rect(x: 0, y: y, width: g.width, height: 1), style: style) }
      g.put(Sanitizer.sanitize(" " + n.text, style: style).spans, x: 0, y: y)
      return
    }
    if s.editor != nil {
      g.put(" Type to edit · every keystroke is kept · C-z undoes", x: 0, y: y, style: Style(dim: true))
      return
    }
    if s.draft.status == .skipped {
      let why = s.draft.skipReason.flatMap { $0.isEmpty ? nil : $0 } ?? "no reason given"
      g.put(Sanitizer.sanitize(" Skipped: \(why) · Enter submits it once complete", style: Style(fg: .yellow)).spans, x: 0, y: y)
      return
    }
    if let v = report {
      if let w = v.warnings.first {
        g.put(Sanitizer.sanitize(" ⚠ " + w, style: Style(fg: .yellow)).spans, x: 0, y: y)
      } else if v.isComplete && s.draft.status == .draft {
        g.put(" Complete: Enter submits", x: 0, y: y, style: Style(fg: .green))
      } else if let first = v.issues.first, s.draft.status == .draft {
        g.put(Sanitizer.sanitize(" To do: \(first.message)" + (v.issues.count > 1 ? " (+\(v.issues.count - 1) more)" : ""), style: Style(dim: true)).spans, x: 0, y: y)
      }
    }
  }

  static func drawStatus(_ s: Session, _ g: inout Grid, y: Int) {
    g.fill(Rect(x: 0, y: y, width: g.width, height: 1), style: statusBar)
    var parts: [(String, Style)] = []
    parts.append((" \(s.store.annotator)", statusBar.bolded))
    parts.append(("task \(formatTime(s.draft.activeMs))", statusBar))
    parts.append(("shift \(formatTime(s.shiftActiveMs))", statusBar))
    if s.saveFailure != nil {
      parts.append(("✗ NOT SAVING", Style(fg: .white, bg: .red, bold: true)))
    } else if s.store.readOnly {
      parts.append(("read-only", Style(fg: .black, bg: .yellow, bold: true)))
    } else if s.dirty {
      parts.append(("● saving", statusBar))
    } else if s.savedAt != nil {
      parts.append(("✓ saved", statusBar))
    }
    if s.hostileCount > 0 {
      parts.append(("⚠ \(s.hostileCount) hidden/control chars shown as placeholders", Style(fg: .black, bg: .yellow, bold: true)))
    }
    if s.repaired { parts.append(("repaired UTF-8", Style(fg: .black, bg: .yellow))) }
    if !s.filterLabel.isEmpty { parts.append((s.filterLabel.trimmingCharacters(in: .whitespaces), statusBar)) }
    var x = 0
    for (i, p) in parts.enumerated() {
      if i > 0 { x = g.put(" · ", x: x, y: y, style: statusBar) }
      x = g.put(p.0, x: x, y: y, style: p.1)
    }
    let help = s.keymap.keys(for: .help, in: [.global]).map { Key.name(of: $0) } ?? "?"
    let hint = " \(help) help "
    let hx = g.width - DisplayWidth.of(hint)
    if hx > x + 1 { g.put(hint, x: hx, y: y, style: statusBar.bolded) }
  }

  /// Every binding of the active keymap with its description, by context.
  /// The help text for a keymap, wrapped to `width` columns (key names as typed: `<` not `<lt>`).
  public static func helpLines(_ keymap: Keymap, width: Int = .max) -> [RenderedLine] {
    var lines: [RenderedLine] = wrapWords("Keys of the \(keymap.name) keymap", width: width).map {
      RenderedLine([Span($0, Style(bold: true, underline: true))])
    }
    for part in wrapWords("Everything is saved as you go; u undoes anything, even a submit.", width: width) {
      lines.append(RenderedLine([Span(part, Style(dim: true))]))
    }
    for context in KeyContext.allCases {
      guard let bindings = keymap.bindings[context], !bindings.isEmpty else { continue }
      lines.append(RenderedLine([]))
      lines.append(RenderedLine([Span(context.rawValue, Style(fg: .cyan, bold: true))]))
      var grouped: [(Action, [String])] = []
      for b in bindings {
        let name = Key.name(of: b.keys).replacingOccurrences(of: "<lt>", with: "<")
        if let i = grouped.firstIndex(where: { $0.0 == b.action }) {
          grouped[i].1.append(name)
        } else {
          grouped.append((b.action, [name]))
        }
      }
      for (action, keys) in grouped {
        let k = keys.joined(separator: " ")
        let column = 24
        // Wide enough: keys, then the summary wrapped under its own column;
        // narrow: the keys on a line, the summary wrapped below them.
        if width >= column + 20 && DisplayWidth.of(k) + 3 <= column {
          let pad = String(repeating: " ", count: column - 2 - DisplayWidth.of(k))
          let parts = wrapWords(action.summary, width: width - column)
          lines.append(RenderedLine([Span("  " + k, Style(bold: true)), Span(pad), Span(parts.first ?? "")]))
          for more in parts.dropFirst() { lines.append(RenderedLine([Span(String(repeating: " ", count: column) + more)])) }
        } else {
          lines.append(RenderedLine([Span("  " + k, Style(bold: true))]))
          for part in wrapWords(action.summary, width: max(10, width - 4)) { lines.append(RenderedLine([Span("    " + part)])) }
        }
      }
    }
    if keymap.bindings[.editor] != nil {
      lines.append(RenderedLine([]))
      for part in wrapWords("In the editor, other keys type text; pasted text arrives whole. On a focused text question, typing opens its editor.", width: width) {
        lines.append(RenderedLine([Span(part, Style(dim: true))]))
      }
    }
    return lines
  }

  /// Words filled into lines of at most `width` columns (a longer word gets a line of its own).
  static func wrapWords(_ text: String, width: Int) -> [String] {
    var out: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      let candidate = line.isEmpty ? String(word) : line + " " + word
      if DisplayWidth.of(candidate) > width && !line.isEmpty {
        out.append(line)
        line = String(word)
      } else {
        line = candidate
      }
    }
    if !line.isEmpty { out.append(line) }
    return out
  }

  static func centered(_ g: Grid, width: Int, height: Int) -> Rect {
    let w = min(g.width - 4, width)
    let h = min(g.height - 2, height)
    return Rect(x: (g.width - w) / 2, y: max(1, (g.height - h) / 2), width: w, height: h)
  }

  static func drawHelp(_ s: Session, _ g: inout Grid, scroll: Int) {
    let r = centered(g, width: 84, height: g.height - 2)
    g.fill(r)
    let inner = box(&g, r, title: "Help", focused: true, right: "j/k scroll · any other key closes")
    drawLines(&g, helpLines(s.keymap, width: inner.width), in: inner, scroll: scroll, side: 0)
  }

  static func drawDiff(_ s: Session, _ g: inout Grid, scroll: Int) {
    guard let t = s.task, s.order.count >= 2 else { return }
    let i = s.candidateIndex
    let j = (i + 1) % s.order.count
    guard let a = t.candidate(s.order[i]), let b = t.candidate(s.order[j]) else { return }
    let r = centered(g, width: max(40, g.width - 8), height: g.height - 2)
    g.fill(r)
    let inner = box(&g, r, title: "Word diff: \(letter(i)) → \(letter(j))", focused: true, right: "[-\(letter(i)) only-] {+\(letter(j)) only+}")
    drawLines(&g, diffLines(WordDiff.diff(a.text, b.text), width: inner.width), in: inner, scroll: scroll, side: 0)
  }
}
