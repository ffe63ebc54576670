import Annotation
import TerminalKit
import TextKit
import Worksheet

/// The candidates pane's three views, and the settling of its scroll after a key.
extension CandidatesPane {
  static let focusedHeader = Style(fg: .black, bg: .cyan, bold: true)

  /// How the candidates are drawn in a pane of this inside size, for a view asked for.
  static func shown(_ s: Scene, inner: Rect, view: View? = nil) -> Shown {
    let n = s.order.count
    guard n >= 2 else { return .single }
    let view = view ?? s.candidates.view
    let fits = columnsFit(n, width: inner.width)
    if view == .columns && columnWidth(n, in: inner.width) >= 24 || view == .auto && fits {
      return .columns(width: columnWidth(n, in: inner.width))
    }
    if view == .stacked { return .stacked }
    if view == .auto || view == .columns, stackedFits(s, inner: inner) { return .stacked }
    return .single
  }

  /// Whether every candidate, with its header, fits one under another.
  static func stackedFits(_ s: Scene, inner: Rect) -> Bool {
    var used = 0
    for id in s.order {
      guard let c = s.shown?.candidate(id) else { continue }
      let left = inner.height - used
      let body = s.cache.message(
        "c|\(id)|\(inner.width)", c.text, width: inner.width, need: left + 1)
      used += 1 + (flags(s, id).isEmpty ? 0 : 1) + body.count + 1
      if used - 1 > inner.height { return false }
    }
    return true
  }

  /// The header of a candidate: letter, words, rank or preference, model, rewrite counts.
  static func header(_ s: Scene, _ i: Int, _ id: String) -> String {
    guard let c = s.shown?.candidate(id) else { return letter(i) }
    // The length is the real text's, masked or not (a mask says how long the text is).
    let words = s.cache.wordCount("w|\(id)") {
      WordCount.words(s.task?.candidate(id)?.text ?? c.text)
    }
    // The candidate digits act on is marked wherever there is more than one.
    let mark = i == s.sheet.candidate && s.order.count > 1 ? "▸ " : ""
    var h = "\(mark)\(letter(i)) · \(WordCount.label(words))"
    let ranking = s.form.rankingQuestion.flatMap { s.draft.answers[$0.id]?.ranking }
    if let rk = ranking?.rank(of: id) { h += " · rank \(rk)" }
    if let q = s.form.preferenceQuestions.first, let p = s.draft.answers[q.id]?.preference {
      if p.winner == id { h += " · preferred" } else if p.winner == nil { h += " · about the same" }
    }
    if s.form.showModel, let m = c.model { h += " · \(m)" }
    if let rq = s.form.questions.first(where: { $0.kind == .rewrite }),
      let rewritten = s.draft[AnswerKey(rq.id, candidate: id)]?.text
    {
      let n = s.cache.rewriteCounts(c.text, rewritten)
      h += " · rewritten +\(n.added) −\(n.removed)"
    }
    return h
  }

  /// The labels (flags) a candidate carries, from every per-candidate labels question.
  static func flags(_ s: Scene, _ id: String) -> [String] {
    s.form.questions.compactMap { q -> [String]? in
      guard case .labels = q.kind, q.scope == .candidate else { return nil }
      return s.draft[AnswerKey(q.id, candidate: id)]?.labels
    }.flatMap { $0 }
  }

  /// A candidate's text as lines at a width (laid out as far as `need`).
  static func body(_ s: Scene, _ id: String, width: Int, need: Int) -> [RenderedLine] {
    guard let c = s.shown?.candidate(id) else { return [] }
    return s.cache.message("c|\(id)|\(width)", c.text, width: width, need: need)
  }

  /// Side by side with the difference shown: the focused candidate and the next, as word diffs.
  static func diffBodies(_ s: Scene, width: Int) -> [String: [RenderedLine]] {
    guard s.candidates.diff, s.order.count >= 2, let t = s.shown else { return [:] }
    let i = s.sheet.candidate
    let a = s.order[i]
    let b = s.order[(i + 1) % s.order.count]
    guard let ta = t.candidate(a)?.text, let tb = t.candidate(b)?.text else { return [:] }
    let pieces = WordDiff.diff(ta, tb)
    var left: [StyledSpan] = []
    var right: [StyledSpan] = []
    for p in pieces {
      switch p {
      case .same(let x):
        left += Sanitizer.sanitize(x).spans
        right += Sanitizer.sanitize(x).spans
      case .removed(let x): left += Sanitizer.sanitize(x, style: Style(fg: .black, bg: .red)).spans
      case .added(let x): right += Sanitizer.sanitize(x, style: Style(fg: .black, bg: .green)).spans
      }
    }
    let lines = { (spans: [StyledSpan]) in
      Wrap.wrap(spans, width: max(4, width)).map { RenderedLine($0) }
    }
    return [a: lines(left), b: lines(right)]
  }

  /// The stacked list: every candidate's header, flags and text, and where each starts.
  static func stackedLines(_ s: Scene, width: Int, need: Int) -> (
    lines: [RenderedLine], starts: [Int]
  ) {
    var lines: [RenderedLine] = []
    var starts: [Int] = []
    for (i, id) in s.order.enumerated() {
      starts.append(lines.count)
      let style = i == s.sheet.candidate ? focusedHeader : Style(bold: true)
      lines.append(
        RenderedLine(Sanitizer.sanitize(" " + header(s, i, id) + " ", style: style).spans))
      let f = flags(s, id)
      if !f.isEmpty {
        lines.append(RenderedLine([StyledSpan("⚑ " + f.joined(separator: ", "), Style(fg: .red))]))
      }
      lines += body(s, id, width: width, need: max(0, need - lines.count))
      lines.append(RenderedLine([]))
    }
    return (lines, starts)
  }

  /// The pane with its reveals resolved and scrolls clamped, for a pane of this inside size
  /// drawn as `shown` (the frame has decided that already).
  func settled(_ s: Scene, inner: Rect, shown: Shown) -> CandidatesPane {
    var p = self
    defer {
      p.reveal = nil
      p.revealFocus = false
    }
    guard s.task?.candidates.isEmpty == false, let focused = s.sheet.focusedCandidate else {
      return p
    }
    let term = reveal?.lowercased()
    func hit(_ lines: [RenderedLine]) -> Int? {
      term.flatMap { t in lines.firstIndex { $0.spans.plainText.lowercased().contains(t) } }
    }
    switch shown {
    case .single:
      let height = inner.height - 2 - (CandidatesPane.flags(s, focused).isEmpty ? 0 : 1)
      let lines = CandidatesPane.body(
        s, focused, width: inner.width, need: term == nil ? Scrolling.need(scroll, height) : .max)
      if term != nil { p.scroll = hit(lines) ?? 0 }
      p.scroll = Scrolling.clamp(p.scroll, lines: lines.count, height: height)
    case .stacked:
      let view = CandidatesPane.stackedLines(
        s, width: inner.width,
        need: term == nil && !revealFocus ? Scrolling.need(scroll, inner.height) : .max)
      let start = view.starts[safe: s.sheet.candidate] ?? 0
      if term != nil {
        let end = view.starts[safe: s.sheet.candidate + 1] ?? view.lines.count
        p.scroll = hit(Array(view.lines[start..<end])).map { start + $0 } ?? start
      } else if revealFocus && (start < scroll || start >= scroll + inner.height - 1) {
        p.scroll = start
      }
      p.scroll = Scrolling.clamp(p.scroll, lines: view.lines.count, height: inner.height)
    case .columns(let w):
      let height = inner.height - CandidatesPane.headerRows(s)
      var longest = 0
      for id in s.order {
        let need =
          term != nil && id == focused
          ? Int.max : Scrolling.need(scroll(of: id, shown: .columns(width: w)), height)
        let lines = CandidatesPane.body(s, id, width: w, need: need)
        longest = max(longest, lines.count)
        if !linked {
          p.columnScroll[id] = Scrolling.clamp(
            columnScroll[id] ?? 0, lines: lines.count, height: height)
        }
        if id == focused, term != nil {
          let line = hit(lines) ?? 0
          if linked {
            p.scroll = line
          } else {
            p.columnScroll[id] = Scrolling.clamp(line, lines: lines.count, height: height)
          }
        }
      }
      p.scroll = Scrolling.clamp(p.scroll, lines: longest, height: height)
    }
    return p
  }

  /// Header rows above the columns: the header, and a row of flags when any candidate has one.
  static func headerRows(_ s: Scene) -> Int {
    s.order.contains { !flags(s, $0).isEmpty } ? 2 : 1
  }
}
