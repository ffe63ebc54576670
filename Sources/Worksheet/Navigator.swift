import Annotation
import Codecs
import TaskStore

/// Where the annotator is in the store and which task comes next: reads the
/// store and answers "which task", never opening one itself.
///
/// Statuses come from `status`, which the session answers from the draft on
/// screen, saves not yet carried out, and the store, in that order.
package struct Navigator {
  package let store: Store
  /// The 0-based position of the task on screen.
  package var position = 0
  /// `n` and `p` visit only tasks with this status…
  package var filter: Status?
  /// …or only tasks neither submitted nor skipped.
  package var unfinishedOnly = false
  /// With a team: the annotator's queue, positions in store order; `n`, `p`,
  /// the next unfinished task and "all done" stay inside it.
  package var queue: [Int]? {
    didSet { place = Dictionary(uniqueKeysWithValues: (queue ?? []).enumerated().map { ($1, $0) }) }
  }
  /// A position to open first whatever was worked on last (a task sent back).
  package var startAt: Int?
  /// Whether the form cannot answer a task (one candidate under a pairwise form):
  /// the walks to the next unfinished task pass over it as if it were finished.
  package var unanswerable: ((ChatTask) -> Bool)?
  /// How many such tasks the last walk to the next unfinished task passed over.
  private(set) var passedOver = 0

  /// " · passed over 2 tasks this form cannot answer…" after a walk that did, else "".
  package var passedNote: String {
    guard passedOver > 0 else { return "" }
    let n = passedOver
    return
      " · passed over \(n) task\(n == 1 ? "" : "s") this form cannot answer (rubric check lists \(n == 1 ? "it" : "them"))"
  }

  /// Whether the task at a position is one the form cannot answer.
  package func cannotAnswer(_ i: Int) -> Bool {
    guard let unanswerable, let t = try? store.task(at: i).task else { return false }
    return unanswerable(t)
  }
  /// Where each queued position is in the queue.
  private(set) var place: [Int: Int] = [:]
  /// Whether the annotator's own settings keep the task at a position from them
  /// (opted out, held back): such tasks are passed over everywhere.
  package var withheld: ((Int) -> Bool)?
  /// The same for a task already read (reading on without the index).
  package var withheldTask: ((ChatTask) -> Bool)?

  package init(store: Store) { self.store = store }

  /// The positions `n` walks from `here` (`p` walks them backwards): the queue's
  /// after it, or every task's.
  /// Lazily: `n` on a 100,000-task store looks at the next task, not a list of them all.
  package func walk(from here: Int, by step: Int) -> AnySequence<Int> {
    guard let withheld else { return walkAll(from: here, by: step) }
    return AnySequence(walkAll(from: here, by: step).lazy.filter { !withheld($0) })
  }

  package func walkAll(from here: Int, by step: Int) -> AnySequence<Int> {
    guard let q = queue else {
      if step > 0 && here + 1 >= store.count && !store.isIndexed { store.indexNow() }
      return step > 0
        ? AnySequence(stride(from: here + 1, to: store.count, by: 1))
        : AnySequence(stride(from: here - 1, through: 0, by: -1))
    }
    // A task opened outside the queue (by id) walks on from where it would be.
    let qi = place[here] ?? (q.firstIndex { $0 > here } ?? q.count) - (step > 0 ? 1 : 0)
    return step > 0
      ? AnySequence(q[min(q.count, qi + 1)...])
      : AnySequence(q[..<max(0, min(q.count, qi))].reversed())
  }

  /// Every position after `here`, then (wrapping) the ones before it, in walking order.
  package func wrapping(from here: Int) -> AnySequence<Int> {
    guard let withheld else { return wrappingAll(from: here) }
    return AnySequence(wrappingAll(from: here).lazy.filter { !withheld($0) })
  }

  package func wrappingAll(from here: Int) -> AnySequence<Int> {
    guard let q = queue else {
      return AnySequence(
        [AnySequence(here + 1..<store.count), AnySequence(0..<min(here, store.count))].joined())
    }
    let qi = place[here] ?? (q.firstIndex { $0 > here } ?? q.count) - 1
    let split = min(q.count, qi + 1)
    return AnySequence([q[split...], q[..<split]].joined())
  }

  /// The tasks "all done" counts: the queue, or every task (less those withheld).
  package var scope: [Int] {
    let all = queue ?? Array(0..<store.count)
    guard let withheld else { return all }
    return all.filter { !withheld($0) }
  }

  /// "37 of 200" in the queue, for the title; nil without a queue.
  package func queuePlace(of position: Int?) -> (index: Int?, count: Int)? {
    guard let q = queue else { return nil }
    return (position.flatMap { place[$0] }, q.count)
  }

  /// A task to open: its decoded line, where it is, and its position when known.
  package struct Target {
    package var task: DecodedTask
    package var pos: TaskPosition
    package var index: Int?
  }

  /// Where to reopen: the task last worked on if unfinished; after a submit or
  /// a skip, the next unfinished one after it (read on from its line, no index needed).
  package func initial(status: (String) -> Status?) -> Target? {
    if let p = startAt, let t = target(at: p)?.ok { return t }
    if let q = queue {
      // In a queue: the task last worked on if it is queued and unfinished, else the
      // first unfinished one after it in the queue (or from the start), else the first.
      let last = store.journal.lastRecord.flatMap { r in store.index(of: r.annotation.taskId) }
      let from = last.flatMap { place[$0] } ?? -1
      if let l = last, place[l] != nil, !(withheld?(l) ?? false),
        (status(store.journal.lastRecord?.annotation.taskId ?? "") ?? .draft) == .draft
      {
        return target(at: l)?.ok
      }
      let order = Array(q[min(q.count, from + 1)...]) + Array(q[..<min(q.count, from + 1)])
      let next =
        order.first {
          !(withheld?($0) ?? false) && (self.status(ofTaskAt: $0, status) ?? .draft) == .draft
            && !cannotAnswer($0)
        }
        ?? q.first { !(withheld?($0) ?? false) }
      return next.flatMap { target(at: $0)?.ok }
    }
    if let last = store.journal.lastRecord, let pos = last.pos,
      let found = store.task(at: pos, id: last.annotation.taskId)
    {
      let here = Target(task: found.task, pos: pos, index: nil)
      let kept = withheldTask?(found.task.task) ?? false
      guard last.annotation.status != .draft || kept else { return here }
      return nextUnfinished(after: pos, status: status) ?? here
    }
    guard let first = store.firstTask(), let decoded = try? store.task(first.file, first.entry)
    else { return nil }
    let pos = TaskPosition(
      file: first.file.name, offset: first.entry.offset, length: first.entry.length)
    let opening = Target(task: decoded, pos: pos, index: 0)
    if withheld?(0) == true { return nextUnfinished(after: pos, status: status) }
    if unanswerable?(decoded.task) == true {
      return nextUnfinished(after: pos, status: status) ?? opening
    }
    return opening
  }

  /// The first unfinished task after a position, reading lines onward (into the
  /// following files) without waiting for the index; gives up after `limit` tasks.
  package func nextUnfinished(
    after pos: TaskPosition, limit: Int = 2_000, status: (String) -> Status?
  )
    -> Target?
  {
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
      guard let decoded = try? store.task(file, e), !(withheldTask?(decoded.task) ?? false),
        !(unanswerable?(decoded.task) ?? false)
      else { continue }
      if (status(decoded.task.id) ?? .draft) == .draft {
        return Target(
          task: decoded, pos: TaskPosition(file: file.name, offset: e.offset, length: e.length),
          index: nil)
      }
    }
    return nil
  }

  /// The task at a 0-based position, or why it cannot be read.
  package func target(at index: Int) -> Result<Target, LineError>? {
    if index >= store.count && !store.isIndexed { store.indexNow() }
    guard index >= 0 && index < store.count, let (file, e) = store.entry(at: index) else {
      return nil
    }
    do {
      let decoded = try store.task(at: index)
      return .success(
        Target(
          task: decoded, pos: TaskPosition(file: file.name, offset: e.offset, length: e.length),
          index: index))
    } catch {
      return .failure(error)
    }
  }

  /// The status of the task at a position.
  package func status(ofTaskAt i: Int, _ status: (String) -> Status?) -> Status? {
    store.taskID(at: i).flatMap(status)
  }

  /// Whether the filter shows the task at a position.
  package func matches(_ i: Int, _ status: (String) -> Status?) -> Bool {
    let s = self.status(ofTaskAt: i, status)
    if unfinishedOnly { return s != .submitted && s != .skipped }
    guard let f = filter else { return true }
    return (s ?? .draft) == f
  }

  /// The position `step` tasks on from `here` that the filter shows; nil at either end.
  package func step(from here: Int, by step: Int, _ status: (String) -> Status?) -> Int? {
    walk(from: here, by: step).first { matches($0, status) }
  }

  /// The next task neither submitted nor skipped after `here`, wrapping; nil when there is none.
  package mutating func nextUnfinished(from here: Int, _ status: (String) -> Status?) -> Int? {
    store.indexNow()
    passedOver = 0
    for i in wrapping(from: here) where i != here {
      let s = self.status(ofTaskAt: i, status)
      guard s != .submitted && s != .skipped else { continue }
      if cannotAnswer(i) {
        passedOver += 1
        continue
      }
      return i
    }
    return nil
  }

  /// What "all done" means: how many submitted and skipped, and how to see the skipped ones.
  package func allDone(_ status: (String) -> Status?) -> String {
    store.indexNow()
    var submitted = 0
    var skipped = 0
    var cannot = 0
    for i in scope {
      switch self.status(ofTaskAt: i, status) {
      case .submitted: submitted += 1
      case .skipped: skipped += 1
      default: if cannotAnswer(i) { cannot += 1 }
      }
    }
    let seeSkipped = skipped > 0 ? " (:filter skipped to see them)" : ""
    let unanswerable =
      cannot == 0
      ? ""
      : ", \(cannot) the form cannot answer (rubric check lists \(cannot == 1 ? "it" : "them"))"
    return "All done: \(submitted) submitted, \(skipped) skipped\(seeSkipped)\(unanswerable)."
  }

  /// Sets the filter from its name (all, unfinished, or a status); false for an unknown name.
  package mutating func setFilter(_ name: String) -> Bool {
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
  package var filterLabel: String {
    if unfinishedOnly { return " (filter: unfinished)" }
    return filter.map { " (filter: \($0.rawValue))" } ?? ""
  }

  /// Why no task opens for the annotator (not in the team, nothing queued, no
  /// tasks at all); nil when there is a first task, readable or not.
  package func whyNothingToOpen() -> LineError? {
    let who = store.annotator
    if let team = store.config.team, !team.annotators.contains(who) {
      let names = team.annotators.joined(separator: ", ")
      return LineError(
        file: "rubric.toml", line: 0, field: "team.annotators",
        message: "\(who) is not in this store's team (\(names)), so no task is queued for them")
    }
    if queue?.isEmpty == true {
      return LineError(
        file: "tasks", line: 0, field: "", message: "no task is queued for \(who) yet")
    }
    guard store.firstTask() == nil else { return nil }
    return LineError(
      file: "tasks", line: 0, field: "",
      message: "this store has no tasks yet; add some with: rubric import \(store.root.path) FILE")
  }
}

extension Result {
  /// The success value, or nil.
  package var ok: Success? {
    if case .success(let v) = self { return v }
    return nil
  }

}
