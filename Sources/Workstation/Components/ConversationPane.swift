import Annotation
import Commands
import TerminalKit
import TextKit
import Worksheet

/// The conversation pane: the instructions and the turns, and for triage the focused turn.
struct ConversationPane: Equatable {
  var scroll = 0
  var side = 0
  /// The focused turn (triage).
  var turn = 0
  /// A turn to bring into view when the layout is next settled,
  /// with how many lines above it stay in view.
  var reveal: Int?
  var revealContext = 0

  /// Handles the pane's own commands (scrolling, the focused turn and picking it);
  /// nil for a command not its own.
  mutating func handle(_ a: Action, page: Int, sheet: inout Sheet, now: Int) -> [PaneEffect]? {
    if let by = Scrolling.step(a, page: page) {
      scroll = Scrolling.apply(by, to: scroll)
      return []
    }
    let turns = sheet.task?.context.count ?? 0
    switch a {
    case .scrollLeft: side = max(0, side - 8)
    case .scrollRight: side += 8
    case .nextTurn, .prevTurn:
      guard turns > 0 else { return [] }
      turn = max(0, min(turns - 1, turn + (a == .nextTurn ? 1 : -1)))
      reveal = turn
      revealContext = 1
    case .pickTurn: sheet.pickTurn(turn, at: now)
    default: return nil
    }
    return []
  }

  /// Focuses and picks turn `n` (1-based) as the answer, saying so when there is none.
  mutating func pick(_ n: Int, sheet: inout Sheet, now: Int) {
    let turns = sheet.task?.context.count ?? 0
    guard n >= 1 && n <= turns else {
      sheet.say("Pick a turn from 1 to \(turns)", .warning)
      return
    }
    turn = n - 1
    sheet.pickTurn(turn, at: now)
  }

  /// The pane with a pending reveal resolved and the scroll clamped to the lines there are.
  /// (A new value, not a mutation: the layout reads the session, this pane included.)
  func settled(_ s: Scene, width: Int, height: Int) -> ConversationPane {
    var p = self
    let need = reveal != nil ? Int.max : Scrolling.need(scroll, height)
    let view = ConversationPane.lines(s, width: width, need: need)
    if let r = reveal, view.starts.indices.contains(r) {
      p.scroll = max(0, view.starts[r] - revealContext)
    }
    p.reveal = nil
    p.scroll = Scrolling.clamp(p.scroll, lines: view.lines.count, height: height)
    return p
  }

  /// The conversation's lines and where each turn starts; a very long message is
  /// laid out only as far as `need` lines reach.
  static func lines(_ s: Scene, width: Int, need: Int = .max) -> (
    lines: [RenderedLine], starts: [Int]
  ) {
    guard let t = s.shown else { return ([], []) }
    var lines: [RenderedLine] = []
    var starts: [Int] = []
    let triage = s.form.questions.first { $0.kind == .turn }
    let picked = triage.flatMap { s.draft.answers[$0.id]?.turn }
    // Why a flagged conversation was flagged, first, for triage.
    if let flag = t.meta?["flag"]?.stringValue, !flag.isEmpty {
      let style = Style(fg: .red, bold: true)
      lines += s.cache.get("flag|\(width)") {
        Wrap.wrap(
          Sanitizer.sanitize("⚑ Flagged: " + flag, style: style).spans, width: max(4, width)
        ).map { RenderedLine($0) }
      }
      lines.append(RenderedLine([]))
    }
    if let ins = t.instructions ?? s.form.instructions, !ins.isEmpty {
      lines.append(RenderedLine([StyledSpan("Instructions", Style(fg: .yellow, bold: true))]))
      lines += s.cache.get("ins|\(width)") {
        Markdown.render(ins, width: width, base: Style(fg: .yellow))
      }
      lines.append(RenderedLine([]))
    }
    if s.form.showPrior, let prior = t.prior, let ranking = prior.ranking {
      let names = ranking.map { tier in
        tier.map { candidateLetter($0, order: s.order) }.joined(separator: "=")
      }
      lines.append(
        RenderedLine([
          StyledSpan("Prior ranking: " + names.joined(separator: " > "), Style(dim: true))
        ]))
      lines.append(RenderedLine([]))
    }
    if t.context.isEmpty {
      lines.append(
        RenderedLine([StyledSpan("(no conversation: this is a writing task)", Style(dim: true))]))
    }
    for (i, m) in t.context.enumerated() {
      starts.append(lines.count)
      var header = [StyledSpan("▌" + m.role.rawValue, Screen.roleStyle(m.role))]
      if let n = m.name {
        header.append(contentsOf: Sanitizer.sanitize(" (\(n))", style: Style(dim: true)).spans)
      }
      if triage != nil {
        header.append(StyledSpan("  turn \(i + 1)", Style(dim: true)))
        if picked == i { header.append(StyledSpan("  ◀ picked", Style(fg: .red, bold: true))) }
        if s.conversation.turn == i && s.focus == .conversation {
          header = header.map { StyledSpan($0.text, $0.style.reversed) }
        }
      }
      lines.append(RenderedLine(header))
      lines += s.cache.message(
        "m\(i)|\(width)", m.content, width: width, need: max(0, need - lines.count))
      lines.append(RenderedLine([]))
    }
    return (lines, starts)
  }

  /// Draws the pane; reads the session, writes only the grid.
  static func draw(_ s: Scene, _ g: inout Grid, _ r: Rect) {
    let count = s.task?.context.count ?? 0
    let inner = Screen.box(
      &g, r, title: "Conversation", focused: s.focus == .conversation,
      right: count == 1 ? "1 turn" : count > 1 ? "\(count) turns" : "")
    guard !inner.isEmpty else { return }
    if let err = s.sheet.taskError {
      let lines = Markdown.render(
        "This task cannot be shown:\n\n\(err)\n\nn and p move to other tasks.", width: inner.width)
      Screen.drawLines(&g, lines, in: inner, scroll: 0, side: 0)
      return
    }
    let pane = s.conversation
    let view = lines(s, width: inner.width, need: Scrolling.need(pane.scroll, inner.height))
    Screen.drawLines(
      &g, view.lines, in: inner, scroll: pane.scroll, side: pane.side, highlight: s.searchTerm)
  }

  /// The user's last turn as drawn (masked text stays masked): its index in the
  /// conversation and its lines at `width`, laid out as the conversation lays it out
  /// (the same cached lines), at least `need` of them.
  static func lastUserTurn(_ s: Scene, width: Int, need: Int) -> (
    index: Int, lines: [RenderedLine]
  )? {
    guard let t = s.shown, let i = t.context.lastIndex(where: { $0.role == .user }) else {
      return nil
    }
    return (i, s.cache.message("m\(i)|\(width)", t.context[i].content, width: width, need: need))
  }

  /// The strip above a single pane (narrow screens): the user's last turn, cut to fit.
  static func drawAsked(_ s: Scene, _ g: inout Grid, _ r: Rect) {
    let inner = Screen.inside(r)
    guard !inner.isEmpty, let asked = lastUserTurn(s, width: inner.width, need: inner.height + 1)
    else { return }
    let count = s.task?.context.count ?? 0
    let tab = s.keymap.keys(for: .prevPane, in: [.global]).map { Key.name(of: $0) } ?? "S-Tab"
    Screen.box(
      &g, r, title: "User · turn \(asked.index + 1) of \(count)", focused: false,
      right: "\(tab): whole conversation")
    let cut = asked.lines.count > inner.height
    let shown = Array(asked.lines.prefix(cut ? inner.height - 1 : inner.height))
    Screen.drawLines(&g, shown, in: inner, scroll: 0, side: 0)
    if cut { g.put("…", x: inner.x, y: inner.y + inner.height - 1, style: Style(dim: true)) }
  }
}
