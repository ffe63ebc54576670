import Annotation
import Commands
import Foundation
import TaskStore
import TerminalKit

extension Session {
  /// Performs a command (the keymap's target), as if its key were pressed: the
  /// focused pane's own commands first, then the session's.
  @discardableResult
  public func perform(_ a: Action) -> [Effect] {
    if a != .undo { pending.undoArmedFor = nil }
    let now = clock()
    // The layout once per command: how the candidates are drawn, and each pane's page.
    let frame = layout()
    let shown = frame?.candidates ?? .single
    func page(_ pane: Pane) -> Int { frame?.panes[pane].map { Screen.inside($0).height } ?? 10 }
    switch focus {
    case .conversation:
      if conversation.handle(a, page: page(.conversation), turns: task?.context.count ?? 0) {
        return []
      }
    case .candidates:
      if candidates.handle(a, sheet: &sheet, shown: shown, page: page(.candidates)) { return [] }
    case .form:
      if formPane.handle(a, sheet: &sheet, now: now) { return [] }
      if let by = Scrolling.step(a, page: page(.form)) {
        formPane.scroll = Scrolling.apply(by, to: formPane.scroll)
        return []
      }
    case .answers:
      let (count, height) = (reviewItem?.answers.count ?? 0, max(1, page(.answers) - 1))
      if review.desk?.pane.handle(a, count: count, page: height) == true { return [] }
    }
    switch a {
    case .help: overlay = .help(scroll: 0)
    case .quit, .suspend:
      flushSave()
      return [a == .quit ? .quit : .suspend]
    case .cancel:
      pending.keys = []
      overlay = .none
      pending.search.term = nil
      candidates.diff = false
      sheet.notice = nil
    case .nextPane, .prevPane:
      let i = panes.firstIndex(of: focus) ?? 0
      focus = panes[(i + (a == .nextPane ? 1 : -1) + panes.count) % panes.count]
    case .submit: if review.desk != nil { decideFromForm() } else { submit() }
    case .skip:
      if review.desk != nil {
        say("A review has no skip: decide, or n for the next task", .info)
      } else if !sheet.refuseEdit() {
        overlay = .prompt(LineInput(purpose: .skipReason))
      }
    case .nextTask: move(1)
    case .prevTask: move(-1)
    case .undo: undo()
    case .redo: redo()
    case .commandLine: overlay = .prompt(LineInput(purpose: .command))
    case .search: overlay = .prompt(LineInput(purpose: .search))
    case .editRationale:
      if let q = form.questions.first(where: { if case .text = $0.kind { true } else { false } }) {
        openEditor(for: q)
      } else {
        say("This form has no text answer", .warning)
      }
    case .rank1, .rank2, .rank3, .rank4, .rank5, .rank6, .rank7, .rank8, .rank9, .unrank:
      let n = a.rankNumber ?? 0
      if n > 0, sheet.digitsAnswerPreference, let q = sheet.preferenceTarget(focused: nil) {
        answerPreference(q, n)
      } else {
        sheet.rankFocused(n, at: now)
      }
    case .toggleNoneAcceptable: sheet.toggleNoneAcceptable(at: now)
    case .rewrite: openRewrite()
    case .rewriteExternal: return rewriteExternally()
    case .diff:
      if order.count < 2 {
        say("There is no other candidate to compare with", .info)
      } else if case .columns = shown {
        candidates.diff.toggle()
        let next = letter((sheet.candidate + 1) % order.count)
        say(
          candidates.diff
            ? "Differences of \(letter(sheet.candidate)) and \(next) highlighted; d again hides them"
            : "Differences hidden")
      } else {
        overlay = .diff(scroll: 0)
      }
    case .cycleView: return cycleView()
    case .reveal: reveal(all: false)
    case .revealAll: reveal(all: true)
    case .takeBreak: takeBreak()
    case .showPace: return [.load(.pace(today: today))]
    case .pick1, .pick2, .pick3, .pick4, .pick5, .pick6, .pick7, .pick8, .pick9:
      let n = a.pickNumber ?? 0
      if let q = focusedQuestion, q.kind == .turn, focus == .form {
        conversation.turn = n - 1
        pickTurnChecked(n)
      } else if sheet.digitsAnswerPreference, let q = sheet.preferenceTarget(focused: nil) {
        // Outside the form, digits answer a pairwise preference only.
        answerPreference(q, n)
      } else {
        let tab = keymap.keys(for: .nextPane, in: [.global]).map { Key.name(of: $0) } ?? "Tab"
        say("Digits answer the form here: \(tab) to it", .info)
      }
    case .toggle:
      guard let q = focusedQuestion else { break }
      switch q.kind {
      case .text, .compose: openEditor(for: q)
      case .rewrite: openRewrite()
      case .turn: sheet.pickTurn(conversation.turn, at: now)
      default: break
      }
    case .decrease, .increase:
      guard let q = focusedQuestion, q.kind == .turn else { break }
      _ = conversation.handle(
        a == .increase ? .nextTurn : .prevTurn, page: 0, turns: task?.context.count ?? 0)
      sheet.pickTurn(conversation.turn, at: now)
    case .nextTurn, .prevTurn:
      _ = conversation.handle(a, page: 0, turns: task?.context.count ?? 0)
    case .pickTurn: sheet.pickTurn(conversation.turn, at: now)
    case .prevCandidate, .nextCandidate, .toggleLinkedScroll:
      _ = candidates.handle(a, sheet: &sheet, shown: shown, page: page(.candidates))
    case .nextQuestion, .prevQuestion:
      _ = formPane.handle(a, sheet: &sheet, now: now)
    case .scrollDown, .scrollUp, .pageDown, .pageUp, .halfPageDown, .halfPageUp, .scrollTop,
      .scrollBottom,
      .scrollLeft, .scrollRight:
      break
    case .accept, .editorLeave, .editorSubmit, .editorNormalMode, .editorAppendLineEnd,
      .editorOpenLine, .deleteLine,
      .editorInsertMode, .editorAppend, .cursorLeft, .cursorRight, .cursorUp, .cursorDown,
      .wordLeft, .wordRight,
      .lineStart, .lineEnd, .textStart, .textEnd, .deleteBack, .deleteForward, .deleteWordBack,
      .killLine, .newline:
      say("\(a.rawValue) works in the editor only", .info)
    case .take1, .take2, .take3, .take4, .take5, .take6, .take7, .take8, .take9:
      take(a.takeNumber ?? 0)
    case .editFinal: editFinal()
    case .sendBack:
      if reviewItem != nil, !sheet.refuseEdit(decision: true) {
        overlay = .prompt(LineInput(purpose: .sendBackNote))
      }
    case .hideNames: toggleNames()
    case .prevAnswer, .nextAnswer: break
    }
    return []
  }

  /// The panes Tab walks: the answers too on the review screen.
  /// A pane with nothing to show takes no focus: the candidates of a task without
  /// any, unless the editor is open there (the writing pane).
  var panes: [Pane] {
    var all: [Pane] =
      review.desk == nil
      ? [.conversation, .candidates, .form] : [.conversation, .candidates, .answers, .form]
    if task?.candidates.isEmpty == true && editor == nil && !hasComposed {
      all.removeAll { $0 == .candidates }
    }
    return all
  }

  /// Whether a composed message has text (the middle pane shows it).
  var hasComposed: Bool {
    form.questions.contains { $0.kind == .compose && !(draft.answers[$0.id]?.text ?? "").isEmpty }
  }

  /// How the candidates are drawn at the current viewport (one at a time without one).
  var candidatesShown: CandidatesPane.Shown { layout()?.candidates ?? .single }

  /// Answers a preference and focuses the question that takes the next digit.
  func answerPreference(_ q: Question, _ point: Int) {
    guard let next = sheet.answerPreference(q, point: point, at: clock()),
      let qi = form.questions.firstIndex(where: { $0.id == next.id })
    else { return }
    formPane.question = qi
  }

  /// Picks turn `n` (1-based) of the conversation, saying so when there is none.
  func pickTurnChecked(_ n: Int) {
    guard let t = task, n >= 1 && n <= t.context.count else {
      say("Pick a turn from 1 to \(task?.context.count ?? 0)", .warning)
      return
    }
    sheet.pickTurn(n - 1, at: clock())
  }

  /// Moves to the next candidates view, remembers it for the annotator, and says which.
  func cycleView() -> [Effect] {
    var fits = false
    if let (w, h) = viewport {
      fits = Screen.frame(scene, width: w, height: h, forcing: .columns).candidates != .single
    }
    candidates.view = candidates.nextView(columnsPossible: fits)
    candidates.scroll = 0
    let shown = candidatesShown
    var now: String
    switch shown {
    case .columns: now = "side by side"
    case .stacked: now = "stacked"
    case .single: now = "one at a time"
    }
    if candidates.view == .auto { now = "automatic (now \(now))" }
    say("Candidates: \(now)")
    return [.rememberView(candidates.view.rawValue)]
  }

  /// Picks the option of the focused question whose key is `c` (for options past 9); whether one was.
  func pickOptionByLetter(_ c: Character) -> Bool {
    guard let q = focusedQuestion else { return false }
    let count: Int
    switch q.kind {
    case .choice(let o): count = o.count
    case .labels(let o, _): count = o.count
    default: return false
    }
    guard count > 9, let i = optionKeys(count).firstIndex(of: c), i >= 9 else { return false }
    let grid = FormPane.isGrid(q, candidates: order.count)
    formPane.pick(q, i + 1, grid: grid, sheet: &sheet, now: clock())
    return true
  }
}
