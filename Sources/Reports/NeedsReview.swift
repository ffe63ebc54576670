import Annotation
import Codecs
import Platform
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

  /// Checks every annotator's newest submitted answers against the forms as they are
  /// now. Only tasks with an answer are decoded, a batch of them at a time on all cores,
  /// each with its own answers: memory holds a batch, not the store.
  public static func find(_ root: URL, answers digests: JournalDigests) throws -> [Item] {
    let files = try AnsweredTasks.taskFiles(root)
    let items = try AnsweredTasks.walk(root, files: files, answers: digests, start: [Item]()) {
      items, t in
      guard let task = t.task, let form = t.form else { return }
      items += NeedsReview.items(task, form: form, answers: t.submitted)
    } merge: {
      $0 += $1
    }
    return items.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
  }
}
