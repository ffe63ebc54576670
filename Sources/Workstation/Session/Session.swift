import Annotation
import Codecs
import Commands
import Foundation
import Reports
import Shift
import TaskStore
import TerminalKit
import TextKit

/// The workstation: routes each key to the focused component, carries out the
/// effects that come back, and keeps the shared state the panes read.
///
/// `update` changes state and returns effects (a save, quit, suspend, an external
/// edit); `handle` is `update` plus carrying out the saves. `Screen.render` reads
/// the session and writes only a grid; everything a frame needs (scroll clamping,
/// "scroll to the hit") is settled at the end of `update`.
public final class Session {
  public let store: Store
  public let keymap: Keymap
  public let title: String
  let clock: () -> Int
  /// Letters no pane or global binding uses, for options past 9 (see `optionKeys`).
  let freeLetters: [Character]

  /// The task on screen and its answers.
  var sheet: Sheet
  public var focus: Pane = .candidates
  var conversation = ConversationPane()
  var candidates = CandidatesPane()
  var formPane = FormPane()
  public internal(set) var editor: EditorPane?
  public internal(set) var overlay: Overlay = .none
  var pendingKeys: [Key] = []

  /// Where in the store, and what `n`/`p` show.
  var nav: Navigator
  public internal(set) var hostileCount = 0
  var searchState = Search()
  /// The task whose submit an undo is waiting to be confirmed for (a second `u`).
  var undoArmedFor: String?
  /// The answer an external editor is working on.
  var externalKey: AnswerKey?
  /// The review screen's state, when this session reviews (`rubric review`).
  var desk: ReviewDesk?
  /// Reviewers' decisions on this annotator's answers, newest first (`:feedback`).
  var feedback: [Annotation] = []
  /// Decisions sending a task back, by task id (they count while the answer judged is unchanged).
  var returned: [String: Annotation] = [:]

  // The annotator's own settings (`Wellbeing`) at work.
  public let wellbeing: Wellbeing
  /// The task as drawn: masked parts replaced by placeholders (`refreshShown`).
  var shown: Task?
  /// Every masked text shown, for the rest of the session.
  var revealAll = false
  /// Content categories of the tasks met so far, by position.
  var categoriesAt: [Int: [String]] = [:]
  /// Categories other annotators' flags added, by task id (forms that map flags to categories).
  var flagged: [String: [String]] = [:]
  /// The shift's time: active, since the last break, per category today.
  var shift: ShiftClock
  /// Today's active time so far (earlier runs' and this one's).
  public var shiftActiveMs: Int { shift.activeMs }
  /// Active milliseconds since the last break (or the start of the session).
  public var sinceBreakMs: Int { shift.sinceBreakMs }
  /// When the last save was carried out, on the session's clock (the status line says "saved").
  public internal(set) var savedAt: Int?
  /// The task count the screen last showed.
  var lastTaskCount = (count: -1, complete: false)

  /// The terminal's size, when the runner knows it: the layout is settled for it,
  /// and keys are ignored while it is too small.
  public var viewport: (width: Int, height: Int)? {
    didSet { settle() }
  }
  /// Keys ignored since the terminal became too small (the too-small screen counts them).
  public internal(set) var ignoredWhileTooSmall = 0
  let cache = RenderCache()

  /// Opens a session on a store where the annotator left off; with `review`, the
  /// review screen over those tasks (the store opened with `asReviewer`).
  public init(
    store: Store, keymap: Keymap, title: String, review: [ReviewItem]? = nil,
    wellbeing: Wellbeing = Wellbeing(),
    clock: @escaping () -> Int = Session.monotonicMs
  ) {
    self.store = store
    self.keymap = keymap
    freeLetters = "abcdefghijklmnopqrstuvwxyz".filter {
      if case .none = keymap.lookup([.char($0)], in: [.form, .global]) { return true }
      return false
    }
    self.title = title
    self.wellbeing = wellbeing
    self.clock = clock
    sheet = Sheet(form: store.config.form, annotator: store.annotator, readOnly: store.readOnly)
    nav = Navigator(store: store)
    shift = ShiftClock(lastKeyAt: clock())
    candidates.view = ViewPrefs.load(store)
    if let review {
      desk = ReviewDesk(items: review)
      nav.queue = review.map(\.position)
    } else {
      // A team store shows the annotator's queue only (computing it reads every task id).
      nav.queue = store.queue(for: store.annotator)
      // What reviewers said about this annotator's answers (a store without reviews has no folder to read).
      readFeedback()
    }
    // Tasks the annotator's settings keep from them are passed over (and recorded) as they are met.
    readFlaggedCategories()
    nav.withheld = { [unowned self] in self.withholds($0) }
    nav.withheldTask = { [unowned self] in self.withholds($0) }
    if review == nil { nav.unanswerable = { [unowned store] in store.whyUnanswerable($0) != nil } }
    readTodaysMinutes()
    let back = sentBackFirst()
    openInitialTask()
    sheet.notice = StartupNotice.make(store) ?? back
  }

  /// Milliseconds on a monotonic clock.
  public static func monotonicMs() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }

  // MARK: - What the panes read

  public var task: Task? { sheet.task }
  public var form: Form { sheet.form }
  public var draft: Annotation { sheet.draft }
  public var notice: Notice? { sheet.notice }
  public var saveFailure: StoreError? { sheet.saveFailure }
  var taskError: LineError? { sheet.taskError }
  /// Candidate ids in screen order.
  public var order: [String] { sheet.order }
  /// The focused candidate's id.
  public var focusedCandidate: String? { sheet.focusedCandidate }
  /// The focused candidate's place in the order shown.
  public var candidateIndex: Int { sheet.candidate }
  /// The validation report of the current draft.
  public var validation: ValidationReport? { sheet.validation }
  var focusedQuestion: Question? { formPane.focused(form) }

  /// Whether the terminal, as last reported, is too small to show the work.
  var isTooSmall: Bool {
    viewport.map { Screen.Layout.of(width: $0.width, height: $0.height) == .tooSmall } ?? false
  }

  func say(_ text: String, _ kind: Notice.Kind = .info) { sheet.say(text, kind) }

  /// Puts a warning from outside the session on the message line (what starting the terminal changed).
  public func warn(_ text: String) { sheet.say(text, .warning) }

  /// The term searched for, highlighted in the panes.
  var searchTerm: String? { searchState.term }

  /// The key for each option of a choice or labels question: 1 to 9, then letters
  /// that no pane or global binding uses, so every option can be picked in one key.
  func optionKeys(_ count: Int) -> [Character] {
    Array("123456789".prefix(count)) + freeLetters.prefix(max(0, count - 9))
  }

  // MARK: - Keys

  /// Handles one key: updates, then carries out the saves. Returns what only the
  /// terminal's owner can do (quit, suspend, an external edit).
  public func handle(_ key: Key) -> [Effect] {
    carryOut(update(key))
  }

  /// Updates the state for one key and returns the effects asked for, saves
  /// included, without performing any. A notice goes when its cause does: news
  /// about a key (information or a warning) at the next key, a "cannot submit"
  /// once its answers are fixed; an error (saving stopped) stays.
  public func update(_ key: Key) -> [Effect] {
    if let n = sheet.notice, n.kind != .error, n.blockers.isEmpty, key.base != .resize {
      sheet.notice = nil
    }
    var effects = route(key)
    if let n = sheet.notice, !n.blockers.isEmpty {
      let open = Set(validation?.issues.map(\.key) ?? [])
      if n.blockers.allSatisfy({ !open.contains($0) }) { sheet.notice = nil }
    }
    settle()
    effects.insert(contentsOf: sheet.saves, at: 0)
    sheet.saves.removeAll()
    return effects
  }

  func route(_ key: Key) -> [Effect] {
    let now = clock()
    let gap = now - shift.lastKeyAt
    if case .rest = overlay {
      // A break is not active time.
    } else if gap > 0 && gap < 60_000 && task != nil {
      countActive(gap)
    }
    shift.lastKeyAt = now
    if key.base == .resize {
      if !isTooSmall { ignoredWhileTooSmall = 0 }
      cache.clear()
      return []
    }
    sheet.place = place
    return dispatch(key)
  }

  /// Gives a key to whatever the input state says takes it.
  func dispatch(_ key: Key) -> [Effect] {
    switch inputState {
    case .tooSmall:
      // While too small to show the work, only quitting and suspending act.
      pendingKeys = []
      if case .action(let a) = keymap.lookup([key], in: [.global]), a == .quit || a == .suspend {
        return perform(a)
      }
      ignoredWhileTooSmall += 1
      return []
    case .rest:
      undoArmedFor = nil
      guard case .rest(let since, let started) = overlay else { return [] }
      return restKey(key, since: since, started: started)
    case .prompt:
      undoArmedFor = nil
      guard case .prompt(let input) = overlay else { return [] }
      return promptKey(key, input)
    case .overlay:
      undoArmedFor = nil
      return overlayKey(key)
    case .textEntry:
      return editorKey(key)
    case .browse(let pane):
      // Options past 9 have letters of their own.
      if pane == .form, pendingKeys.isEmpty, case .char(let c) = key.base, !key.ctrl, !key.alt,
        pickOptionByLetter(c)
      {
        return []
      }
      return lookUp(key, in: [pane.context, .global], unbound: nil) { self.perform($0) }
    }
  }

  /// Looks a key up with the keys typed before it. A prefix that leads nowhere (a
  /// stray g before 1) lets each key act on its own, so the 1 still counts; keys
  /// bound to nothing go to `unbound` (typing, closing an overlay), or are named.
  func lookUp(
    _ key: Key, in contexts: [KeyContext], unbound: (([Key]) -> [Effect])? = nil,
    _ act: (Action) -> [Effect]
  ) -> [Effect] {
    pendingKeys.append(key)
    switch keymap.lookup(pendingKeys, in: contexts) {
    case .pending:
      return []
    case .action(let a):
      pendingKeys = []
      return act(a)
    case .none:
      let typed = pendingKeys
      pendingKeys = []
      if typed.count == 1 && unbound == nil {
        say(unboundMessage(key), .info)
        return []
      }
      var effects: [Effect] = []
      for k in typed {
        if case .action(let a) = keymap.lookup([k], in: contexts) {
          effects += act(a)
        } else if let unbound {
          effects += unbound([k])
        }
      }
      return effects
    }
  }

  /// A key on the help or diff overlay: its section's bindings scroll or close it; any other key closes it.
  func overlayKey(_ key: Key) -> [Effect] {
    let context: KeyContext
    let top: Int
    switch overlay {
    case .help(let s), .feedback(let s): (context, top) = (.help, s)
    case .diff(let s): (context, top) = (.diff, s)
    default: return []
    }
    let page =
      viewport.map { Overlays.rect(overlay, width: $0.width, height: $0.height).height - 2 } ?? 20
    return lookUp(
      key, in: [context],
      unbound: { _ in
        self.overlay = .none
        return []
      }
    ) { a in
      guard let by = Scrolling.step(a, page: page) else {
        self.overlay = .none
        return []
      }
      self.overlay = self.overlay.scrolled(to: Scrolling.apply(by, to: top))
      return []
    }
  }

  /// A key on the prompt line.
  func promptKey(_ key: Key, _ input: LineInput) -> [Effect] {
    var input = input
    let action: Action? =
      if case .action(let a) = keymap.lookup([key], in: [.prompt]) { a } else { nil }
    switch input.apply(action, key: key) {
    case .editing:
      overlay = .prompt(input)
      return []
    case .cancel:
      overlay = .none
      return []
    case .accept(let text):
      overlay = .none
      switch input.purpose {
      case .skipReason: skip(reason: text)
      case .sendBackNote: sendBack(note: text)
      case .search: search(text)
      case .command: return command(text)
      }
      return []
    }
  }

  // MARK: - Time, saving, settling

  /// Call about every 100 ms: saves debounced text edits. Returns whether the screen changed.
  @discardableResult
  public func tick() -> Bool {
    let now = clock()
    var changed = takeTodaysShift()
    if sheet.dirty && (now - sheet.lastEditAt >= 300 || now - sheet.dirtySince >= 800) {
      flushSave()
      changed = true
    }
    // A break's timer moves every second.
    if case .rest(let since, _) = overlay, (now - since) / 1000 != shift.lastRestSecond {
      shift.lastRestSecond = (now - since) / 1000
      changed = true
    }
    // The title shows how many tasks are indexed so far.
    let known = taskCount
    if known.count != lastTaskCount.count || known.complete != lastTaskCount.complete {
      lastTaskCount = known
      changed = true
    }
    return changed
  }

  /// Saves the draft now if it has unsaved changes (and carries out any save asked for).
  public func flushSave() {
    if sheet.dirty { sheet.requestSave() }
    let saves = sheet.saves
    sheet.saves.removeAll()
    _ = carryOut(saves)
  }

  /// Carries out the store's effects (saves, the remembered view); returns the
  /// others, for the terminal's owner. A failed save stops editing.
  func carryOut(_ effects: [Effect]) -> [Effect] {
    let outcome = EffectRunner(store: store).run(effects, stopped: sheet.saveFailure != nil)
    if outcome.saved { savedAt = clock() }
    if let failure = outcome.failure {
      sheet.saveFailure = failure.error
      editor = nil
    }
    for n in outcome.notices { say(n.text, n.kind) }
    return outcome.rest
  }

  /// Text widths changed (the terminal's emoji widths were measured): every laid-out line is stale.
  public func layoutChanged() {
    cache.clear()
    settle()
  }

  /// Resolves scrolling for the viewport: reveals asked for, scrolls clamped to the content.
  func settle() {
    guard let (w, h) = viewport, task != nil, let frame = layout() else { return }
    if let r = frame.panes[.conversation] {
      let inner = Screen.inside(r)
      conversation = conversation.settled(self, width: inner.width, height: inner.height)
    }
    if let r = frame.panes[.candidates], editor == nil || frame.layout == .narrow {
      candidates = candidates.settled(
        self, inner: Screen.inside(r), shown: frame.candidates ?? .single)
    }
    if let r = frame.panes[.form] {
      let inner = Screen.inside(r)
      formPane = formPane.settled(self, width: inner.width, height: inner.height)
    }
    if let r = frame.panes[.answers], let item = reviewItem, var d = desk {
      let inner = Screen.inside(r)
      let n = item.answers.count
      let width = AnswersPane.layout(n, width: inner.width).width
      let longest = item.answers.map { AnswersPane.lines(self, $0, width: width).count }.max() ?? 0
      d.pane.column = min(d.pane.column, max(0, n - 1))
      d.pane.scroll = Scrolling.clamp(d.pane.scroll, lines: longest, height: inner.height - 1)
      desk = d
    }
    switch overlay {
    case .help(let top), .diff(let top), .feedback(let top):
      let inner = Screen.inside(Overlays.rect(overlay, width: w, height: h))
      let n = Overlays.lines(self, overlay, width: inner.width).count
      overlay = overlay.scrolled(to: Scrolling.clamp(top, lines: n, height: inner.height))
    default: break
    }
  }

  /// Where the panes are at the viewport now, or nil before the runner has said its size.
  func layout() -> Screen.Frame? {
    viewport.map { Screen.frame(self, width: $0.width, height: $0.height) }
  }
}
