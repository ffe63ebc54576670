import Annotation
import TerminalKit
import TextKit
import Worksheet

/// The form as lines: each question's title, its answer (or a grid of candidate rows), its problem.
extension FormPane {
  /// Under options past 9: which letters pick them and why some are passed over
  /// ("options past 9 take letters no other key uses: b, e are keys here").
  static func letterNote(_ keys: [Character], _ s: Scene) -> [[StyledSpan]] {
    let letters = keys.dropFirst(9)
    guard let last = letters.last else { return [] }
    let taken = "abcdefghijklmnopqrstuvwxyz".filter { $0 < last && !letters.contains($0) }
    let why =
      taken.isEmpty
      ? ""
      : ": " + taken.map(String.init).joined(separator: ", ")
        + " \(taken.count == 1 ? "is a key" : "are keys") here"
    return [[StyledSpan("options past 9 take letters no other key uses\(why)", Style(dim: true))]]
  }

  static let dim = Style(dim: true)
  static let chosen = Style(fg: .black, bg: .cyan, bold: true)

  static func lines(_ s: Scene, width: Int, report: ValidationReport?) -> (
    lines: [RenderedLine], focusStart: Int, focusEnd: Int
  ) {
    var lines: [RenderedLine] = []
    var focusStart = 0
    var focusEnd = 0
    let issues = report?.issues ?? []
    let pane = s.formPane
    for (qi, q) in s.form.questions.enumerated() {
      let isCurrent = qi == pane.question
      let focused = isCurrent && s.focus == .form
      if isCurrent { focusStart = lines.count }
      let grid = isGrid(q, candidates: s.order.count)
      var title = "\(qi + 1). \(q.title)"
      if q.scope == .candidate, !grid, s.sheet.focusedCandidate != nil {
        title += " (\(letter(s.sheet.candidate)))"
      }
      if q.required { title += " *" }
      let titleStyle = focused ? Style(fg: .cyan, bold: true) : Style(bold: true)
      for (i, l) in Wrap.wrap(
        Sanitizer.sanitize(title, style: titleStyle).spans, width: max(4, width - 2)
      ).enumerated() {
        lines.append(RenderedLine([StyledSpan(i == 0 && isCurrent ? "▸ " : "  ", titleStyle)] + l))
      }
      func add(_ rows: [[StyledSpan]], indent: String) {
        for l in rows {
          for w in Wrap.wrap(l, width: max(4, width - indent.count)) {
            lines.append(RenderedLine([StyledSpan(indent)] + w))
          }
        }
      }
      if grid {
        for (ci, id) in s.order.enumerated() {
          let key = AnswerKey(q.id, candidate: id)
          let onRow = ci == s.sheet.candidate && isCurrent
          let marker = [
            StyledSpan(onRow && focused ? "› " : "  ", Style(fg: .cyan, bold: true)),
            StyledSpan(letter(ci) + " ", Style(bold: onRow)),
          ]
          let answer = answerLines(
            s, q, s.draft[key], candidate: id, focused: onRow && focused, compact: true,
            width: width - 6)
          var first = marker + (answer.first ?? [])
          if let issue = issues.first(where: { $0.key == key }) {
            first.append(StyledSpan("  ! " + shortIssue(issue), Style(fg: .red)))
          }
          add([first], indent: "  ")
          add(Array(answer.dropFirst()), indent: "      ")
        }
      } else {
        let k = s.sheet.key(for: q)
        add(
          answerLines(
            s, q, k.flatMap { s.draft[$0] }, candidate: s.sheet.focusedCandidate, focused: focused,
            compact: false, width: width - 4), indent: "    ")
        if let issue = issues.first(where: { $0.key == k || ($0.key.question == q.id && k == nil) })
        {
          lines.append(RenderedLine([StyledSpan("    ! " + shortIssue(issue), Style(fg: .red))]))
        }
      }
      if focused && !q.help.isEmpty {
        for l in Wrap.wrap(Sanitizer.sanitize(q.help, style: dim).spans, width: max(4, width - 4)) {
          lines.append(RenderedLine([StyledSpan("    ")] + l))
        }
      }
      if isCurrent { focusEnd = lines.count }
      lines.append(RenderedLine([]))
    }
    for w in report?.warnings ?? [] {
      for l in Wrap.wrap([StyledSpan("⚠ " + w, Style(fg: .yellow))], width: width) {
        lines.append(RenderedLine(l))
      }
    }
    return (lines, focusStart, focusEnd)
  }

  /// An issue's message without the question's title in front.
  static func shortIssue(_ issue: ValidationIssue) -> String {
    issue.message.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
  }

  /// The answer's lines; `compact` is a grid row (the scale on one line, labels summarised).
  static func answerLines(
    _ s: Scene, _ q: Question, _ a: Answer?, candidate: String?, focused: Bool, compact: Bool,
    width: Int
  ) -> [[StyledSpan]] {
    switch q.kind {
    case .ranking:
      // The candidate a digit ranks is marked ▸, so what the next key does is on screen.
      let focusedId = s.order.count > 1 ? s.sheet.focusedCandidate : nil
      func shown(_ id: String) -> String {
        (id == focusedId ? "▸" : "") + candidateLetter(id, order: s.order)
      }
      guard let r = a?.ranking else {
        let next = focusedId.map { " (now \(shown($0)))" } ?? ""
        return [[StyledSpan("not ranked: press 1, 2… on a candidate\(next)", dim)]]
      }
      if r.noneAcceptable { return [[StyledSpan("none acceptable", Style(fg: .red, bold: true))]] }
      let tiers = r.tiers.map {
        $0.sorted { candidateLetter($0, order: s.order) < candidateLetter($1, order: s.order) }.map(
          shown
        ).joined(separator: " = ")
      }
      var out = tiers.joined(separator: "  >  ")
      let unplaced = s.order.filter { r.rank(of: $0) == nil }.map(shown)
      if !unplaced.isEmpty { out += "   (unranked: \(unplaced.joined(separator: ", ")))" }
      return [[StyledSpan(out, Style(bold: true))]]
    case .rating(let lo, let hi, let labels):
      let v = a?.rating
      var spans: [StyledSpan] = []
      for n in lo...hi {
        spans.append(n == v ? StyledSpan("[\(n)]", chosen) : StyledSpan(" \(n) ", dim))
      }
      if compact {
        if let v, let label = labels[v] {
          spans += Sanitizer.sanitize(" " + label, style: Style(fg: .cyan)).spans
        }
        return [spans]
      }
      if let v, let label = labels[v] {
        return [spans, Sanitizer.sanitize(label, style: Style(fg: .cyan)).spans]
      }
      guard v == nil else { return [spans] }
      let ends = [labels[lo].map { "\(lo) = \($0)" }, labels[hi].map { "\(hi) = \($0)" }].compactMap
      { $0 }
      return [
        spans,
        Sanitizer.sanitize(ends.isEmpty ? "not rated" : ends.joined(separator: ", "), style: dim)
          .spans,
      ]
    case .choice(let options):
      let keys = s.optionKeys(options.count)
      let picked = a?.choice.flatMap { CandidateChoice.shown($0, options: options, order: s.order) }
      if compact && !focused {
        return [
          Sanitizer.sanitize(
            picked ?? "not answered", style: picked == nil ? dim : Style(bold: true)
          ).spans
        ]
      }
      return options.enumerated().map { i, o in
        let on = picked == o
        return [StyledSpan(on ? "(•) " : "( ) ", on ? Style(fg: .cyan, bold: true) : dim)]
          + Sanitizer.sanitize(
            "\(keys[safe: i].map(String.init) ?? " ") \(o)", style: on ? Style(bold: true) : .plain
          ).spans
      } + letterNote(keys, s)
    case .preference(let points, let labels):
      let point = s.sheet.preferencePoint(q)
      return (1...points).map { n in
        let on = n == point
        return [StyledSpan(on ? "(•) " : "( ) ", on ? Style(fg: .cyan, bold: true) : dim)]
          + Sanitizer.sanitize("\(n) \(labels[n] ?? "")", style: on ? Style(bold: true) : .plain)
          .spans
      }
    case .labels(let options, let harm):
      let on = Set(a?.labels ?? [])
      if !focused {
        let summary = options.filter(on.contains).joined(separator: ", ")
        return [
          Sanitizer.sanitize(
            on.isEmpty ? "none" : summary, style: on.isEmpty ? dim : Style(fg: .red)
          ).spans
        ]
      }
      let keys = s.optionKeys(options.count)
      return (compact ? [[StyledSpan("flags:", dim)]] : [])
        + options.enumerated().map { i, o in
          var style: Style = on.contains(o) ? Style(bold: true) : .plain
          if harm.contains(o) && on.contains(o) { style.fg = .red }
          if i == s.formPane.option { style.reverse = true }
          let k = keys[safe: i].map(String.init) ?? " "
          return [StyledSpan(on.contains(o) ? "[x] " : "[ ] ", style)]
            + Sanitizer.sanitize("\(k) \(o)", style: style).spans
        } + letterNote(keys, s)
    case .text, .compose:
      guard let text = a?.text, !text.isEmpty else {
        return [
          [StyledSpan("empty: Space writes" + (q.kind == .compose ? "" : ", r from anywhere"), dim)]
        ]
      }
      let limit = compact ? 1 : focused ? 6 : 2
      let wrapped = Wrap.wrap(Sanitizer.sanitize(text).spans, width: max(4, width))
      return Array(wrapped.prefix(limit)) + (wrapped.count > limit ? [[StyledSpan("…", dim)]] : [])
    case .rewrite:
      guard let id = candidate, let text = a?.text, let original = s.task?.candidate(id)?.text
      else {
        return [
          [
            StyledSpan(
              compact ? "not rewritten" : "not rewritten: e on the candidate opens the editor", dim)
          ]
        ]
      }
      let n = s.cache.rewriteCounts(original, text)
      return [[StyledSpan("rewritten: +\(n.added) −\(n.removed) words", Style(fg: .green))]]
    case .turn:
      guard let i = a?.turn, let m = s.task?.context[safe: i] else {
        return [[StyledSpan("not picked: [ ] move through turns, t picks", dim)]]
      }
      return [[StyledSpan("turn \(i + 1) (\(m.role.rawValue))", Style(bold: true))]]
    }
  }
}
