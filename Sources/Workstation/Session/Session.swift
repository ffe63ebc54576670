import Annotation
import Codecs
import Commands
import Platform
import Reports
import Shift
import TaskStore
import TerminalKit
import TextKit
import Worksheet

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
  /// Letters no pane or global binding uses, for options past 9 (see `FormPane.optionKeys`).
  let freeLetters: [Character]

  /// The task on screen, its answers, and moving through the store.
  let flow: TaskFlow
  public var focus: Pane = .candidates
  var conversation = ConversationPane()
  var candidates = CandidatesPane()
  var formPane = FormPane()
  public internal(set) var editor: EditorPane?
  public internal(set) var overlay: Overlay = .none
  /// What earlier keys left waiting for later ones.
  var pending = Pending()
  /// What the title and status lines track between frames.
  var indicators = Indicators()

  /// The terminal's size, when the runner knows it: the layout is settled for it,
  /// and keys are ignored while it is too small.
  public var viewport: (width: Int, height: Int)? {
    didSet { settle() }
  }
  let cache = RenderCache()

  /// Today's active time so far (earlier runs' and this one's).
  public var shiftActiveMs: Int { flow.shift.activeMs }
  /// Active milliseconds since the last break (or the start of the session).
  public var sinceBreakMs: Int { flow.shift.sinceBreakMs }
  /// When the last save was carried out, on the session's clock (the status line says "saved").
  public var savedAt: Int? { indicators.savedAt }
  /// Keys ignored since the terminal became too small (the too-small screen counts them).
  public var ignoredWhileTooSmall: Int { indicators.ignoredWhileTooSmall }
  /// Control characters and escapes in the task as drawn.
  public var hostileCount: Int { flow.masking.hostileCount }
  /// The annotator's own settings at work.
  public var wellbeing: Wellbeing { flow.masking.wellbeing }
  /// The task as drawn: masked parts replaced by placeholders.
  var shown: ChatTask? { flow.masking.shown }
  /// The session's monotonic clock, in milliseconds.
  var clock: () -> Int { flow.clocks.monotonic }

  /// Opens a session on a store where the annotator left off; with `review`, the
  /// review screen over those tasks (the store opened with `asReviewer`).
  public init(
    store: Store, keymap: Keymap, title: String, review items: [ReviewItem]? = nil,
    wellbeing: Wellbeing = Wellbeing(),
    clock: @escaping () -> Int = Session.monotonicMs, wall: @escaping () -> Date = Date.init
  ) {
    self.store = store
    self.keymap = keymap
    freeLetters = "abcdefghijklmnopqrstuvwxyz".filter {
      if case .none = keymap.lookup([.char($0)], in: [.form, .global]) { return true }
      return false
    }
    self.title = title
    flow = TaskFlow(
      store: store, keymap: keymap, clocks: Clocks(monotonic: clock, wall: wall),
      wellbeing: wellbeing,
      desk: items.map { ReviewDesk(items: $0, submitKey: keymap.keyName(for: .submit)) })
    candidates.view = ViewPrefs.load(store)
    var loads: [Effect] = [.load(.flaggedCategories)]
    if let items {
      flow.nav.queue = items.map(\.position)
    } else {
      // A team store shows the annotator's queue only (computing it reads every task id).
      flow.nav.queue = store.queue(for: store.annotator)
      // What reviewers said about this annotator's answers.
      loads.append(.load(.feedback))
    }
    // The shift clock starts from today's active time, so a reopen continues the shift.
    loads.append(.load(.todaysShift(today: flow.today, perCategory: !wellbeing.limits.isEmpty)))
    _ = carryOut(loads)
    let back = flow.sentBackFirst()
    flow.openInitialTask()
    follow()
    flow.sheet.notice = StartupNotice.make(store) ?? back
  }

  /// Milliseconds on a monotonic clock.
  public static func monotonicMs() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }

  // MARK: - What the panes read

  public var task: ChatTask? { flow.sheet.task }
  public var form: Form { flow.sheet.form }
  public var draft: Annotation { flow.sheet.draft }
  public var notice: Notice? { flow.sheet.notice }
  public var saveFailure: StoreError? { flow.sheet.saveFailure }
  var taskError: LineError? { flow.sheet.taskError }
  /// Candidate ids in screen order.
  public var order: [String] { flow.sheet.order }
  /// The focused candidate's id.
  public var focusedCandidate: String? { flow.sheet.focusedCandidate }
  /// The focused candidate's place in the order shown.
  public var candidateIndex: Int { flow.sheet.candidate }
  /// The validation report of the current draft.
  public var validation: ValidationReport? { flow.sheet.validation }
  var focusedQuestion: Question? { formPane.focused(form) }
  /// The task on screen's answers (the flow's sheet), for readers.
  var sheet: Sheet { flow.sheet }
  /// The 0-based position of the task on screen.
  public var position: Int { flow.nav.position }
  /// The number of tasks known so far, and whether that is all of them.
  public var taskCount: (count: Int, complete: Bool) { (store.count, store.isIndexed) }

  /// Whether the terminal, as last reported, is too small to show the work.
  var isTooSmall: Bool {
    viewport.map { Screen.Layout.of(width: $0.width, height: $0.height) == .tooSmall } ?? false
  }

  func say(_ text: String, _ kind: Notice.Kind = .info) { flow.sheet.say(text, kind) }

  /// Puts a warning from outside the session on the message line (what starting the terminal changed).
  public func warn(_ text: String) { flow.sheet.say(text, .warning) }

  /// The term searched for, highlighted in the panes.
  var searchTerm: String? { pending.search.term }

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
    if let n = flow.sheet.notice, n.kind != .error, n.blockers.isEmpty, key.base != .resize {
      flow.sheet.notice = nil
    }
    var effects = route(key)
    follow()
    if let n = flow.sheet.notice, !n.blockers.isEmpty {
      let open = Set(validation?.issues.map(\.key) ?? [])
      if n.blockers.allSatisfy({ !open.contains($0) }) { flow.sheet.notice = nil }
    }
    settle()
    effects.insert(contentsOf: flow.sheet.saves, at: 0)
    flow.sheet.saves.removeAll()
    return effects
  }

  func route(_ key: Key) -> [Effect] {
    // A break is not active time.
    if let gap = flow.shift.keyArrived(at: clock()), task != nil, overlay.countsAsWork {
      flow.countActive(gap)
    }
    if key.base == .resize {
      if !isTooSmall { indicators.ignoredWhileTooSmall = 0 }
      cache.clear()
      return []
    }
    flow.sheet.place = place
    return dispatch(key)
  }

  /// Gives a key to whatever the input state says takes it.
  func dispatch(_ key: Key) -> [Effect] {
    switch inputState {
    case .tooSmall:
      // While too small to show the work, only quitting and suspending act.
      pending.keys = []
      if case .action(let a) = keymap.lookup([key], in: [.global]), a == .quit || a == .suspend {
        return perform(a)
      }
      indicators.ignoredWhileTooSmall += 1
      return []
    case .rest:
      flow.undoArmedFor = nil
      guard case .rest(let since, let started) = overlay else { return [] }
      return restKey(key, since: since, started: started)
    case .prompt:
      flow.undoArmedFor = nil
      guard case .prompt(let input) = overlay else { return [] }
      return promptKey(key, input)
    case .overlay:
      flow.undoArmedFor = nil
      return overlayKey(key)
    case .textEntry:
      return editorKey(key)
    case .browse(let pane):
      // Options past 9 have letters of their own.
      if pane == .form, pending.keys.isEmpty, case .char(let c) = key.base, !key.ctrl, !key.alt,
        formPane.pick(letter: c, free: freeLetters, sheet: &flow.sheet, now: clock())
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
    pending.keys.append(key)
    switch keymap.lookup(pending.keys, in: contexts) {
    case .pending:
      return []
    case .action(let a):
      pending.keys = []
      return act(a)
    case .none:
      let typed = pending.keys
      pending.keys = []
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

  /// A key on the help, diff or feedback overlay: its section's bindings scroll it; any other key closes it.
  func overlayKey(_ key: Key) -> [Effect] {
    guard let context = overlay.keyContext else { return [] }
    let page =
      viewport.map { Overlays.rect(overlay, width: $0.width, height: $0.height).height - 2 } ?? 20
    return lookUp(
      key, in: [context],
      unbound: { _ in
        self.overlay = .none
        return []
      }
    ) { a in
      self.overlay = self.overlay.after(a, page: page)
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
      case .skipReason: flow.skip(reason: text)
      case .sendBackNote: sendBack(note: text)
      case .search: search(text)
      case .command: return lineCommand(text)
      }
      return []
    }
  }

  // MARK: - Time, saving, settling

  /// Call about every 100 ms: saves debounced text edits. Returns whether the screen changed.
  @discardableResult
  public func tick() -> Bool {
    let now = clock()
    var changed = flow.shift.takeEarlier()
    if flow.sheet.dirty
      && (now - flow.sheet.lastEditAt >= 300 || now - flow.sheet.dirtySince >= 800)
    {
      flushSave()
      changed = true
    }
    // A break's timer moves every second.
    if case .rest(let since, _) = overlay, (now - since) / 1000 != flow.shift.lastRestSecond {
      flow.shift.lastRestSecond = (now - since) / 1000
      changed = true
    }
    // The title shows how many tasks are indexed so far.
    let known = taskCount
    let last = indicators.lastTaskCount
    if known.count != last.count || known.complete != last.complete {
      indicators.lastTaskCount = known
      changed = true
    }
    return changed
  }

  /// Saves the draft now if it has unsaved changes (and carries out any save asked for).
  public func flushSave() {
    if flow.sheet.dirty { flow.sheet.requestSave() }
    let saves = flow.sheet.saves
    flow.sheet.saves.removeAll()
    _ = carryOut(saves)
  }

  /// Carries out the store's effects (saves, the remembered view); returns the
  /// others, for the terminal's owner. A failed save stops editing.
  func carryOut(_ effects: [Effect]) -> [Effect] {
    let outcome = EffectRunner(store: store).run(effects, stopped: flow.sheet.saveFailure != nil)
    if outcome.saved { indicators.savedAt = clock() }
    for loaded in outcome.loaded { flow.receive(loaded) }
    if let failure = outcome.failure {
      flow.sheet.saveFailure = failure.error
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
    guard let (w, h) = viewport, task != nil else { return }
    let scene = self.scene
    let frame = Screen.frame(scene, width: w, height: h)
    if let r = frame.panes[.conversation] {
      let inner = Screen.inside(r)
      conversation = conversation.settled(scene, width: inner.width, height: inner.height)
    }
    if let r = frame.panes[.candidates], editor == nil || frame.layout == .narrow {
      candidates = candidates.settled(
        scene, inner: Screen.inside(r), shown: frame.candidates ?? .single)
    }
    if let r = frame.panes[.form] {
      let inner = Screen.inside(r)
      formPane = formPane.settled(scene, width: inner.width, height: inner.height)
    }
    if let r = frame.panes[.answers], let pane = flow.review.desk?.pane {
      flow.review.desk?.pane = pane.settled(scene, inner: Screen.inside(r))
    }
    switch overlay {
    case .help(let top), .diff(let top), .feedback(let top):
      let inner = Screen.inside(Overlays.rect(overlay, width: w, height: h))
      let n = Overlays.lines(scene, overlay, width: inner.width).count
      overlay = overlay.scrolled(to: Scrolling.clamp(top, lines: n, height: inner.height))
    default: break
    }
  }

  /// Where the panes are at the viewport now, or nil before the runner has said its size.
  func layout() -> Screen.Frame? {
    viewport.map { Screen.frame(scene, width: $0.width, height: $0.height) }
  }
}
