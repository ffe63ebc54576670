import Annotation
import Commands
import Platform
import TerminalKit
import TextKit
import Worksheet

extension Screen {
  /// Untrusted text for the message line, shortened at a word to the screen's width.
  static func fitted(_ text: String, _ style: Style, width: Int = Int.max) -> [StyledSpan] {
    Sanitizer.sanitize(Fit.words(Sanitizer.plainText(text), width: width), style: style).spans
  }

  static func drawMessageLine(_ s: Session, _ g: inout Grid, y: Int, report: ValidationReport?) {
    if case .prompt(let input) = s.overlay {
      input.draw(&g, y: y)
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
      g.put(fitted(" " + n.text, style, width: g.width), x: 0, y: y)
      return
    }
    if s.editor != nil {
      g.put(
        " Type to edit · every keystroke is kept · C-z undoes", x: 0, y: y, style: Style(dim: true))
      return
    }
    if let d = s.flow.review.returnedDecision(s.store.annotation(for: s.draft.taskId) ?? s.draft),
      s.draft.status == .draft
    {
      let by = d.annotator
      let note = d.review?.note ?? ""
      let letters = s.flow.reviewerLetters(d).map { " (their letters: \($0))" } ?? ""
      g.put(
        fitted(
          " Sent back by \(by): \(note)\(letters) · change your answer, Enter resubmits",
          Style(fg: .yellow), width: g.width), x: 0, y: y)
      return
    }
    if let review = s.draft.review, s.flow.review.desk != nil, s.draft.status == .submitted {
      var text =
        " Decided: " + (review.decision == .sentBack ? "sent back" : review.decision.rawValue)
      if let who = review.accepted,
        let i = s.flow.reviewItem?.answers.firstIndex(where: { $0.annotator == who })
      {
        text += " (\(s.scene.name(i, s.flow.reviewItem?.answers[i] ?? s.draft)))"
      }
      if let note = review.note { text += ": \(note)" }
      if review.quick { text += " · quick (under 2 s)" }
      g.put(fitted(text + " · u undoes it", Style(fg: .green), width: g.width), x: 0, y: y)
      return
    }
    if let item = s.flow.reviewItem, s.draft.status == .draft, !s.draft.hasWork {
      func key(_ a: Action) -> String {
        s.keymap.keys(for: a, in: [.answers]).map { Key.name(of: $0) } ?? a.rawValue
      }
      let n = item.answers.count
      let take =
        n > 1
        ? "\(key(.take1))–\(key(Action(rawValue: "take-\(min(n, 9))") ?? .take1))" : key(.take1)
      let hint =
        " \(take) accept an answer · \(key(.editFinal)) edit from the focused one · \(key(.sendBack)) send back · \(key(.hideNames)) hide names"
      g.put(hint, x: 0, y: y, style: Style(dim: true))
      return
    }
    if s.draft.status == .skipped {
      let why = s.draft.skipReason.flatMap { $0.isEmpty ? nil : $0 } ?? "no reason given"
      g.put(
        fitted(
          " Skipped: \(why) · Enter submits it once complete", Style(fg: .yellow), width: g.width),
        x: 0, y: y)
      return
    }
    if let v = report {
      if let w = v.warnings.first {
        g.put(fitted(" ⚠ " + w, Style(fg: .yellow), width: g.width), x: 0, y: y)
      } else if v.isComplete && s.draft.status == .draft {
        g.put(" Complete: Enter submits", x: 0, y: y, style: Style(fg: .green))
      } else if let first = v.issues.first, s.draft.status == .draft {
        g.put(
          fitted(
            " To do: \(first.message)"
              + (v.issues.count > 1 ? " (+\(v.issues.count - 1) more)" : ""), Style(dim: true),
            width: g.width), x: 0, y: y)
      }
    }
  }

  static func drawStatus(_ s: Session, _ g: inout Grid, y: Int) {
    g.fill(Rect(x: 0, y: y, width: g.width, height: 1), style: statusBar)
    var parts: [(String, Style)] = []
    // Text entry is the one state where keys become text: it says so on every frame.
    let writing = s.inputState.entersText
    if writing { parts.append((" ✎ WRITING ", Style(fg: .black, bg: .green, bold: true))) }
    parts.append(((writing ? "" : " ") + s.store.annotator, statusBar.bolded))
    parts.append(("task \(Wording.formatTime(s.draft.activeMs))", statusBar))
    parts.append(("shift \(Wording.formatTime(s.shiftActiveMs))", statusBar))
    // With breaks set or taken, the time since the last one.
    if s.wellbeing.breakEvery != nil || s.flow.shift.breakTaken {
      let due = s.wellbeing.breakEvery.map { s.sinceBreakMs >= $0 * 60_000 } ?? false
      parts.append(
        ("since break \(Wording.formatTime(s.sinceBreakMs))", due ? statusBar.bolded : statusBar))
    }
    if s.saveFailure != nil {
      parts.append(("✗ NOT SAVING", Style(fg: .white, bg: .red, bold: true)))
    } else if s.store.readOnly {
      parts.append(("read-only", Style(fg: .black, bg: .yellow, bold: true)))
    } else if s.sheet.dirty {
      parts.append(("● saving", statusBar))
    } else if s.savedAt != nil {
      parts.append(("✓ saved", statusBar))
    }
    if s.hostileCount > 0 {
      parts.append(
        (
          "⚠ \(s.hostileCount) hidden/control chars shown as placeholders",
          Style(fg: .black, bg: .yellow, bold: true)
        ))
    }
    if s.sheet.repaired { parts.append(("repaired UTF-8", Style(fg: .black, bg: .yellow))) }
    if !s.flow.nav.filterLabel.isEmpty {
      parts.append((s.flow.nav.filterLabel.trimmingWhitespace(newlines: false), statusBar))
    }
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
}
