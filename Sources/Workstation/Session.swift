import Annotation
import Foundation
import TaskStore
import TerminalKit
import TextKit

/// The panes of the workstation.
public enum Pane: Int, Sendable, CaseIterable {
  case conversation, candidates, form

  var title: String {
    switch self {
    case .conversation: return "Conversation"
    case .candidates: return "Candidates"
    case .form: return "Form"
    }
  }

  var context: KeyContext {
    switch self {
    case .conversation: return .conversation
    case .candidates: return .candidates
    case .form: return .form
    }
  }
}

/// What the runner must do for the session: things only the terminal owner can do.
public enum Effect: Sendable, Equatable {
  case quit
  case suspend
  /// Hand the text to $VISUAL/$EDITOR and call `finishExternalEdit` with the result.
  case externalEdit(String)
}

/// A one-line prompt at the bottom of the screen.
public struct LineInput: Sendable, Equatable {
  public enum Purpose: Sendable, Equatable { case command, search, skipReason }
  public var purpose: Purpose
  public var editor = TextEditor("")
}

/// An overlay drawn over the panes.
public enum Overlay: Sendable, Equatable {
  case none
  case help(scroll: Int)
  case diff(scroll: Int)
  case prompt(LineInput)
}

/// The built-in editor while it is open.
public struct EditorState: Sendable, Equatable {
  public var key: AnswerKey
  public var title: String
  public var editor: TextEditor
  /// The candidate's original text, for a rewrite's live diff.
  public var original: String?
  /// Vim-like maps start in normal mode.
  public var insertMode: Bool
}

/// A message on the message line.
public struct Notice: Sendable, Equatable {
  public enum Kind: Sendable { case info, warning, error }
  public var text: String
  public var kind: Kind
  /// The answers whose problems the notice is about; once none has a problem, it goes.
  public var blockers: [AnswerKey] = []
}

/// The workstation: the current task, its draft, focus, scroll and overlays.
///
/// Keys go in through `handle`, time through `tick`; every change to an answer
/// is an `Edit` recorded in the task's `History` and saved to the journal
/// (text is debounced, everything else at once). `Screen.render` draws it.
public final class Session {
  public let store: Store
  public let keymap: Keymap
  /// Letters no pane or global binding uses, for options past 9 (see `optionKeys`).
  let freeLetters: [Character]
  public let title: String
  let clock: () -> Int

  public internal(set) var position = 0
  public internal(set) var task: Task?
  public internal(set) var taskError: LineError?
  public internal(set) var repaired = false
  public internal(set) var hostileCount = 0
  var taskPos: TaskPosition?
  public internal(set) var form: Form
  public internal(set) var draft: Annotation
  /// Undo and redo across tasks.
  var ledger = UndoLedger()

  public var focus: Pane = .candidates
  var scroll: [Pane: Int] = [:]
  var sideScroll: [Pane: Int] = [:]
  public internal(set) var candidateIndex = 0
  public internal(set) var questionIndex = 0
  public internal(set) var optionIndex = 0
  public internal(set) var turnIndex = 0
  public internal(set) var editor: EditorState?
  public internal(set) var overlay: Overlay = .none
  var pendingKeys: [Key] = []
  public internal(set) var notice: Notice?
  public var searchTerm: String?
  /// Which match of `searchTerm` is shown (0-based).
  var searchMatch = 0
  public var filter: Status?
  var filterUnfinished = false
  /// The answer an external editor is working on.
  var externalKey: AnswerKey?
  /// Scroll the conversation to the focused turn at the next render.
  var turnScrollPending = false
  /// Scroll to a search hit at the next render.
  var searchScrollPending: (pane: Pane, message: Int)?

  // Saving and time.
  var dirty = false
  var dirtySince = 0
  var lastEditAt = 0
  var lastKeyAt: Int
  var taskOpenedAt: Int
  public internal(set) var shiftActiveMs = 0
  public internal(set) var saveFailure: StoreError?
  public internal(set) var savedAt: Int?

  /// The task count the screen last showed.
  var lastTaskCount = (count: -1, complete: false)

  /// The task whose submit an undo is waiting to be confirmed for (a second `u`).
  var undoArmedFor: String?

  /// The terminal's size, when the runner knows it: keys are ignored while it is too small.
  public var viewport: (width: Int, height: Int)?
  /// Whether the terminal, as last reported, is too small to show the work.
  var isTooSmall: Bool {
    viewport.map { Screen.Layout.of(width: $0.width, height: $0.height) == .tooSmall } ?? false
  }
  /// Keys ignored since the terminal became too small (the too-small screen counts them).
  public internal(set) var ignoredWhileTooSmall = 0

  /// Page sizes from the last render, for paging.
  var viewHeights: [Pane: Int] = [:]
  let cache = RenderCache()

  /// Opens a session on a store at its first unfinished (or last touched) task.
  public init(
    store: Store, keymap: Keymap, title: String, clock: @escaping () -> Int = Session.monotonicMs
  ) {
    self.store = store
    self.keymap = keymap
    freeLetters = "abcdefghijklmnopqrstuvwxyz".filter {
      if case .none = keymap.lookup([.char($0)], in: [.form, .global]) { return true }
      return false
    }
    self.title = title
    self.clock = clock
    form = store.config.form
    draft = Annotation(taskId: "", annotator: store.annotator)
    let now = clock()
    lastKeyAt = now
    taskOpenedAt = now
    openInitialTask()
    let aside = store.journal.setAside
    if let r = store.journal.recovery {
      let verb = r.movedTo == nil ? "Journal has a torn last record" : "Journal repaired"
      notice = Notice(text: "\(verb): \(r)", kind: .warning)
    } else if !aside.isEmpty {
      let tasks = Array(Set(aside.compactMap(\.taskId))).sorted()
      let named =
        tasks.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        + (tasks.count > 3 ? " and \(tasks.count - 3) more" : "")
      let which = tasks.isEmpty ? "" : " (tasks \(named))"
      let lines =
        aside.prefix(3).map { String($0.line) }.joined(separator: ", ")
        + (aside.count > 3 ? "…" : "")
      notice = Notice(
        text:
          "\(aside.count) damaged journal record\(aside.count == 1 ? "" : "s") set aside\(which), line \(lines); every other record counts. rubric check lists them",
        kind: .warning)
    } else if store.readOnly {
      notice = Notice(
        text: "Read-only: this store cannot be written here, so nothing will be saved",
        kind: .warning)
    }
  }

  /// Milliseconds on a monotonic clock.
  public static func monotonicMs() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }

  // MARK: - Tasks

  func openInitialTask() {
    // Reopen where the annotator left off, straight from the recorded position.
    if let last = store.journal.lastRecord, let pos = last.pos,
      let found = store.task(at: pos, id: last.annotation.taskId)
    {
      // The task last worked on if it is unfinished; after a submit or a skip, the
      // next unfinished task after it (read on from its line, without the index).
      if last.annotation.status == .draft {
        load(found.task, pos: pos, position: nil)
      } else if let next = nextUnfinished(after: pos) {
        load(next.task, pos: next.pos, position: nil)
      } else {
        load(found.task, pos: pos, position: nil)
      }
      return
    }
    if let first = store.firstTask() {
      do {
        let decoded = try store.task(first.file, first.entry)
        load(
          decoded,
          pos: TaskPosition(
            file: first.file.name, offset: first.entry.offset, length: first.entry.length),
          position: 0)
      } catch {
        store.indexNow()
        go(to: 0)
      }
      return
    }
    taskError = LineError(
      file: "tasks", line: 0, field: "",
      message: "this store has no tasks yet; add some with: rubric import \(store.root.path) FILE")
  }

  /// The first unfinished task after a position, reading lines onward (into the
  /// following files) without waiting for the index; gives up after `limit` tasks.
  func nextUnfinished(after pos: TaskPosition, limit: Int = 2_000) -> (
    task: DecodedTask, pos: TaskPosition
  )? {
    guard var fileIndex = store.files.firstIndex(where: { $0.name == pos.file }) else { return nil }
    var offset = pos.offset + UInt64(pos.length) + 1
    for _ in 0..<limit {
      let file = store.files[fileIndex]
      guard let e = file.entry(startingAt: offset) else {
        fileIndex += 1
        guard fileIndex < store.files.count else { return nil }
        offset = 0
        continue
      }
      offset = e.offset + UInt64(e.length) + 1
      guard let decoded = try? store.task(file, e) else { continue }
      let status = store.annotation(for: decoded.task.id)?.status ?? .draft
      if status == .draft {
        return (decoded, TaskPosition(file: file.name, offset: e.offset, length: e.length))
      }
    }
    return nil
  }

  /// The number of tasks known so far, and whether that is all of them.
  public var taskCount: (count: Int, complete: Bool) { (store.count, store.isIndexed) }

  /// The 0-based position of the current task; resolved lazily when it was opened by id.
  var resolvedPosition: Int? {
    if let id = task?.id, let i = store.index(of: id) { return i }
    return store.isIndexed ? position : (store.count > position ? position : nil)
  }

  func load(_ decoded: DecodedTask, pos: TaskPosition, position: Int?) {
    flushSave()
    let t = decoded.task
    task = t
    taskError = nil
    repaired = decoded.repaired
    taskPos = pos
    if let p = position {
      self.position = p
    } else if let i = store.index(of: t.id) {
      self.position = i
    }
    form = store.form(for: t)
    let now = clock()
    if let saved = store.annotation(for: t.id) {
      draft = saved
    } else {
      let seed = PresentationOrder.seed(annotator: store.annotator, taskId: t.id)
      let stamp = Timestamp.now()
      draft = Annotation(
        taskId: t.id, annotator: store.annotator,
        orderShown: PresentationOrder.shuffle(t.candidates.map(\.id), seed: seed),
        seed: seed, created: stamp, updated: stamp, formVersion: form.version)
    }
    // Candidates added or removed since the order was recorded still show.
    let ids = t.candidates.map(\.id)
    if Set(draft.orderShown) != Set(ids) {
      draft.orderShown =
        draft.orderShown.filter(ids.contains) + ids.filter { !draft.orderShown.contains($0) }
    }
    hostileCount = ([t.instructions ?? ""] + t.context.map(\.content) + t.candidates.map(\.text))
      .reduce(0) {
        $0 + Sanitizer.hostileCount($1)
      }
    cache.clear()
    scroll = [:]
    sideScroll = [:]
    candidateIndex = 0
    questionIndex = 0
    optionIndex = 0
    // Clamped: a journal written elsewhere may hold any number here.
    turnIndex = min(
      max(0, draft.answers.values.compactMap(\.turn).first ?? t.context.count - 1),
      max(0, t.context.count - 1))
    editor = nil
    overlay = .none
    taskOpenedAt = now
    focus = t.candidates.isEmpty ? (hasTurnQuestion ? .conversation : .form) : .candidates
  }

  var hasTurnQuestion: Bool { form.questions.contains { $0.kind == .turn } }

  /// Opens the task at a 0-based position (indexing first if needed).
  public func go(to index: Int) {
    if index >= store.count && !store.isIndexed { store.indexNow() }
    guard index >= 0 && index < store.count else { return }
    do {
      let decoded = try store.task(at: index)
      guard let (file, e) = store.entry(at: index) else { return }
      load(
        decoded, pos: TaskPosition(file: file.name, offset: e.offset, length: e.length),
        position: index)
    } catch {
      flushSave()
      task = nil
      // No answers of the task before may show beside the error.
      draft = Annotation(taskId: "", annotator: store.annotator)
      taskError = error
      position = index
      editor = nil
      overlay = .none
    }
  }

  /// The status of a task for this annotator.
  func status(ofTaskAt i: Int) -> Status? {
    guard let (file, e) = store.entry(at: i) else { return nil }
    var id = e.id
    if id.isEmpty, let t = try? store.task(file, e) { id = t.task.id }
    return store.annotation(for: id)?.status
  }

  func matchesFilter(_ i: Int) -> Bool {
    let s = status(ofTaskAt: i)
    if filterUnfinished { return s != .submitted && s != .skipped }
    guard let f = filter else { return true }
    return (s ?? .draft) == f
  }

  /// Moves by `step` tasks, honouring the filter.
  func move(_ step: Int) {
    let here = resolvedPosition ?? position
    if step > 0 && here + 1 >= store.count && !store.isIndexed { store.indexNow() }
    var i = here + step
    while i >= 0 && i < store.count {
      if matchesFilter(i) {
        go(to: i)
        return
      }
      i += step
    }
    say(step > 0 ? "This is the last task\(filterLabel)" : "This is the first task\(filterLabel)")
  }

  var filterLabel: String {
    if filterUnfinished { return " (filter: unfinished)" }
    return filter.map { " (filter: \($0.rawValue))" } ?? ""
  }

  /// Goes to the next task not yet submitted or skipped, after the current one, wrapping.
  @discardableResult
  func nextUnfinished() -> Bool {
    store.indexNow()
    let n = store.count
    guard n > 0 else { return false }
    let here = resolvedPosition ?? position
    for step in 1...n {
      let i = (here + step) % n
      let s = status(ofTaskAt: i)
      if s != .submitted && s != .skipped && i != here {
        go(to: i)
        return true
      }
    }
    return false
  }

  // MARK: - Messages

  func say(_ text: String, _ kind: Notice.Kind = .info) {
    // Once saving has failed, that error stays on screen: news about the key that
    // triggered it ("A at rank 1") must not hide it.
    if saveFailure != nil && kind != .error { return }
    notice = Notice(text: text, kind: kind)
  }

  /// Candidate ids in screen order.
  public var order: [String] { draft.orderShown }

  /// The focused candidate's id.
  public var focusedCandidate: String? {
    order.indices.contains(candidateIndex) ? order[candidateIndex] : nil
  }

  /// The validation report of the current draft.
  public var validation: ValidationReport? {
    guard let t = task else { return nil }
    return form.validate(draft, task: t)
  }

  // MARK: - Time and saving

  /// Call about every 100 ms: saves debounced text edits. Returns whether the screen changed.
  @discardableResult
  public func tick() -> Bool {
    let now = clock()
    var changed = false
    if dirty && (now - lastEditAt >= 300 || now - dirtySince >= 800) {
      flushSave()
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

  /// Saves the draft now if it has unsaved changes.
  public func flushSave() {
    guard dirty else { return }
    save()
  }

  func save() {
    dirty = false
    guard task != nil, saveFailure == nil, !store.readOnly else { return }
    draft.updated = Timestamp.now()
    // Each save records the form version it was made under.
    draft.formVersion = form.version
    do {
      try store.save(draft, pos: taskPos)
      savedAt = clock()
    } catch let e as StoreError {
      saveFailure = e
      editor = nil
      guard case .storeGone = e else {
        say("\(e)", .error)
        return
      }
      // The store went away under us: keep the unsaved answer outside it.
      let record = JournalRecord(annotation: draft, pos: taskPos)
      do {
        let url = try Rescue.save(
          record, journal: store.journal, store: store.root.lastPathComponent)
        say("\(e). Your unsaved answer is in \(url.path)", .error)
      } catch {
        say("\(e). The unsaved answer could not be rescued either: \(error)", .error)
      }
    } catch {
      saveFailure = .invalid("\(error)")
      say("cannot save: \(error)", .error)
    }
  }

  func markDirty(now: Int) {
    if !dirty { dirtySince = now }
    dirty = true
    lastEditAt = now
  }

  /// Whether edits are refused (read-only store or a failed write), saying why.
  func refuseEdit() -> Bool {
    if let f = saveFailure {
      say("Editing has stopped: \(f)", .error)
      return true
    }
    if store.readOnly {
      say("Read-only: this store cannot be changed here", .warning)
      return true
    }
    if task == nil {
      say("No task to edit", .warning)
      return true
    }
    return false
  }

  /// Records edits on the current task: history, undo order, and the journal.
  func record(_ edits: [Edit], text: Bool = false) {
    guard let t = task else { return }
    let edits = edits.filter { !$0.isNoOp }
    guard !edits.isEmpty else { return }
    let now = clock()
    ledger.record(edits, task: t.id, at: now, on: &draft, sealed: !text)
    markDirty(now: now)
    if !text { save() }
  }

  // MARK: - Keys

  /// Handles one key and returns what the runner must do.
  /// While the terminal is too small to show the work, only quitting and
  /// suspending act: any other key would change work the annotator cannot see.
  func handleTooSmall(_ key: Key) -> [Effect] {
    pendingKeys = []
    switch keymap.lookup([key], in: [.global]) {
    case .action(.quit): return perform(.quit)
    case .action(.suspend): return perform(.suspend)
    default:
      ignoredWhileTooSmall += 1
      return []
    }
  }

  /// Handles one key. A notice goes when its cause does: an informational one at
  /// the next key, a "cannot submit" as soon as the answers it named are fixed.
  public func handle(_ key: Key) -> [Effect] {
    if notice?.kind == .info && key.base != .resize { notice = nil }
    let effects = handleKey(key)
    if let n = notice, !n.blockers.isEmpty {
      let open = Set(validation?.issues.map(\.key) ?? [])
      if n.blockers.allSatisfy({ !open.contains($0) }) { notice = nil }
    }
    return effects
  }

  func handleKey(_ key: Key) -> [Effect] {
    let now = clock()
    let gap = now - lastKeyAt
    if gap > 0 && gap < 60_000 && task != nil {
      draft.activeMs += gap
      shiftActiveMs += gap
    }
    lastKeyAt = now
    if key.base == .resize {
      if !isTooSmall { ignoredWhileTooSmall = 0 }
      cache.clear()
      return []
    }
    if isTooSmall { return handleTooSmall(key) }
    if case .prompt(let input) = overlay { return handlePrompt(key, input) }
    if let ed = editor { return handleEditor(key, ed) }
    if case .help = overlay {
      if key == .char("j") || key == .down { return scrollOverlay(1) }
      if key == .char("k") || key == .up { return scrollOverlay(-1) }
      if key == .pageDown || key == .space { return scrollOverlay(10) }
      if key == .pageUp { return scrollOverlay(-10) }
      if keymap.lookup([key], in: [.global]) == .action(.quit) {
        overlay = .none
        return []
      }
      overlay = .none
      return []
    }
    if case .diff = overlay {
      if key == .char("j") || key == .down { return scrollOverlay(1) }
      if key == .char("k") || key == .up { return scrollOverlay(-1) }
      if key == .pageDown || key == .space { return scrollOverlay(10) }
      if key == .pageUp { return scrollOverlay(-10) }
      overlay = .none
      return []
    }
    // Options past 9 have letters of their own.
    if focus == .form, pendingKeys.isEmpty, case .char(let c) = key.base, !key.ctrl, !key.alt,
      pickOptionByLetter(c)
    {
      return []
    }
    // Typing on a focused text question writes into it instead of running commands.
    if focus == .form, pendingKeys.isEmpty, case .char = key.base, key.typedText != nil,
      let q = focusedQuestion, q.kind.isTextual
    {
      if q.kind == .rewrite { openRewrite() } else { openEditor(for: q) }
      if let ed = editor { return handleEditor(key, ed) }
      return []
    }
    pendingKeys.append(key)
    switch keymap.lookup(pendingKeys, in: [focus.context, .global]) {
    case .pending:
      return []
    case .none:
      let typed = pendingKeys
      pendingKeys = []
      if typed.count == 1 {
        say("\(key) does nothing here; press ? for help", .info)
        return []
      }
      // A prefix that led nowhere (a stray g before 1): each key acts on its own,
      // so the 1 still ranks; a key that is only a prefix is dropped.
      var effects: [Effect] = []
      for k in typed {
        if case .action(let a) = keymap.lookup([k], in: [focus.context, .global]) {
          effects += perform(a)
        }
      }
      return effects
    case .action(let a):
      pendingKeys = []
      return perform(a)
    }
  }

  func scrollOverlay(_ by: Int) -> [Effect] {
    switch overlay {
    case .help(let s): overlay = .help(scroll: max(0, s + by))
    case .diff(let s): overlay = .diff(scroll: max(0, s + by))
    default: break
    }
    return []
  }
}
