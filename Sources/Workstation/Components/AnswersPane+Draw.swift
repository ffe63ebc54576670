import Annotation
import Commands
import TerminalKit
import TextKit
import Worksheet

extension AnswersPane {
  /// The narrowest column worth drawing.
  static let minColumn = 26

  /// The pane with its column and scroll clamped to the answers it shows inside `inner`.
  func settled(_ s: Scene, inner: Rect) -> AnswersPane {
    guard let item = s.reviewItem else { return self }
    var p = self
    let n = item.answers.count
    let width = AnswersPane.layout(n, width: inner.width).width
    let longest = item.answers.map { AnswersPane.lines(s, $0, width: width).count }.max() ?? 0
    p.column = min(column, max(0, n - 1))
    p.scroll = Scrolling.clamp(scroll, lines: longest, height: inner.height - 1)
    return p
  }

  /// How many columns fit in a width, at most `count`.
  static func columns(_ count: Int, width: Int) -> Int {
    max(1, min(count, (width + 1) / (minColumn + 1)))
  }

  /// How many columns are shown and how wide each is, one column of rule between them.
  static func layout(_ count: Int, width: Int) -> (shown: Int, width: Int) {
    let shown = columns(count, width: width)
    return (shown, (width - (shown - 1)) / shown)
  }

  /// The name shown for an annotator: their name, or "Annotator N" with names hidden.
  /// One annotator's answer as lines `width` columns wide.
  static func lines(_ s: Scene, _ a: Annotation, width: Int) -> [RenderedLine] {
    let dim = Style(dim: true)
    var out: [RenderedLine] = []
    func add(_ text: String, _ style: Style = .plain, indent: String = "  ") {
      for row in Wrap.wrap(
        Sanitizer.sanitize(text, style: style).spans, width: max(4, width - indent.count))
      {
        out.append(RenderedLine([StyledSpan(indent)] + row))
      }
    }
    for q in s.form.questions {
      let values = describe(q, a, s)
      guard !values.isEmpty else { continue }
      out.append(RenderedLine(Sanitizer.sanitize(q.title, style: dim).spans))
      for v in values { add(v.text, v.style) }
    }
    if out.isEmpty { out.append(RenderedLine([StyledSpan("no answers", dim)])) }
    // Their own words name candidates by the letters of their shuffle.
    let wrote =
      a.answers.values.contains { $0.text != nil }
      || a.candidateAnswers.values.contains { $0.values.contains { $0.text != nil } }
    if wrote,
      let letters = CandidateLetters.legend(
        writer: a.orderShown, reader: s.order, your: "this screen's")
    {
      out.append(RenderedLine([]))
      add("Letters in their text: \(letters)", Style(fg: .cyan), indent: "")
    }
    return out
  }

  /// An answer in words, for the reviewer: one entry per line.
  static func describe(_ q: Question, _ a: Annotation, _ s: Scene) -> [(
    text: String, style: Style
  )] {
    let order = s.order
    func letterOf(_ id: String) -> String { candidateLetter(id, order: order) }
    let keys: [(label: String, key: AnswerKey)] =
      q.scope == .candidate
      ? order.map { (letterOf($0) + ": ", AnswerKey(q.id, candidate: $0)) }
      : [("", AnswerKey(q.id))]
    var out: [(String, Style)] = []
    for (label, key) in keys {
      guard let answer = a[key] else { continue }
      guard let brief = q.kind.spec.brief(answer, order: order) else { continue }
      out.append((label + brief.text, AnswersPane.style(brief.tone)))
    }
    return out
  }

  /// Draws the pane; reads the session, writes only the grid.
  static func draw(_ s: Scene, _ g: inout Grid, _ r: Rect) {
    guard let item = s.reviewItem else { return }
    let agreement =
      item.agreement.map { "agreement \(Int(($0 * 100).rounded()))%" } ?? "nothing to compare"
    let inner = Screen.box(
      &g, r, title: "Answers · \(item.answers.count) annotators · \(agreement)",
      focused: s.focus == .answers,
      right: s.desk?.hideNames == true ? "names hidden" : "")
    guard inner.width > 0, inner.height > 1 else { return }
    let pane = s.desk?.pane ?? AnswersPane()
    let n = item.answers.count
    let (shown, width) = layout(n, width: inner.width)
    // The focused column stays in view: the window of columns slides with it.
    let first = max(0, min(pane.column - shown + 1, n - shown))
    for c in 0..<shown {
      let i = first + c
      guard let a = item.answers[safe: i] else { break }
      let x = inner.x + c * (width + 1)
      let focused = i == pane.column && s.focus == .answers
      let head = "\(i + 1) \(s.name(i, a)) · \(Wording.formatTime(a.activeMs))"
      let headStyle =
        focused ? Style(fg: .black, bg: .cyan, bold: true) : Style(bold: true, underline: true)
      g.put(
        Sanitizer.sanitize(head, style: headStyle).spans, x: x, y: inner.y,
        clip: Rect(x: x, y: inner.y, width: width, height: 1))
      let body = Rect(x: x, y: inner.y + 1, width: width, height: inner.height - 1)
      Screen.drawLines(&g, lines(s, a, width: width), in: body, scroll: pane.scroll, side: 0)
      if c < shown - 1 {
        g.fill(
          Rect(x: x + width, y: inner.y, width: 1, height: inner.height),
          with: Cell(text: "│", style: Style(dim: true)))
      }
    }
    if shown < n {
      let keys = [Action.prevAnswer, .nextAnswer].compactMap {
        s.keymap.keys(for: $0, in: [.answers]).map { Key.name(of: $0) }
      }
      let more = " \(first + 1)–\(first + shown) of \(n) · \(keys.joined(separator: "/")) "
      g.put(
        more, x: max(inner.x, inner.maxX - DisplayWidth.of(more)), y: r.maxY - 1,
        style: Style(dim: true))
    }
  }
}

extension AnswersPane {
  /// How each tone of an answer's brief is drawn.
  static func style(_ tone: AnswerBrief.Tone) -> Style {
    switch tone {
    case .plain: return .plain
    case .firm: return Style(bold: true)
    case .alarm: return Style(fg: .red, bold: true)
    case .changed: return Style(fg: .green)
    case .quiet: return Style(dim: true)
    }
  }
}
