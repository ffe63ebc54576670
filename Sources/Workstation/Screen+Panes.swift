import Annotation
import Foundation
import TerminalKit
import TextKit

extension Screen {
  // MARK: Conversation

  /// The conversation's lines; a very long message is laid out as far as `need` lines reach.
  static func conversationLines(_ s: Session, width: Int, need: Int = .max) -> (lines: [RenderedLine], starts: [Int]) {
    guard let t = s.task else { return ([], []) }
    var lines: [RenderedLine] = []
    var starts: [Int] = []
    let triage = s.form.questions.first { $0.kind == .turn }
    let picked = triage.flatMap { s.draft.answers[$0.id]?.turn }
    // Why a flagged conversation was flagged, first, for triage.
    if let flag = t.meta?["flag"]?.stringValue, !flag.isEmpty {
      let flagStyle = Style(fg: .red, bold: true)
      lines += s.cache.get("flag|\(width)") { Wrap.wrap(Sanitizer.sanitize("⚑ Flagged: " + flag, style: flagStyle).spans, width: max(4, width)).map { RenderedLine($0) } }
      lines.append(RenderedLine([]))
    }
    if let ins = t.instructions ?? s.form.instructions, !ins.isEmpty {
      lines.append(RenderedLine([Span("Instructions", Style(fg: .yellow, bold: true))]))
      lines += s.cache.get("ins|\(width)") { Markdown.render(ins, width: width, base: Style(fg: .yellow)) }
      lines.append(RenderedLine([]))
    }
    if s.form.showPrior, let prior = t.prior, let ranking = prior.ranking {
      let names = ranking.map { tier in tier.map { candidateLetter($0, order: s.order) }.joined(separator: "=") }
      lines.append(RenderedLine([Span("Prior ranking: " + names.joined(separator: " > "), Style(dim: true))]))
      lines.append(RenderedLine([]))
    }
    if t.context.isEmpty {
      lines.append(RenderedLine([Span("(no conversation: this is a writing task)", Style(dim: true))]))
    }
    for (i, m) in t.context.enumerated() {
      starts.append(lines.count)
      var header = [Span("▌" + m.role.rawValue, roleStyle(m.role))]
      if let n = m.name { header.append(contentsOf: Sanitizer.sanitize(" (\(n))", style: Style(dim: true)).spans) }
      if triage != nil {
        header.append(Span("  turn \(i + 1)", Style(dim: true)))
        if picked == i { header.append(Span("  ◀ picked", Style(fg: .red, bold: true))) }
        if s.turnIndex == i && s.focus == .conversation {
          header = header.map { Span($0.text, $0.style.reversed) }
        }
      }
      lines.append(RenderedLine(header))
      lines += s.cache.message("m\(i)|\(width)", m.content, width: width, need: max(0, need - lines.count))
      lines.append(RenderedLine([]))
    }
    return (lines, starts)
  }

  static func drawConversation(_ s: Session, _ g: inout Grid, _ r: Rect) {
    let count = s.task?.context.count ?? 0
    let inner = box(&g, r, title: "Conversation", focused: s.focus == .conversation, right: count == 1 ? "1 turn" : count > 1 ? "\(count) turns" : "")
    guard !inner.isEmpty else { return }
    s.viewHeights[.conversation] = inner.height
    if let err = s.taskError {
      let lines = Markdown.render("This task cannot be shown:\n\n\(err)\n\nn and p move to other tasks.", width: inner.width)
      drawLines(&g, lines, in: inner, scroll: 0, side: 0)
      return
    }
    let pending = s.turnScrollPending || s.searchScrollPending?.pane == .conversation
    let need = pending ? Int.max : min(s.scroll[.conversation] ?? 0, Int.max / 2) + inner.height + 1
    let view = conversationLines(s, width: inner.width, need: need)
    if s.turnScrollPending, view.starts.indices.contains(s.turnIndex) {
      s.scroll[.conversation] = max(0, view.starts[s.turnIndex] - 1)
      s.turnScrollPending = false
    }
    if let pending = s.searchScrollPending, pending.pane == .conversation, view.starts.indices.contains(pending.message) {
      s.scroll[.conversation] = view.starts[pending.message]
      s.searchScrollPending = nil
    }
    s.scroll[.conversation] = drawLines(
      &g, view.lines, in: inner, scroll: s.scroll[.conversation] ?? 0, side: s.sideScroll[.conversation] ?? 0,
      highlight: s.searchTerm)
  }

  // MARK: Candidates

  static func drawCandidates(_ s: Session, _ g: inout Grid, _ r: Rect) {
    guard let t = s.task else {
      box(&g, r, title: "Candidates", focused: s.focus == .candidates)
      return
    }
    if t.candidates.isEmpty {
      drawComposed(s, &g, r)
      return
    }
    let ranking = s.form.rankingQuestion.flatMap { s.draft.answers[$0.id]?.ranking }
    let inner = box(
      &g, r, title: t.candidates.count == 1 ? "Response" : "Candidates", focused: s.focus == .candidates,
      right: ranking?.noneAcceptable == true ? "NONE ACCEPTABLE" : "")
    guard inner.height >= 3 else { return }
    // The strip of candidates with their ranks.
    var x = inner.x
    for (i, id) in s.order.enumerated() {
      let rank = ranking?.rank(of: id).map { "\($0)" } ?? "·"
      let label = s.form.rankingQuestion == nil ? " \(letter(i)) " : " \(letter(i)):\(rank) "
      let style = i == s.candidateIndex ? Style(fg: .black, bg: .cyan, bold: true) : Style(bold: ranking?.rank(of: id) != nil)
      x = g.put(label, x: x, y: inner.y, style: style, clip: inner) + 1
    }
    guard let id = s.focusedCandidate, let c = t.candidate(id) else { return }
    var header = "\(letter(s.candidateIndex)) · \(wordsLabel(s.cache.wordCount("w|\(id)") { words(c.text) }))"
    if let rk = ranking?.rank(of: id) { header += " · rank \(rk)" }
    if s.form.showModel, let m = c.model { header += " · \(m)" }
    if let rq = s.form.questions.first(where: { $0.kind == .rewrite }),
      let rewritten = s.draft[AnswerKey(rq.id, candidate: id)]?.text
    {
      let n = s.cache.rewriteCounts(c.text, rewritten)
      header += " · rewritten +\(n.added) −\(n.removed)"
    }
    let flags = s.form.questions.compactMap { q -> [String]? in
      guard case .labels = q.kind, q.scope == .candidate else { return nil }
      return s.draft[AnswerKey(q.id, candidate: id)]?.labels
    }.flatMap { $0 }
    g.put(Sanitizer.sanitize(header, style: Style(bold: true)).spans, x: inner.x, y: inner.y + 1, clip: inner)
    var bodyTop = inner.y + 2
    if !flags.isEmpty {
      g.put("⚑ " + flags.joined(separator: ", "), x: inner.x, y: bodyTop, style: Style(fg: .red), clip: inner)
      bodyTop += 1
    }
    let body = Rect(x: inner.x, y: bodyTop, width: inner.width, height: inner.maxY - bodyTop)
    s.viewHeights[.candidates] = body.height
    let searching = s.searchScrollPending?.pane == .candidates
    let need = searching ? Int.max : min(s.scroll[.candidates] ?? 0, Int.max / 2) + body.height + 1
    let lines = s.cache.message("c|\(id)|\(body.width)", c.text, width: body.width, need: need)
    if let pending = s.searchScrollPending, pending.pane == .candidates, let term = s.searchTerm?.lowercased() {
      s.scroll[.candidates] = lines.firstIndex { $0.spans.plainText.lowercased().contains(term) } ?? 0
      s.searchScrollPending = nil
    }
    s.scroll[.candidates] = drawLines(
      &g, lines, in: body, scroll: s.scroll[.candidates] ?? 0, side: s.sideScroll[.candidates] ?? 0, highlight: s.searchTerm)
  }

  /// For writing tasks the middle pane shows what the annotator wrote.
  static func drawComposed(_ s: Session, _ g: inout Grid, _ r: Rect) {
    let inner = box(&g, r, title: "Your text", focused: s.focus == .candidates)
    guard !inner.isEmpty else { return }
    s.viewHeights[.candidates] = inner.height
    var lines: [RenderedLine] = []
    for q in s.form.questions where q.kind == .compose {
      lines.append(RenderedLine([Span(q.title, Style(bold: true))]))
      if let text = s.draft.answers[q.id]?.text, !text.isEmpty {
        lines += Markdown.render(text, width: inner.width)
      } else {
        let empty = "(empty: focus it in the form and type, or press Space)"
        lines += Wrap.wrap([Span(empty, Style(dim: true))], width: max(4, inner.width)).map { RenderedLine($0) }
      }
      lines.append(RenderedLine([]))
    }
    if lines.isEmpty { lines = [RenderedLine([Span("(no candidates)", Style(dim: true))])] }
    s.scroll[.candidates] = drawLines(&g, lines, in: inner, scroll: s.scroll[.candidates] ?? 0, side: 0)
  }

  // MARK: Form

  static func formLines(_ s: Session, width: Int, report: ValidationReport?) -> (lines: [RenderedLine], focusStart: Int, focusEnd: Int) {
    var lines: [RenderedLine] = []
    var focusStart = 0
    var focusEnd = 0
    let issues = report?.issues ?? []
    for (qi, q) in s.form.questions.enumerated() {
      let focused = qi == s.questionIndex && s.focus == .form
      if qi == s.questionIndex { focusStart = lines.count }
      let k = s.key(for: q)
      let answer = k.flatMap { s.draft[$0] }
      var title = "\(qi + 1). \(q.title)"
      if q.scope == .candidate, s.focusedCandidate != nil { title += " (\(letter(s.candidateIndex)))" }
      if q.required { title += " *" }
      let marker = qi == s.questionIndex ? "▸ " : "  "
      var titleStyle = Style(bold: true)
      if focused { titleStyle = Style(fg: .cyan, bold: true) }
      for (i, l) in Wrap.wrap(Sanitizer.sanitize(title, style: titleStyle).spans, width: max(4, width - 2)).enumerated() {
        lines.append(RenderedLine([Span(i == 0 ? marker : "  ", titleStyle)] + l))
      }
      for l in answerLines(s, q, answer, focused: focused, width: width - 4) {
        for w in Wrap.wrap(l, width: max(4, width - 4)) { lines.append(RenderedLine([Span("    ")] + w)) }
      }
      if let issue = issues.first(where: { $0.key == k || ($0.key.question == q.id && k == nil) }) {
        let msg = issue.message.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
        lines.append(RenderedLine([Span("    ! " + msg, Style(fg: .red))]))
      }
      if focused && !q.help.isEmpty {
        for l in Wrap.wrap(Sanitizer.sanitize(q.help, style: Style(dim: true)).spans, width: max(4, width - 4)) {
          lines.append(RenderedLine([Span("    ")] + l))
        }
      }
      if qi == s.questionIndex { focusEnd = lines.count }
      lines.append(RenderedLine([]))
    }
    if let warnings = report?.warnings, !warnings.isEmpty {
      for w in warnings {
        for l in Wrap.wrap([Span("⚠ " + w, Style(fg: .yellow))], width: width) { lines.append(RenderedLine(l)) }
      }
    }
    return (lines, focusStart, focusEnd)
  }

  static func answerLines(_ s: Session, _ q: Question, _ a: Answer?, focused: Bool, width: Int) -> [[Span]] {
    let dim = Style(dim: true)
    switch q.kind {
    case .ranking:
      guard let r = a?.ranking else { return [[Span("not ranked: press 1, 2… on a candidate", dim)]] }
      if r.noneAcceptable { return [[Span("none acceptable", Style(fg: .red, bold: true))]] }
      let tiers = r.tiers.map { $0.map { candidateLetter($0, order: s.order) }.sorted().joined(separator: " = ") }
      var out = tiers.joined(separator: "  >  ")
      let unplaced = s.order.filter { r.rank(of: $0) == nil }.map { candidateLetter($0, order: s.order) }
      if !unplaced.isEmpty { out += "   (unranked: \(unplaced.joined(separator: ", ")))" }
      return [[Span(out, Style(bold: true))]]
    case .rating(let lo, let hi, let labels):
      var spans: [Span] = []
      let v = a?.rating
      for n in lo...hi {
        spans.append(n == v ? Span("[\(n)]", Style(fg: .black, bg: .cyan, bold: true)) : Span(" \(n) ", dim))
      }
      var out = [spans]
      if let v, let label = labels[v] {
        out.append([Span(label, Style(fg: .cyan))])
      } else if v == nil {
        let ends = [labels[lo].map { "\(lo) = \($0)" }, labels[hi].map { "\(hi) = \($0)" }].compactMap { $0 }
        out.append([Span(ends.isEmpty ? "not rated" : ends.joined(separator: ", "), dim)])
      }
      return out
    case .choice(let options):
      let keys = s.optionKeys(options.count)
      return options.enumerated().map { i, o in
        let chosen = a?.choice.flatMap { CandidateChoice.shown($0, options: options, order: s.order) } == o
        let k = i < keys.count ? String(keys[i]) : " "
        return [Span(chosen ? "(•) " : "( ) ", chosen ? Style(fg: .cyan, bold: true) : dim)]
          + Sanitizer.sanitize("\(k) \(o)", style: chosen ? Style(bold: true) : .plain).spans
      }
    case .labels(let options, let harm):
      let on = Set(a?.labels ?? [])
      if !focused {
        return on.isEmpty ? [[Span("none", dim)]] : [Sanitizer.sanitize(options.filter(on.contains).joined(separator: ", "), style: Style(fg: .red)).spans]
      }
      let keys = s.optionKeys(options.count)
      return options.enumerated().map { i, o in
        var style: Style = on.contains(o) ? Style(bold: true) : .plain
        if harm.contains(o) && on.contains(o) { style.fg = .red }
        if i == s.optionIndex { style.reverse = true }
        let k = i < keys.count ? String(keys[i]) : " "
        return [Span(on.contains(o) ? "[x] " : "[ ] ", style)] + Sanitizer.sanitize("\(k) \(o)", style: style).spans
      }
    case .text, .compose:
      guard let text = a?.text, !text.isEmpty else { return [[Span("empty: Space writes" + (q.kind == .compose ? "" : ", r from anywhere"), dim)]] }
      let wrapped = Wrap.wrap(Sanitizer.sanitize(text).spans, width: max(4, width))
      return Array(wrapped.prefix(focused ? 6 : 2)) + (wrapped.count > (focused ? 6 : 2) ? [[Span("…", dim)]] : [])
    case .rewrite:
      guard let id = s.focusedCandidate, let text = a?.text, let original = s.task?.candidate(id)?.text else {
        return [[Span("not rewritten: e on the candidate opens the editor", dim)]]
      }
      let n = s.cache.rewriteCounts(original, text)
      return [[Span("rewritten: +\(n.added) −\(n.removed) words", Style(fg: .green))]]
    case .preference(let points, let labels):
      let chosen = s.preferencePoint(q)
      return (1...points).map { n in
        let on = n == chosen
        return [Span(on ? "(•) " : "( ) ", on ? Style(fg: .cyan, bold: true) : dim)]
          + Sanitizer.sanitize("\(n) \(labels[n] ?? "")", style: on ? Style(bold: true) : .plain).spans
      }
    case .turn:
      guard let i = a?.turn, let m = s.task?.context[safe: i] else {
        return [[Span("not picked: [ ] move through turns, t picks", dim)]]
      }
      return [[Span("turn \(i + 1) (\(m.role.rawValue))", Style(bold: true))]]
    }
  }

  static func drawForm(_ s: Session, _ g: inout Grid, _ r: Rect, report: ValidationReport?) {
    let inner = box(&g, r, title: s.form.title, focused: s.focus == .form)
    guard !inner.isEmpty else { return }
    s.viewHeights[.form] = inner.height
    let view = formLines(s, width: inner.width, report: report)
    var top = s.scroll[.form] ?? 0
    if view.focusStart < top { top = view.focusStart }
    if view.focusEnd > top + inner.height { top = max(view.focusStart, view.focusEnd - inner.height) }
    s.scroll[.form] = drawLines(&g, view.lines, in: inner, scroll: top, side: 0)
  }

  // MARK: Editor

  static func drawEditor(_ s: Session, _ ed: EditorState, _ g: inout Grid, _ r: Rect) {
    let mode = s.keymap.isModal ? (ed.insertMode ? " · INSERT" : " · NORMAL") : ""
    let context: [KeyContext] = [ed.insertMode ? .editor : .editorNormal]
    var hints: [String] = []
    if let leave = s.keymap.keys(for: .editorLeave, in: context) {
      hints.append("\(Key.name(of: leave)) leaves")
    } else if let normal = s.keymap.keys(for: .editorNormalMode, in: context) {
      hints.append("\(Key.name(of: normal)) normal mode")
    }
    if let submit = s.keymap.keys(for: .editorSubmit, in: context) { hints.append("\(Key.name(of: submit)) submits") }
    var area = r
    var diffArea: Rect?
    if ed.original != nil && r.height >= 12 {
      let parts = r.split(.vertical, [.percent(60), .min(4)])
      area = parts[0]
      diffArea = parts[1]
    }
    let inner = box(&g, area, title: "Editing: \(ed.title)\(mode)", focused: true, right: hints.joined(separator: " · "))
    guard !inner.isEmpty else { return }
    let layout = ed.editor.layout(width: inner.width, height: inner.height)
    var top = 0
    if layout.cursorRow >= inner.height { top = layout.cursorRow - inner.height + 1 }
    for row in 0..<inner.height where top + row < layout.rows.count {
      g.put(layout.rows[top + row], x: inner.x, y: inner.y + row, clip: inner)
    }
    let cy = inner.y + layout.cursorRow - top
    let cx = inner.x + layout.cursorColumn
    if cy >= inner.y && cy < inner.maxY && cx < inner.maxX {
      var cell = g[cx, cy]
      if cell.width == 0 { cell = .blank() }
      cell.style.reverse = true
      g[cx, cy] = cell
    }
    if let d = diffArea, let original = ed.original {
      let pieces = WordDiff.window(original, ed.editor.text)
      let n = s.cache.rewriteCounts(original, ed.editor.text)
      let dInner = box(&g, d, title: "Changes against the original", focused: false, right: "+\(n.added) −\(n.removed)")
      drawLines(&g, diffLines(pieces, width: dInner.width), in: dInner, scroll: 0, side: 0)
    }
  }

  /// A word diff as wrapped lines: removed words red and struck, added words green.
  static func diffLines(_ pieces: [WordDiff.Piece], width: Int) -> [RenderedLine] {
    var spans: [Span] = []
    for p in pieces {
      switch p {
      case .same(let t): spans += Sanitizer.sanitize(t, style: Style(dim: true)).spans
      case .removed(let t): spans += Sanitizer.sanitize("[-" + t + "-]", style: Style(fg: .red, bold: true)).spans
      case .added(let t): spans += Sanitizer.sanitize("{+" + t + "+}", style: Style(fg: .green, bold: true)).spans
      }
    }
    return Wrap.wrap(spans, width: width).map { RenderedLine($0) }
  }
}

extension Array {
  subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
