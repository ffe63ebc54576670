import Annotation
import TerminalKit
import TextKit
import Worksheet

/// Drawing the candidates: reads the session, writes only the grid.
extension CandidatesPane {
  static func draw(_ s: Scene, _ g: inout Grid, _ r: Rect) {
    guard let t = s.shown else {
      Screen.box(&g, r, title: "Candidates", focused: s.focus == .candidates)
      return
    }
    if t.candidates.isEmpty {
      drawComposed(s, &g, r)
      return
    }
    let ranking = s.form.rankingQuestion.flatMap { s.draft.answers[$0.id]?.ranking }
    let probe = Screen.inside(r)
    let shown = shown(s, inner: probe)
    var right = ranking?.noneAcceptable == true ? "NONE ACCEPTABLE" : ""
    if t.candidates.count > 1 {
      var label: String
      switch shown {
      case .columns:
        label =
          "side by side" + (s.candidates.linked ? "" : " · unlinked")
          + (s.candidates.diff ? " · diff" : "")
      case .stacked: label = "stacked"
      case .single: label = "one at a time"
      }
      if let v = s.keymap.keys(for: .cycleView, in: [.candidates, .global]) {
        label += " · \(Key.name(of: v)) view"
      }
      right = right.isEmpty ? label : right + " · " + label
    }
    let inner = Screen.box(
      &g, r, title: t.candidates.count == 1 ? "Response" : "Candidates",
      focused: s.focus == .candidates, right: right)
    guard inner.height >= 3 else { return }
    switch shown {
    case .single: drawSingle(s, &g, inner)
    case .stacked: drawStacked(s, &g, inner)
    case .columns(let w): drawColumns(s, &g, inner, width: w)
    }
  }

  /// One candidate at a time, under the strip of letters and ranks.
  static func drawSingle(_ s: Scene, _ g: inout Grid, _ inner: Rect) {
    let ranking = s.form.rankingQuestion.flatMap { s.draft.answers[$0.id]?.ranking }
    var x = inner.x
    for (i, id) in s.order.enumerated() {
      let rank = ranking?.rank(of: id).map { "\($0)" } ?? "·"
      let label = s.form.rankingQuestion == nil ? " \(letter(i)) " : " \(letter(i)):\(rank) "
      let style = i == s.sheet.candidate ? focusedHeader : Style(bold: ranking?.rank(of: id) != nil)
      x = g.put(label, x: x, y: inner.y, style: style, clip: inner) + 1
    }
    guard let id = s.sheet.focusedCandidate else { return }
    g.put(
      Sanitizer.sanitize(header(s, s.sheet.candidate, id), style: Style(bold: true)).spans,
      x: inner.x, y: inner.y + 1, clip: inner)
    var top = inner.y + 2
    let f = flags(s, id)
    if !f.isEmpty {
      g.put(
        "⚑ " + f.joined(separator: ", "), x: inner.x, y: top, style: Style(fg: .red), clip: inner)
      top += 1
    }
    let body = Rect(x: inner.x, y: top, width: inner.width, height: inner.maxY - top)
    let pane = s.candidates
    let lines = self.body(s, id, width: body.width, need: Scrolling.need(pane.scroll, body.height))
    Screen.drawLines(
      &g, lines, in: body, scroll: pane.scroll, side: pane.side[id] ?? 0, highlight: s.searchTerm)
  }

  /// All candidates one under another, scrolled as one list.
  static func drawStacked(_ s: Scene, _ g: inout Grid, _ inner: Rect) {
    let pane = s.candidates
    let view = stackedLines(s, width: inner.width, need: Scrolling.need(pane.scroll, inner.height))
    let side = s.sheet.focusedCandidate.flatMap { pane.side[$0] } ?? 0
    Screen.drawLines(
      &g, view.lines, in: inner, scroll: pane.scroll, side: side, highlight: s.searchTerm)
  }

  /// The candidates in columns, each with its header, scrolled together unless unlinked.
  static func drawColumns(_ s: Scene, _ g: inout Grid, _ inner: Rect, width: Int) {
    let pane = s.candidates
    let rows = headerRows(s)
    let diffs = diffBodies(s, width: width)
    let height = inner.height - rows
    for (i, id) in s.order.enumerated() {
      let x = inner.x + i * (width + gutter)
      let col = Rect(x: x, y: inner.y, width: width, height: inner.height)
      if i > 0 {
        g.fill(
          Rect(x: x - 2, y: inner.y, width: 1, height: inner.height),
          with: Cell(text: "│", style: Screen.border))
      }
      let focused = i == s.sheet.candidate
      let title = Sanitizer.sanitize(
        " " + header(s, i, id) + " ", style: focused ? focusedHeader : Style(bold: true)
      ).spans
      g.put(title, x: x, y: inner.y, clip: col)
      let f = flags(s, id)
      if !f.isEmpty {
        g.put(
          "⚑ " + f.joined(separator: ", "), x: x, y: inner.y + 1, style: Style(fg: .red), clip: col)
      }
      let body = Rect(x: x, y: inner.y + rows, width: width, height: height)
      let top = pane.scroll(of: id, shown: .columns(width: width))
      let lines = diffs[id] ?? self.body(s, id, width: width, need: Scrolling.need(top, height))
      Screen.drawLines(
        &g, lines, in: body, scroll: top, side: pane.side[id] ?? 0, highlight: s.searchTerm)
    }
  }

  /// For writing tasks the middle pane shows what the annotator wrote.
  static func drawComposed(_ s: Scene, _ g: inout Grid, _ r: Rect) {
    let inner = Screen.box(&g, r, title: "Your text", focused: s.focus == .candidates)
    guard !inner.isEmpty else { return }
    Screen.drawLines(
      &g, composedLines(s, width: inner.width), in: inner, scroll: s.candidates.scroll, side: 0)
  }

  /// The composed answers (prompts, replies) as lines.
  static func composedLines(_ s: Scene, width: Int) -> [RenderedLine] {
    var lines: [RenderedLine] = []
    for q in s.form.questions where q.kind == .compose {
      lines.append(RenderedLine([StyledSpan(q.title, Style(bold: true))]))
      if let text = s.draft.answers[q.id]?.text, !text.isEmpty {
        lines += Markdown.render(text, width: width)
      } else {
        let empty = "(empty: focus it in the form and type, or press Space)"
        lines += Wrap.wrap([StyledSpan(empty, Style(dim: true))], width: max(4, width)).map {
          RenderedLine($0)
        }
      }
      lines.append(RenderedLine([]))
    }
    if lines.isEmpty { lines = [RenderedLine([StyledSpan("(no candidates)", Style(dim: true))])] }
    return lines
  }
}
