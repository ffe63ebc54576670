import Annotation
import Platform
import TerminalKit
import TextKit
import Worksheet

/// Draws a session into a grid: reads the session, writes nothing back, so every
/// screen is testable without a terminal.
public enum Screen {
  /// The smallest terminal the workstation draws in.
  public static let minWidth = 60
  public static let minHeight = 16

  static let border = Style(dim: true)
  static let focusedBorder = Style(fg: .cyan, bold: true)
  static let titleBar = Style(fg: .black, bg: .cyan)
  static let sampleBar = Style(fg: .black, bg: .yellow)
  static let statusBar = Style(reverse: true)

  /// How the panes are arranged at a size.
  public enum Layout: Sendable, Equatable {
    case wide, medium, narrow, tooSmall

    public static func of(width: Int, height: Int) -> Layout {
      if width < minWidth || height < minHeight { return .tooSmall }
      if width < 100 { return .narrow }
      if width < 150 { return .medium }
      return .wide
    }
  }

  /// Renders the whole screen. Reads the session and writes only the grid.
  public static func render(_ s: Session, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    let scene = s.scene
    let f = frame(scene, width: width, height: height)
    if f.layout == .tooSmall {
      drawTooSmall(&g, ignored: s.ignoredWhileTooSmall)
      return g
    }
    // A break shows nothing from the queue.
    if case .rest(let since, _) = s.overlay {
      drawRest(s, &g, elapsed: s.clock() - since)
      return g
    }
    drawTitle(s, &g)
    // Validation runs once per frame; the form and the message line share it.
    let report = s.validation
    if f.layout == .narrow { drawTabs(s, &g, y: 1) }
    if let r = f.asked { ConversationPane.drawAsked(scene, &g, r) }
    for (pane, rect) in f.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      if let ed = s.editor, pane == (f.layout == .narrow ? s.focus : .candidates) {
        EditorPane.draw(scene, ed, &g, rect)
        continue
      }
      switch pane {
      case .conversation: ConversationPane.draw(scene, &g, rect)
      case .candidates: CandidatesPane.draw(scene, &g, rect)
      case .form: FormPane.draw(scene, &g, rect, report: report)
      case .answers: AnswersPane.draw(scene, &g, rect)
      }
    }
    drawMessageLine(s, &g, y: height - 2, report: report)
    drawStatus(s, &g, y: height - 1)
    Overlays.draw(scene, &g)
    return g
  }

  /// The break screen: a timer and nothing else.
  static func drawRest(_ s: Session, _ g: inout Grid, elapsed: Int) {
    let length = s.wellbeing.breakLength * 60_000
    let over = elapsed >= length
    let enter = "Enter"
    let lines = [
      ("Break", Style(bold: true)),
      ("", Style.plain),
      (
        "\(Wording.formatTime(min(elapsed, length))) of \(Wording.formatTime(length))",
        Style(fg: .cyan, bold: true)
      ),
      ("", Style.plain),
      (
        over ? "The break time is up, whenever you are ready." : "The shift clock is paused.",
        Style.plain
      ),
      ("Nothing from the queue is shown.", Style(dim: true)),
      ("", Style.plain),
      ("\(enter) goes back to work", Style(dim: true)),
    ]
    let top = max(0, (g.height - lines.count) / 2)
    for (i, (text, style)) in lines.enumerated() where top + i < g.height {
      g.put(text, x: max(0, (g.width - DisplayWidth.of(text)) / 2), y: top + i, style: style)
    }
  }

  static func drawTooSmall(_ g: inout Grid, ignored: Int) {
    var lines = [
      "Terminal too small: \(g.width)x\(g.height)",
      "Rubric needs at least \(minWidth)x\(minHeight).",
      "Enlarge the window; your work is saved.",
      "Keys are ignored until then (q quits).",
    ]
    if ignored > 0 { lines.append("\(ignored) key\(ignored == 1 ? "" : "s") ignored") }
    let top = max(0, g.height / 2 - 1)
    for (i, line) in lines.enumerated() where top + i < g.height {
      let x = max(0, (g.width - DisplayWidth.of(line)) / 2)
      g.put(line, x: x, y: top + i, style: i == 0 ? Style(bold: true) : .plain)
    }
  }

  static func drawTitle(_ s: Session, _ g: inout Grid) {
    let sample = s.title.contains("SAMPLE")
    g.fill(Rect(x: 0, y: 0, width: g.width, height: 1), style: sample ? sampleBar : titleBar)
    var left = " Rubric · \(s.title)"
    if let t = s.task {
      if s.flow.review.desk != nil,
        let q = s.flow.nav.queuePlace(of: s.flow.resolvedPosition ?? s.position)
      {
        left +=
          " · \(s.store.annotator) reviews · "
          + (q.index.map { "\($0 + 1) of \(q.count)" } ?? "not in review")
      } else if let q = s.flow.nav.queuePlace(of: s.flow.resolvedPosition ?? s.position) {
        left +=
          " · \(s.store.annotator)'s queue · "
          + (q.index.map { "\($0 + 1) of \(q.count)" } ?? "not queued, \(q.count) queued")
      } else {
        let (count, complete) = s.taskCount
        let pos = (s.flow.resolvedPosition ?? s.position) + 1
        left += " · task \(pos) of \(count)\(complete ? "" : "+")"
      }
      left += " · \(kindName(s, t)) · \(t.id)"
      // Content categories are always named; the annotator's settings decide what else happens.
      if case let w = s.flow.masking.categories(of: t), !w.isEmpty {
        left +=
          " · ⚠ " + w.joined(separator: ", ") + (s.flow.maskedCategories.isEmpty ? "" : " (masked)")
      }
    }
    let right = " " + statusBadge(s) + " "
    let rightX = max(0, g.width - DisplayWidth.of(right))
    g.put(
      Sanitizer.sanitize(left, style: sample ? sampleBar : titleBar).spans, x: 0, y: 0,
      clip: Rect(x: 0, y: 0, width: rightX, height: 1))
    g.put(right, x: rightX, y: 0, style: (sample ? sampleBar : titleBar).bolded)
  }

  static func kindName(_ s: Session, _ t: ChatTask) -> String {
    if s.form.questions.contains(where: { $0.kind == .turn }) { return "triage" }
    switch t.kind {
    case .comparison: return "compare \(t.candidates.count)"
    case .review: return "review"
    case .writing: return "write"
    }
  }

  static func statusBadge(_ s: Session) -> String {
    if s.flow.review.desk != nil {
      guard s.draft.status == .submitted, let d = s.draft.review?.decision else {
        return "TO DECIDE"
      }
      switch d {
      case .accepted: return "ACCEPTED"
      case .edited: return "EDITED"
      case .sentBack: return "SENT BACK"
      }
    }
    if s.draft.status == .draft,
      s.flow.review.returnedDecision(s.store.annotation(for: s.draft.taskId) ?? s.draft) != nil
    {
      return "SENT BACK"
    }
    switch s.draft.status {
    case .submitted: return "SUBMITTED"
    case .skipped: return "SKIPPED"
    case .draft: return s.draft.hasWork ? "DRAFT" : "NEW"
    }
  }

  static func drawTabs(_ s: Session, _ g: inout Grid, y: Int) {
    var x = 1
    for p in s.panes {
      let label = " \(p.title) "
      x = g.put(
        label, x: x, y: y,
        style: p == s.focus ? Style(fg: .black, bg: .cyan, bold: true) : Style(dim: true))
      x += 1
    }
    g.put("Tab switches panes", x: x + 1, y: y, style: Style(dim: true))
  }

  /// Draws a frame with a title; returns the inside.
  @discardableResult
  static func box(_ g: inout Grid, _ r: Rect, title: String, focused: Bool, right: String = "")
    -> Rect
  {
    guard r.width >= 2 && r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
    let st = focused ? focusedBorder : border
    // Border cells are filled in directly: drawing them as text measured every
    // character's width and was a third of a frame.
    func edge(_ glyph: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int) {
      g.fill(Rect(x: x, y: y, width: w, height: h), with: Cell(text: glyph, style: st))
    }
    edge("─", r.x + 1, r.y, r.width - 2, 1)
    edge("─", r.x + 1, r.maxY - 1, r.width - 2, 1)
    edge("│", r.x, r.y + 1, 1, r.height - 2)
    edge("│", r.maxX - 1, r.y + 1, 1, r.height - 2)
    edge("┌", r.x, r.y, 1, 1)
    edge("┐", r.maxX - 1, r.y, 1, 1)
    edge("└", r.x, r.maxY - 1, 1, 1)
    edge("┘", r.maxX - 1, r.maxY - 1, 1, 1)
    let clip = Rect(x: r.x + 1, y: r.y, width: r.width - 2, height: 1)
    // Neither the title nor the hints on the right are cut inside a word: hints
    // go from the end a " · " part at a time, then the title ends in "…" at a word.
    let room = r.width - 4
    var right = right
    var titleText = Sanitizer.plainText(title)
    func fits() -> Bool {
      DisplayWidth.of(titleText) + 2 + (right.isEmpty ? 0 : DisplayWidth.of(right) + 3) <= room
    }
    while !fits(), let cut = right.ranges(of: " · ").last {
      right = String(right[..<cut.lowerBound])
    }
    if !fits() {
      titleText = Fit.words(
        titleText, width: max(1, room - 2 - (right.isEmpty ? 0 : DisplayWidth.of(right) + 3)))
    }
    if !fits() { right = "" }
    let t = Sanitizer.sanitize(
      " \(titleText) ", style: focused ? Style(fg: .cyan, bold: true) : Style(bold: true)
    ).spans
    g.put(t, x: r.x + 2, y: r.y, clip: clip)
    if !right.isEmpty {
      let w = DisplayWidth.of(right) + 2
      g.put(" \(right) ", x: max(r.x + 2, r.maxX - 2 - w), y: r.y, style: st, clip: clip)
    }
    return Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
  }

  /// Draws lines in a rectangle from `scroll` (clamped here for drawing only),
  /// clipping code lines from `side`.
  static func drawLines(
    _ g: inout Grid, _ lines: [RenderedLine], in r: Rect, scroll: Int, side: Int,
    highlight: String? = nil
  ) {
    let maxScroll = max(0, lines.count - r.height)
    let top = max(0, min(scroll, maxScroll))
    for row in 0..<r.height {
      let i = top + row
      guard i < lines.count else { break }
      let line = lines[i]
      var spans = line.isCode ? Wrap.clip(line.spans, offset: side, width: r.width) : line.spans
      if let h = highlight { spans = highlightMatches(spans, h) }
      g.put(spans, x: r.x, y: r.y + row, clip: r)
    }
    if lines.count > r.height && r.width > 0 {
      let pct = maxScroll == 0 ? 100 : top * 100 / maxScroll
      let label = "\(pct)%"
      g.put(label, x: r.maxX - DisplayWidth.of(label), y: r.maxY, style: Style(dim: true))
    }
  }

  /// Shows the cursor at a cell (reversed), when it is inside `r`.
  static func drawCursor(_ g: inout Grid, x: Int, y: Int, in r: Rect) {
    guard y >= r.y && y < r.maxY && x >= r.x && x < r.maxX else { return }
    var cell = g[x, y]
    if cell.width == 0 { cell = .blank() }
    cell.style.reverse = true
    g[x, y] = cell
  }

  /// A word diff as wrapped lines: removed words red and struck, added words green.
  static func diffLines(_ pieces: [WordDiff.Piece], width: Int) -> [RenderedLine] {
    var spans: [StyledSpan] = []
    for p in pieces {
      switch p {
      case .same(let t): spans += Sanitizer.sanitize(t, style: Style(dim: true)).spans
      case .removed(let t):
        spans += Sanitizer.sanitize("[-" + t + "-]", style: Style(fg: .red, bold: true)).spans
      case .added(let t):
        spans += Sanitizer.sanitize("{+" + t + "+}", style: Style(fg: .green, bold: true)).spans
      }
    }
    return Wrap.wrap(spans, width: width).map { RenderedLine($0) }
  }

  static func highlightMatches(_ spans: [StyledSpan], _ term: String) -> [StyledSpan] {
    let needle = term.lowercased()
    guard !needle.isEmpty else { return spans }
    var out: [StyledSpan] = []
    for span in spans {
      var rest = Substring(span.text)
      while let r = rest.lowercased().firstRange(of: needle) {
        let lower = rest.lowercased()
        let start = lower.distance(from: lower.startIndex, to: r.lowerBound)
        let len = needle.count
        let a =
          rest.index(rest.startIndex, offsetBy: start, limitedBy: rest.endIndex) ?? rest.endIndex
        let b = rest.index(a, offsetBy: len, limitedBy: rest.endIndex) ?? rest.endIndex
        if a > rest.startIndex {
          out.append(StyledSpan(String(rest[rest.startIndex..<a]), span.style))
        }
        out.append(StyledSpan(String(rest[a..<b]), Style(fg: .black, bg: .yellow, bold: true)))
        rest = rest[b...]
      }
      if !rest.isEmpty { out.append(StyledSpan(String(rest), span.style)) }
    }
    return out
  }

  static func roleStyle(_ r: Role) -> Style {
    switch r {
    case .system: return Style(fg: .magenta, bold: true)
    case .user: return Style(fg: .green, bold: true)
    case .assistant: return Style(fg: .blue, bold: true)
    case .tool: return Style(fg: .yellow, bold: true)
    }
  }
}
