import Annotation
import Commands
import TerminalKit
import TextKit
import Worksheet

/// The rating form: the focused question and option, and its scroll.
///
/// A question asked once per candidate is a grid with a row per candidate; its
/// focused row is the focused candidate, so `j`/`k` walk the rows before
/// leaving the question, and a digit answers the row and moves to the next
/// unanswered one.
struct FormPane: Equatable {
  var question = 0
  var option = 0
  var scroll = 0

  /// The focused question.
  func focused(_ form: Form) -> Question? { form.questions[safe: question] }

  /// The key for each option of a choice or labels question: 1 to 9, then letters
  /// that no pane or global binding uses (`free`), so every option takes one key.
  static func optionKeys(_ count: Int, free: [Character]) -> [Character] {
    Array("123456789".prefix(count)) + free.prefix(max(0, count - 9))
  }

  /// Whether a question shows as a grid of candidate rows.
  static func isGrid(_ q: Question, candidates: Int) -> Bool {
    q.scope == .candidate && candidates > 1
  }

  /// Focuses question `i`, entering a grid at its first row (`fromAbove`) or its last.
  mutating func focusQuestion(_ i: Int, sheet: inout Sheet, fromAbove: Bool = true) {
    let count = sheet.form.questions.count
    guard count > 0 else { return }
    let clamped = max(0, min(count - 1, i))
    if clamped != question { option = 0 }
    let entering = clamped != question
    question = clamped
    if entering, let q = focused(sheet.form), FormPane.isGrid(q, candidates: sheet.order.count) {
      sheet.focusCandidate(fromAbove ? 0 : sheet.order.count - 1)
    }
  }

  /// Handles the form's commands; nil for a command not its own. A turn question
  /// drives the conversation's focused turn, and a text question opens the editor:
  /// both come back as effects for the session.
  mutating func handle(_ a: Action, sheet: inout Sheet, page: Int, now: Int) -> [PaneEffect]? {
    if let by = Scrolling.step(a, page: page) {
      scroll = Scrolling.apply(by, to: scroll)
      return []
    }
    let q = focused(sheet.form)
    let grid = q.map { FormPane.isGrid($0, candidates: sheet.order.count) } ?? false
    switch a {
    case .nextQuestion:
      if grid && sheet.candidate < sheet.order.count - 1 {
        sheet.focusCandidate(sheet.candidate + 1)
      } else {
        focusQuestion(question + 1, sheet: &sheet)
      }
    case .prevQuestion:
      if grid && sheet.candidate > 0 {
        sheet.focusCandidate(sheet.candidate - 1)
      } else {
        focusQuestion(question - 1, sheet: &sheet, fromAbove: false)
      }
    case .decrease, .increase:
      guard let q else { return [] }
      let step = a == .increase ? 1 : -1
      switch q.kind.keys {
      case .anyOf(let options): option = max(0, min(options.count - 1, option + step))
      case .ranks: sheet.focusCandidate(sheet.candidate + step)
      case .turn:
        let move: Action = a == .increase ? .nextTurn : .prevTurn
        return [.route(move, to: .conversation), .route(.pickTurn, to: .conversation)]
      case .scale, .oneOf, .preference, .written, .rewritten: sheet.step(q, step, at: now)
      }
    case .pick1, .pick2, .pick3, .pick4, .pick5, .pick6, .pick7, .pick8, .pick9:
      guard let q else { return [] }
      if q.kind.keys == .turn { return [.pickTurn(a.pickNumber ?? 0)] }
      pick(q, a.pickNumber ?? 0, grid: grid, sheet: &sheet, now: now)
    case .toggle:
      guard let q else { return [] }
      switch q.kind.keys {
      case .anyOf(let options):
        if options.indices.contains(option) { sheet.toggleLabel(q, options[option], at: now) }
      case .ranks: sheet.toggleNoneAcceptable(at: now)
      case .scale, .oneOf, .preference: sheet.step(q, 1, at: now)
      case .written: return [.write(questionIndex: question)]
      case .rewritten: return [.rewrite]
      case .turn: return [.route(.pickTurn, to: .conversation)]
      }
    default:
      return nil
    }
    return []
  }

  /// Picks the option of the focused question whose key is `c` (options past 9 have
  /// letters, `keys` being every option's key); whether one was.
  mutating func pick(letter c: Character, free: [Character], sheet: inout Sheet, now: Int) -> Bool {
    guard let q = focused(sheet.form) else { return false }
    let count: Int
    switch q.kind.keys {
    case .oneOf(let o), .anyOf(let o): count = o.count
    case .ranks, .scale, .preference, .written, .rewritten, .turn: return false
    }
    guard count > 9, let i = FormPane.optionKeys(count, free: free).firstIndex(of: c), i >= 9
    else { return false }
    let grid = FormPane.isGrid(q, candidates: sheet.order.count)
    pick(q, i + 1, grid: grid, sheet: &sheet, now: now)
    return true
  }

  /// Answers option `n` of a question; on a grid row, moves on to the next unanswered row.
  mutating func pick(_ q: Question, _ n: Int, grid: Bool, sheet: inout Sheet, now: Int) {
    if case .anyOf(let options) = q.kind.keys, options.indices.contains(n - 1) { option = n - 1 }
    let taken = sheet.pick(q, n, at: now)
    guard taken, grid else { return }
    let order = sheet.order
    let after = Array(sheet.candidate + 1..<order.count) + Array(0..<sheet.candidate)
    if let next = after.first(where: { sheet.draft[AnswerKey(q.id, candidate: order[$0])] == nil })
    {
      sheet.focusCandidate(next)
    }
  }

  /// The pane with its scroll keeping the focused question in view.
  func settled(_ s: Scene, width: Int, height: Int) -> FormPane {
    var p = self
    let view = FormPane.lines(s, width: width, report: s.validation)
    if view.focusStart < p.scroll { p.scroll = view.focusStart }
    if view.focusEnd > p.scroll + height { p.scroll = max(view.focusStart, view.focusEnd - height) }
    p.scroll = Scrolling.clamp(p.scroll, lines: view.lines.count, height: height)
    return p
  }

  /// Draws the form; reads the session, writes only the grid.
  static func draw(_ s: Scene, _ g: inout Grid, _ r: Rect, report: ValidationReport?) {
    let title = s.desk == nil ? s.form.title : "Final answer · \(s.form.title)"
    let inner = Screen.box(&g, r, title: title, focused: s.focus == .form)
    guard !inner.isEmpty else { return }
    let view = lines(s, width: inner.width, report: report)
    Screen.drawLines(&g, view.lines, in: inner, scroll: s.formPane.scroll, side: 0)
  }
}
