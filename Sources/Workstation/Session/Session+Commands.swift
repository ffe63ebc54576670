import Annotation
import Commands
import Platform
import TaskStore
import TerminalKit
import Worksheet

extension Session {
  /// Performs a command (the keymap's target), as if its key were pressed: the
  /// focused pane first, then the pane that owns the command wherever the focus
  /// is (`Action.owner`), then the session's own commands.
  @discardableResult
  public func perform(_ a: Action) -> [Effect] {
    defer { follow() }
    if a != .undo { flow.undoArmedFor = nil }
    // The layout once per command: how the candidates are drawn, and each pane's page.
    let frame = layout()
    if let done = give(a, to: focus, frame) { return done }
    if let owner = a.owner.flatMap(Pane.init(owner:)), owner != focus,
      let done = give(a, to: owner, frame)
    {
      return done
    }
    return command(a)
  }

  /// Offers a command to a pane; nil when it is not the pane's, else what its effects led to.
  func give(_ a: Action, to pane: Pane, _ frame: Screen.Frame?) -> [Effect]? {
    let now = clock()
    let page = frame?.panes[pane].map { Screen.inside($0).height } ?? 10
    let asked: [PaneEffect]?
    switch pane {
    case .conversation: asked = conversation.handle(a, page: page, sheet: &flow.sheet, now: now)
    case .candidates:
      asked = candidates.handle(
        a, sheet: &flow.sheet, shown: frame?.candidates ?? .single, page: page)
    case .form: asked = formPane.handle(a, sheet: &flow.sheet, page: page, now: now)
    case .answers:
      let item = flow.reviewItem
      asked =
        flow.review.desk?.handle(
          a, item: item, sheet: &flow.sheet, page: max(1, page - 1), now: now) ?? nil
    }
    guard let asked else { return nil }
    var effects: [Effect] = []
    for e in asked { effects += apply(e, frame) }
    return effects
  }

  /// Composes what a pane asked for.
  func apply(_ e: PaneEffect, _ frame: Screen.Frame?) -> [Effect] {
    switch e {
    case .write(let i):
      if let q = form.questions[safe: i] { openEditor(for: q) }
    case .rewrite: openRewrite()
    case .route(let a, let pane): return give(a, to: pane, frame) ?? []
    case .pickTurn(let n): conversation.pick(n, sheet: &flow.sheet, now: clock())
    case .showDiff: overlay = .diff(scroll: 0)
    case .cycleView: return cycleView()
    case .focus(let pane): focus = pane
    case .focusIssue(let issue): focusIssue(issue)
    case .prompt(let purpose): overlay = .prompt(LineInput(purpose: purpose))
    case .decided(let done):
      say(flow.nextUnfinished() ? done : "\(done). \(flow.allDone()) u undoes the decision.")
    }
    return []
  }

  /// The session's own commands: moving between tasks and panes, submitting, undo,
  /// the prompt line, overlays, and digits outside the form.
  func command(_ a: Action) -> [Effect] {
    let now = clock()
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
      flow.sheet.notice = nil
    case .nextPane, .prevPane:
      let i = panes.firstIndex(of: focus) ?? 0
      focus = panes[(i + (a == .nextPane ? 1 : -1) + panes.count) % panes.count]
    case .submit:
      if let desk = flow.review.desk, let item = flow.reviewItem {
        for e in desk.decideFromForm(item, sheet: &flow.sheet, now: now) { _ = apply(e, nil) }
      } else if flow.review.desk == nil {
        flow.submit()
      }
    case .skip:
      if flow.review.desk != nil {
        say("A review has no skip: decide, or n for the next task", .info)
      } else if !flow.sheet.refuseEdit() {
        overlay = .prompt(LineInput(purpose: .skipReason))
      }
    case .nextTask: flow.move(1)
    case .prevTask: flow.move(-1)
    case .undo: flow.undo()
    case .redo: flow.redo()
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
      if n > 0, flow.sheet.digitsAnswerPreference, let q = flow.sheet.preferenceTarget(focused: nil)
      {
        answerPreference(q, n)
      } else {
        flow.sheet.rankFocused(n, at: now)
      }
    case .toggleNoneAcceptable: flow.sheet.toggleNoneAcceptable(at: now)
    case .rewrite: openRewrite()
    case .rewriteExternal: return rewriteExternally()
    case .reveal: reveal(all: false)
    case .revealAll: reveal(all: true)
    case .takeBreak: takeBreak()
    case .showPace: return [.load(.pace(today: flow.today))]
    case .pick1, .pick2, .pick3, .pick4, .pick5, .pick6, .pick7, .pick8, .pick9:
      // Outside the form, digits answer a pairwise preference only.
      if flow.sheet.digitsAnswerPreference, let q = flow.sheet.preferenceTarget(focused: nil) {
        answerPreference(q, a.pickNumber ?? 0)
      } else {
        say("Digits answer the form here: \(keymap.keyName(for: .nextPane)) to it", .info)
      }
    case .accept, .editorLeave, .editorSubmit, .editorNormalMode, .editorAppendLineEnd,
      .editorOpenLine, .deleteLine, .editorInsertMode, .editorAppend, .cursorLeft, .cursorRight,
      .cursorUp, .cursorDown, .wordLeft, .wordRight, .lineStart, .lineEnd, .textStart, .textEnd,
      .deleteBack, .deleteForward, .deleteWordBack, .killLine, .newline:
      say("\(a.rawValue) works in the editor only", .info)
    case .scrollDown, .scrollUp, .pageDown, .pageUp, .halfPageDown, .halfPageUp, .scrollTop,
      .scrollBottom, .scrollLeft, .scrollRight, .prevCandidate, .nextCandidate,
      .toggleLinkedScroll, .diff, .cycleView, .nextQuestion, .prevQuestion, .decrease, .increase,
      .toggle, .pickTurn, .nextTurn, .prevTurn, .prevAnswer, .nextAnswer, .take1, .take2, .take3,
      .take4, .take5, .take6, .take7, .take8, .take9, .editFinal, .sendBack, .hideNames:
      // A pane's command, with no pane to take it here (the answers outside review).
      break
    }
    return []
  }

  /// The panes Tab walks: the answers too on the review screen.
  /// A pane with nothing to show takes no focus: the candidates of a task without
  /// any, unless the editor is open there (the writing pane).
  var panes: [Pane] {
    var all: [Pane] =
      flow.review.desk == nil
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
    guard let next = flow.sheet.answerPreference(q, point: point, at: clock()),
      let qi = form.questions.firstIndex(where: { $0.id == next.id })
    else { return }
    formPane.question = qi
  }

  /// Moves to the next candidates view, remembers it for the annotator, and says which.
  func cycleView() -> [Effect] {
    var fits = false
    if let (w, h) = viewport {
      fits = Screen.frame(scene, width: w, height: h, forcing: .columns).candidates != .single
    }
    candidates.view = candidates.nextView(columnsPossible: fits)
    candidates.scroll = 0
    say("Candidates: \(candidates.describe(candidatesShown))")
    return [.rememberView(candidates.view.rawValue)]
  }
}
