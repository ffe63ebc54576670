import Annotation
import Codecs
import Platform
import TaskStore

/// One task the journals answer, as `AnsweredTasks.walk` hands it to a visitor.
package struct AnsweredTask: Sendable {
  package var id: String
  /// Its position in store order, when the store's index holds its id (the review
  /// screen opens a task there).
  package var position: Int?
  /// The task, and the form it is answered with: nil when no task file holds it or
  /// its line no longer decodes.
  package var task: ChatTask?
  package var form: Form?
  /// Each journal's newest annotation of the task in the period, with the journal's
  /// place in `JournalDigests.names`, in name order; decoded once for every visitor.
  package let answers: [PlacedAnnotation]
  /// The submitted answers, in name order (every visitor asks: built once).
  package let submitted: [Annotation]

  /// A task as `team`'s journals answer it, looked up from `cursor`.
  init(
    id: String, position: Int?, task: ChatTask?, form: Form?, team: JournalDigests,
    cursor: inout JournalDigests.Cursor
  ) {
    self.id = id
    self.position = position
    self.task = task
    self.form = form
    let answers = team.placedAnswers(to: id, cursor: &cursor)
    self.answers = answers
    // By place: iterating the answers would copy each annotation (a retain per field).
    submitted = answers.indices.compactMap {
      answers[$0].annotation.status == .submitted ? answers[$0].annotation : nil
    }
  }

  /// Whether a task file's line holds the id (false: answered, but no task file has
  /// it): a line the index places, or one found by decoding it.
  package var inTaskFiles: Bool { position != nil || task != nil }
}

/// The tasks a store's journals have answers for, each read from the task files,
/// decoded once with every answer to it, and visited a batch at a time on all cores:
/// memory holds a batch of tasks, not the store. Stats, agreement, the review queue,
/// the answers a form now rejects and the lead's report all count through this walk.
package enum AnsweredTasks {
  /// Tasks visited together before their part joins the others'.
  package static let batchSize = 256

  /// The store's task files, indexed, keeping their index under `.rubric/index` when
  /// the store can keep one (as the workstation does).
  package static func taskFiles(_ root: URL) throws -> [TaskFile] {
    let index = DigestFile.enabled(root) ? root.appendingPathComponent(".rubric/index") : nil
    return try Store.taskFileURLs(root).map { url in
      let f = try TaskFile(url: url, name: "tasks/" + url.lastPathComponent, cacheDir: index)
      f.indexNow()
      return f
    }
  }

  /// Visits every task any of `team`'s journals answers, in id order, `size` tasks to
  /// a batch. Each batch's visits add up in a `Part` that starts as `start`, and the
  /// parts merge into the result in task order, so sums (and their rounding) do not
  /// depend on the number of cores. Ids the index of `files` does not hold come last:
  /// those found by decoding lines not written by Rubric, then those no task file has.
  package static func walk<Part: Sendable>(
    _ root: URL, files: [TaskFile], answers team: JournalDigests, batch size: Int = batchSize,
    start: Part, visit: @escaping @Sendable (inout Part, AnsweredTask) -> Void,
    merge: (inout Part, Part) -> Void
  ) throws -> Part {
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    let ids = team.taskIds
    let located = LocatedTask.locate(ids, in: files)
    let size = max(1, size)
    let batches = stride(from: 0, to: located.count, by: size).map {
      Array(located[$0..<min($0 + size, located.count)])
    }
    var result = start
    let parts = onAllCores(batches) { (batch: [LocatedTask]) -> Part in
      var part = start
      // The batch's ids ascend: each journal is stepped through, not searched.
      var cursor = JournalDigests.Cursor()
      for t in batch {
        let task = t.task()
        visit(
          &part,
          AnsweredTask(
            id: t.id, position: t.position, task: task,
            form: task.map { config.form(for: $0, forms: forms) }, team: team, cursor: &cursor))
      }
      return part
    }
    for part in parts { merge(&result, part) }
    guard located.count < ids.count else { return result }
    // Lines not written by Rubric keep their id past the head the index reads; the
    // task files are scanned for them only when the index holds such a line.
    var leftover = Set(ids)
    for t in located { leftover.remove(t.id) }
    guard files.contains(where: { $0.entries.contains { $0.id.isEmpty } }) else {
      return visitUnheld(leftover, result, team: team, start: start, visit: visit, merge: merge)
    }
    let (found, unvisited) = try fold(
      root, wanted: leftover, config: config, forms: forms, start: start
    ) {
      part, task, form in
      var cursor = JournalDigests.Cursor()
      visit(
        &part,
        AnsweredTask(
          id: task.id, position: nil, task: task, form: form, team: team, cursor: &cursor))
    } merge: {
      merge(&$0, $1)
    }
    merge(&result, found)
    return visitUnheld(unvisited, result, team: team, start: start, visit: visit, merge: merge)
  }

  /// Visits the answered ids no task file holds, in id order, after `result`.
  static func visitUnheld<Part: Sendable>(
    _ ids: Set<String>, _ result: Part, team: JournalDigests, start: Part,
    visit: (inout Part, AnsweredTask) -> Void, merge: (inout Part, Part) -> Void
  ) -> Part {
    var result = result
    var rest = start
    var cursor = JournalDigests.Cursor()
    for id in ids.sorted() {
      visit(
        &rest,
        AnsweredTask(id: id, position: nil, task: nil, form: nil, team: team, cursor: &cursor))
    }
    merge(&result, rest)
    return result
  }

  /// A task file's line waiting to be visited: decoded already when its id had to be read.
  struct Pending: Sendable {
    var bytes: Data
    var file: String
    var line: Int
    var task: ChatTask?
  }

  /// Visits the first line of the task files holding each of `wanted` (decoding the
  /// lines whose head does not name their id), `batchSize` lines at a time on all
  /// cores. Also returns the ids that no task file holds.
  static func fold<Part: Sendable>(
    _ root: URL, wanted: Set<String>, config: StoreConfig, forms: [String: StoreConfig],
    start: Part,
    visit: @escaping @Sendable (inout Part, ChatTask, Form) -> Void,
    merge: (inout Part, Part) -> Void
  ) throws -> (result: Part, unvisited: Set<String>) {
    var wanted = wanted
    var result = start
    var batch: [Pending] = []
    func flush() {
      let parts = onAllCores(chunksOf: batch) { (slice: ArraySlice<Pending>) -> Part in
        var part = start
        for p in slice {
          guard
            let task = p.task ?? (try? TaskCodec.decode(p.bytes, file: p.file, line: p.line).task)
          else { continue }
          visit(&part, task, config.form(for: task, forms: forms))
        }
        return part
      }
      for part in parts { merge(&result, part) }
      batch.removeAll(keepingCapacity: true)
    }
    for url in Store.taskFileURLs(root) where !wanted.isEmpty {
      guard let reader = try? LineReader(url: url) else { continue }
      let file = url.lastPathComponent
      for (line, bytes) in reader {
        let head = TaskFile.extractID(Array(bytes.prefix(256)))
        if !head.isEmpty {
          if wanted.remove(head) != nil {
            batch.append(Pending(bytes: bytes, file: file, line: line))
          }
        } else if let task = try? TaskCodec.decode(bytes, file: file, line: line).task,
          wanted.remove(task.id) != nil
        {
          batch.append(Pending(bytes: Data(), file: file, line: line, task: task))
        }
        if batch.count >= 4096 { flush() }
      }
    }
    flush()
    return (result, wanted)
  }
}
