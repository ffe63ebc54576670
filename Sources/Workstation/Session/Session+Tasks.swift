import Annotation
import Foundation
import TaskStore
import TerminalKit

/// Which task is on screen: opening where the annotator left off, moving, filtering.
extension Session {
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
    sheet.taskError = LineError(
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
      let status = annotation(for: decoded.task.id)?.status ?? .draft
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
    // Typed text not saved yet is saved with the rest of this key's effects.
    if sheet.dirty { sheet.requestSave() }
    let t = decoded.task
    sheet.task = t
    sheet.taskError = nil
    sheet.repaired = decoded.repaired
    sheet.pos = pos
    if let p = position {
      self.position = p
    } else if let i = store.index(of: t.id) {
      self.position = i
    }
    sheet.form = store.form(for: t)
    if let saved = savedAnnotation(for: t.id) {
      sheet.draft = saved
    } else {
      let seed = PresentationOrder.seed(annotator: store.annotator, taskId: t.id)
      let stamp = Timestamp.now()
      sheet.draft = Annotation(
        taskId: t.id, annotator: store.annotator,
        orderShown: PresentationOrder.shuffle(t.candidates.map(\.id), seed: seed),
        seed: seed, created: stamp, updated: stamp, formVersion: form.version)
    }
    // Candidates added or removed since the order was recorded still show.
    let ids = t.candidates.map(\.id)
    if Set(sheet.draft.orderShown) != Set(ids) {
      sheet.draft.orderShown =
        sheet.draft.orderShown.filter(ids.contains) + ids.filter { !sheet.draft.orderShown.contains($0) }
    }
    hostileCount = ([t.instructions ?? ""] + t.context.map(\.content) + t.candidates.map(\.text))
      .reduce(0) { $0 + Sanitizer.hostileCount($1) }
    cache.clear()
    sheet.candidate = 0
    // Clamped: a journal written elsewhere may hold any number here.
    let turn = min(
      max(0, draft.answers.values.compactMap(\.turn).first ?? t.context.count - 1), max(0, t.context.count - 1))
    conversation = ConversationPane(turn: turn)
    candidates = CandidatesPane(view: candidates.view, linked: candidates.linked)
    formPane = FormPane()
    editor = nil
    overlay = .none
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
      if sheet.dirty { sheet.requestSave() }
      sheet.task = nil
      // No answers of the task before may show beside the error.
      sheet.draft = Annotation(taskId: "", annotator: store.annotator)
      sheet.taskError = error
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
    return annotation(for: id)?.status
  }

  /// The latest answers to a task: the draft on screen, a save not yet carried out, or the store's.
  func annotation(for id: String) -> Annotation? {
    task?.id == id ? draft : savedAnnotation(for: id)
  }

  /// A task's answers as saved: by a save not yet carried out, or in the store.
  func savedAnnotation(for id: String) -> Annotation? {
    if let pending = sheet.saves.last(where: { if case .save(let r) = $0 { r.annotation.taskId == id } else { false } }),
      case .save(let r) = pending
    {
      return r.annotation
    }
    return store.annotation(for: id)
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


  /// Goes to the task with an id, indexing first.
  func goToTask(id: String) {
    store.indexNow()
    if let i = store.index(of: id) { go(to: i) }
  }

  /// What "all done" means here: how many submitted and skipped, and how to see the skipped ones.
  func allDone() -> String {
    store.indexNow()
    var submitted = 0
    var skipped = 0
    for i in 0..<store.count {
      switch status(ofTaskAt: i) {
      case .submitted: submitted += 1
      case .skipped: skipped += 1
      default: break
      }
    }
    let seeSkipped = skipped > 0 ? " (:filter skipped to see them)" : ""
    return "All done: \(submitted) submitted, \(skipped) skipped\(seeSkipped)."
  }
}
