import Annotation
import Codecs
import Foundation
import TaskStore

/// Submitted answers that the task's current form would reject (the form changed under them).
public enum NeedsReview {
  /// One submitted answer that no longer passes its form.
  public struct Item: Sendable, Equatable {
    public var annotator: String
    public var taskId: String
    /// The form version the answer was last saved under.
    public var savedUnder: String
    public var formVersion: String
    public var problems: [String]
  }

  /// Collects the items while something else walks the tasks (so `check`, which
  /// decodes every task anyway, reads the task files once).
  public struct Collector {
    /// Tasks with submitted answers not yet matched with their task.
    private var wanted: Set<String>
    /// Each task's submitted answers.
    private let byTask: [String: [Annotation]]
    public private(set) var items: [Item] = []

    /// Starts from every annotator's latest answers (by annotator, then task id).
    public init(latest: [String: [String: Annotation]]) {
      var byTask: [String: [Annotation]] = [:]
      for (_, tasks) in latest {
        for (id, a) in tasks where a.status == .submitted { byTask[id, default: []].append(a) }
      }
      wanted = Set(byTask.keys)
      self.byTask = byTask
    }

    /// Whether any submitted answer is still waiting for its task.
    public var isDone: Bool { wanted.isEmpty }

    /// Whether a task id has submitted answers to check (cheap: no decoding needed to ask).
    public func wants(_ id: String) -> Bool { wanted.contains(id) }

    /// Checks the submitted answers of one task against the form it is annotated with.
    public mutating func visit(_ task: ChatTask, form: Form) {
      guard wanted.remove(task.id) != nil else { return }
      items += NeedsReview.items(task, form: form, answers: byTask[task.id] ?? [])
    }

    /// The items, in annotator and task order.
    public var sorted: [Item] {
      items.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
    }
  }

  /// The answers of a task its form rejects, with the form's reasons.
  static func items(_ task: ChatTask, form: Form, answers: [Annotation]) -> [Item] {
    answers.filter { !form.accepts($0, task: task) }.map { a in
      Item(
        annotator: a.annotator, taskId: task.id, savedUnder: a.formVersion,
        formVersion: form.version, problems: form.validate(a, task: task).issues.map(\.message))
    }
  }

  /// A task file's line waiting to be checked: decoded already when its id had to be read.
  struct Pending: Sendable {
    var bytes: Data
    var file: String
    var line: Int
    var task: ChatTask?
  }

  /// Checks every annotator's newest submitted answers against the forms as they are
  /// now. Only tasks with an answer are decoded, a batch of them at a time on all cores,
  /// each with its own answers: memory holds a batch, not the store.
  public static func find(_ root: URL, answers digests: JournalDigests) throws -> [Item] {
    // Tasks with an answer not yet matched with their task.
    var wanted = digests.byName.values.reduce(into: Set<String>()) { $0.formUnion($1.taskIds) }
    guard !wanted.isEmpty else { return [] }
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    var items: [Item] = []
    var batch: [Pending] = []
    func check() {
      items += onAllCores(batch) { (p: Pending) -> [Item] in
        guard
          let task = p.task ?? (try? TaskCodec.decode(p.bytes, file: p.file, line: p.line).task)
        else { return [] }
        let form = config.form(for: task, forms: forms)
        return NeedsReview.items(task, form: form, answers: Reviews.submitted(digests, to: task.id))
      }.flatMap { $0 }
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
        if batch.count >= 4096 { check() }
      }
    }
    check()
    return items.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
  }
}
