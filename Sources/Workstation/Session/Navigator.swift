import Annotation
import TaskStore

/// Where the annotator is in the store and which task comes next: reads the
/// store and answers "which task", never opening one itself.
///
/// Statuses come from `status`, which the session answers from the draft on
/// screen, saves not yet carried out, and the store, in that order.
struct Navigator {
  let store: Store
  /// The 0-based position of the task on screen.
  var position = 0
  /// `n` and `p` visit only tasks with this status…
  var filter: Status?
  /// …or only tasks neither submitted nor skipped.
  var unfinishedOnly = false

  /// A task to open: its decoded line, where it is, and its position when known.
  struct Target {
    var task: DecodedTask
    var pos: TaskPosition
    var index: Int?
  }

  /// Where to reopen: the task last worked on if unfinished; after a submit or
  /// a skip, the next unfinished one after it (read on from its line, no index needed).
  func initial(status: (String) -> Status?) -> Target? {
    if let last = store.journal.lastRecord, let pos = last.pos,
      let found = store.task(at: pos, id: last.annotation.taskId)
    {
      let here = Target(task: found.task, pos: pos, index: nil)
      guard last.annotation.status != .draft else { return here }
      return nextUnfinished(after: pos, status: status) ?? here
    }
    guard let first = store.firstTask(), let decoded = try? store.task(first.file, first.entry) else { return nil }
    let pos = TaskPosition(file: first.file.name, offset: first.entry.offset, length: first.entry.length)
    return Target(task: decoded, pos: pos, index: 0)
  }

  /// The first unfinished task after a position, reading lines onward (into the
  /// following files) without waiting for the index; gives up after `limit` tasks.
  func nextUnfinished(after pos: TaskPosition, limit: Int = 2_000, status: (String) -> Status?) -> Target? {
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
      if (status(decoded.task.id) ?? .draft) == .draft {
        return Target(task: decoded, pos: TaskPosition(file: file.name, offset: e.offset, length: e.length), index: nil)
      }
    }
    return nil
  }

  /// The task at a 0-based position, or why it cannot be read.
  func target(at index: Int) -> Result<Target, LineError>? {
    if index >= store.count && !store.isIndexed { store.indexNow() }
    guard index >= 0 && index < store.count, let (file, e) = store.entry(at: index) else { return nil }
    do {
      let decoded = try store.task(at: index)
      return .success(Target(task: decoded, pos: TaskPosition(file: file.name, offset: e.offset, length: e.length), index: index))
    } catch {
      return .failure(error)
    }
  }

  /// The status of the task at a position.
  func status(ofTaskAt i: Int, _ status: (String) -> Status?) -> Status? {
    guard let (file, e) = store.entry(at: i) else { return nil }
    var id = e.id
    if id.isEmpty, let t = try? store.task(file, e) { id = t.task.id }
    return status(id)
  }

  /// Whether the filter shows the task at a position.
  func matches(_ i: Int, _ status: (String) -> Status?) -> Bool {
    let s = self.status(ofTaskAt: i, status)
    if unfinishedOnly { return s != .submitted && s != .skipped }
    guard let f = filter else { return true }
    return (s ?? .draft) == f
  }

  /// The position `step` tasks on from `here` that the filter shows; nil at either end.
  func step(from here: Int, by step: Int, _ status: (String) -> Status?) -> Int? {
    if step > 0 && here + 1 >= store.count && !store.isIndexed { store.indexNow() }
    var i = here + step
    while i >= 0 && i < store.count {
      if matches(i, status) { return i }
      i += step
    }
    return nil
  }

  /// The next task neither submitted nor skipped after `here`, wrapping; nil when there is none.
  func nextUnfinished(from here: Int, _ status: (String) -> Status?) -> Int? {
    store.indexNow()
    let n = store.count
    guard n > 0 else { return nil }
    for step in 1...n {
      let i = (here + step) % n
      let s = self.status(ofTaskAt: i, status)
      if s != .submitted && s != .skipped && i != here { return i }
    }
    return nil
  }

  /// What "all done" means: how many submitted and skipped, and how to see the skipped ones.
  func allDone(_ status: (String) -> Status?) -> String {
    store.indexNow()
    var submitted = 0
    var skipped = 0
    for i in 0..<store.count {
      switch self.status(ofTaskAt: i, status) {
      case .submitted: submitted += 1
      case .skipped: skipped += 1
      default: break
      }
    }
    let seeSkipped = skipped > 0 ? " (:filter skipped to see them)" : ""
    return "All done: \(submitted) submitted, \(skipped) skipped\(seeSkipped)."
  }

  /// Sets the filter from its name (all, unfinished, or a status); false for an unknown name.
  mutating func setFilter(_ name: String) -> Bool {
    switch name {
    case "all": (filter, unfinishedOnly) = (nil, false)
    case "unfinished": (filter, unfinishedOnly) = (nil, true)
    default:
      guard let s = Status(rawValue: name) else { return false }
      (filter, unfinishedOnly) = (s, false)
    }
    return true
  }

  /// " (filter: NAME)", or nothing without a filter.
  var filterLabel: String {
    if unfinishedOnly { return " (filter: unfinished)" }
    return filter.map { " (filter: \($0.rawValue))" } ?? ""
  }
}
