import Annotation
import Commands
import TerminalKit
import TextKit
import Worksheet

/// The overlays drawn over the panes: help, the word diff and the reviewers'
/// feedback. Each reads its keys from a keymap section ([help], [diff]; the
/// feedback scrolls with [help]); a key bound there scrolls or closes it, and
/// any other key closes it.
enum Overlays {
  /// The rectangle an overlay takes in a grid of this size.
  static func rect(_ overlay: Overlay, width: Int, height: Int) -> Rect {
    switch overlay {
    case .diff: return centered(width: width, height: height, w: max(40, width - 8), h: height - 2)
    default: return centered(width: width, height: height, w: 84, h: height - 2)
    }
  }

  static func centered(width: Int, height: Int, w: Int, h: Int) -> Rect {
    let w = min(width - 4, w)
    let h = min(height - 2, h)
    return Rect(x: (width - w) / 2, y: max(1, (height - h) / 2), width: w, height: h)
  }

  /// The overlay's lines at an inside width.
  static func lines(_ s: Scene, _ overlay: Overlay, width: Int) -> [RenderedLine] {
    switch overlay {
    case .help: return helpLines(s.keymap, width: width)
    case .feedback: return feedbackLines(s.feedback, width: width)
    case .diff:
      guard let pair = diffPair(s) else { return [] }
      return Screen.diffLines(WordDiff.diff(pair.a, pair.b), width: width)
    default: return []
    }
  }

  /// The focused candidate's text and the next one's.
  static func diffPair(_ s: Scene) -> (a: String, b: String, i: Int, j: Int)? {
    guard let t = s.shown, s.order.count >= 2 else { return nil }
    let i = s.sheet.candidate
    let j = (i + 1) % s.order.count
    guard let a = t.candidate(s.order[i]), let b = t.candidate(s.order[j]) else { return nil }
    return (a.text, b.text, i, j)
  }

  /// Draws the overlay over the panes; reads the session, writes only the grid.
  static func draw(_ s: Scene, _ g: inout Grid) {
    let scroll: Int
    let title: String
    var right: String
    switch s.overlay {
    case .help(let top):
      scroll = top
      title = "Help"
      right = "any other key closes"
    case .feedback(let top):
      scroll = top
      title = "Feedback from review (\(s.feedback.count))"
      right = "any other key closes"
    case .diff(let top):
      guard let pair = diffPair(s) else { return }
      scroll = top
      title = "Word diff: \(letter(pair.i)) → \(letter(pair.j))"
      right = "[-\(letter(pair.i)) only-] {+\(letter(pair.j)) only+} · any other key closes"
    default: return
    }
    let context: KeyContext = s.overlay == .diff(scroll: scroll) ? .diff : .help
    if let down = s.keymap.keys(for: .scrollDown, in: [context]),
      let up = s.keymap.keys(for: .scrollUp, in: [context])
    {
      right = "\(Key.name(of: down))/\(Key.name(of: up)) scroll · " + right
    }
    let r = rect(s.overlay, width: g.width, height: g.height)
    g.fill(r)
    let inner = Screen.box(&g, r, title: title, focused: true, right: right)
    Screen.drawLines(
      &g, lines(s, s.overlay, width: inner.width), in: inner, scroll: scroll, side: 0)
  }

  /// The reviewers' decisions on the annotator's answers, newest first: the task,
  /// who decided what, and the note.
  /// `legend` says how a decision's letters read on the annotator's screen.
  static func feedbackLines(
    _ decisions: [(decision: Annotation, legend: String?)], width: Int
  ) -> [RenderedLine] {
    guard !decisions.isEmpty else {
      return wrapWords(
        "No feedback yet: when a reviewer settles a task you answered, their decision and note show here.",
        width: width
      )
      .map { RenderedLine([StyledSpan($0, Style(dim: true))]) }
    }
    var lines: [RenderedLine] = []
    for (d, legend) in decisions {
      guard let review = d.review else { continue }
      if !lines.isEmpty { lines.append(RenderedLine([])) }
      let what: String
      switch review.decision {
      case .accepted: what = "accepted " + (review.accepted.map { "\($0)'s answer" } ?? "an answer")
      case .edited: what = "wrote a final answer"
      case .sentBack: what = "sent it back to you"
      }
      let head =
        "\(d.taskId) · \(d.annotator) \(what) · \(d.updated.prefix(16).replacingEvery("T", with: " "))"
      for row in Wrap.wrap(
        Sanitizer.sanitize(head, style: Style(bold: true)).spans, width: max(4, width))
      { lines.append(RenderedLine(row)) }
      if let note = review.note {
        for row in Wrap.wrap(Sanitizer.sanitize(note).spans, width: max(4, width - 2)) {
          lines.append(RenderedLine([StyledSpan("  ")] + row))
        }
        if let letters = legend {
          let text = "In the reviewer's letters, \(letters)."
          for row in Wrap.wrap(
            Sanitizer.sanitize(text, style: Style(fg: .cyan)).spans, width: max(4, width - 2))
          {
            lines.append(RenderedLine([StyledSpan("  ")] + row))
          }
        }
      }
      if review.decision == .sentBack {
        let hint = "  :goto \(d.taskId) opens it; change your answer and Enter resubmits"
        for row in Wrap.wrap(
          Sanitizer.sanitize(hint, style: Style(dim: true)).spans, width: max(4, width))
        { lines.append(RenderedLine(row)) }
      }
    }
    return lines
  }

  /// Every binding of the active keymap with its description, by context.
  /// The help text for a keymap, wrapped to `width` columns (key names as typed: `<` not `<lt>`).
  public static func helpLines(_ keymap: Keymap, width: Int = .max) -> [RenderedLine] {
    var lines: [RenderedLine] = wrapWords("Keys of the \(keymap.name) keymap", width: width).map {
      RenderedLine([StyledSpan($0, Style(bold: true, underline: true))])
    }
    // The interaction model in a few lines (docs/INTERACTION.md), with this keymap's keys.
    func named(_ a: Action, _ c: KeyContext) -> String {
      keymap.allKeys(for: a, in: c).map {
        Key.name(of: $0).replacingEvery("<lt>", with: "<")
      }.joined(separator: " or ")
    }
    let write = [
      named(.toggle, .form), named(.editRationale, .global), named(.rewrite, .candidates),
    ].filter { !$0.isEmpty }
    let model = [
      "Keys are commands of the focused pane (its border is lit; ▸ marks the question and candidate digits act on), then the global ones.",
      "Text is typed only while an editor is open, with ✎ WRITING on the status line: \(write.joined(separator: ", ")) open one; \(named(.editorLeave, .editor)) leaves it.",
      "Everything is saved as you go; \(named(.undo, .global)) undoes anything, even a submit, and puts the focus back where the change was made.",
    ]
    for sentence in model {
      for part in wrapWords(sentence, width: width) {
        lines.append(RenderedLine([StyledSpan(part, Style(dim: true))]))
      }
    }
    for context in KeyContext.allCases {
      guard let bindings = keymap.bindings[context], !bindings.isEmpty else { continue }
      lines.append(RenderedLine([]))
      lines.append(RenderedLine([StyledSpan(context.rawValue, Style(fg: .cyan, bold: true))]))
      // A numbered family (rank-1…rank-9) is one entry.
      var grouped: [(name: String, summary: String, keys: [String])] = []
      for b in bindings {
        let name = Key.name(of: b.keys).replacingEvery("<lt>", with: "<")
        let command = b.action.family?.name ?? b.action.rawValue
        if let i = grouped.firstIndex(where: { $0.name == command }) {
          grouped[i].keys.append(name)
        } else {
          grouped.append((command, b.action.family?.summary ?? b.action.summary, [name]))
        }
      }
      for (_, summary, keys) in grouped {
        let k = keys.joined(separator: " ")
        let column = 24
        // Wide enough: keys, then the summary wrapped under its own column;
        // narrow: the keys on a line, the summary wrapped below them.
        if width >= column + 20 && DisplayWidth.of(k) + 3 <= column {
          let pad = String(repeating: " ", count: column - 2 - DisplayWidth.of(k))
          let parts = wrapWords(summary, width: width - column)
          lines.append(
            RenderedLine([
              StyledSpan("  " + k, Style(bold: true)), StyledSpan(pad),
              StyledSpan(parts.first ?? ""),
            ]))
          for more in parts.dropFirst() {
            lines.append(RenderedLine([StyledSpan(String(repeating: " ", count: column) + more)]))
          }
        } else {
          lines.append(RenderedLine([StyledSpan("  " + k, Style(bold: true))]))
          for part in wrapWords(summary, width: max(10, width - 4)) {
            lines.append(RenderedLine([StyledSpan("    " + part)]))
          }
        }
      }
    }
    lines.append(RenderedLine([]))
    lines.append(RenderedLine([StyledSpan(": line", Style(fg: .cyan, bold: true))]))
    for c in LineCommand.table {
      let names = c.spellings.joined(separator: "  ")
      lines.append(RenderedLine([StyledSpan("  " + names, Style(bold: true))]))
      for part in wrapWords(c.summary, width: max(10, width - 4)) {
        lines.append(RenderedLine([StyledSpan("    " + part)]))
      }
    }
    if keymap.bindings[.editor] != nil {
      lines.append(RenderedLine([]))
      for part in wrapWords(
        "In the editor, other keys type text; pasted text arrives whole.", width: width)
      {
        lines.append(RenderedLine([StyledSpan(part, Style(dim: true))]))
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

}
