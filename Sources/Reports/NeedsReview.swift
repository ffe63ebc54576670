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
    /// A task's submitted answers, read when the task is visited.
    private let answers: (String) -> [Annotation]
    public private(set) var items: [Item] = []

    /// Starts from every annotator's latest answers (by annotator, then task id).
    public init(latest: [String: [String: Annotation]]) {
      var byTask: [String: [Annotation]] = [:]
      for (_, tasks) in latest {
        for (id, a) in tasks where a.status == .submitted { byTask[id, default: []].append(a) }
      }
      wanted = Set(byTask.keys)
      answers = { byTask[$0] ?? [] }
    }

    /// Starts from the journals' digests: one task's answers are decoded at a time.
    init(_ digests: JournalDigests) {
      wanted = digests.byName.values.reduce(into: Set<String>()) { $0.formUnion($1.taskIds) }
      answers = { Reviews.submitted(digests, to: $0) }
    }

    /// Whether any submitted answer is still waiting for its task.
    public var isDone: Bool { wanted.isEmpty }

    /// Whether a task id has submitted answers to check (cheap: no decoding needed to ask).
    public func wants(_ id: String) -> Bool { wanted.contains(id) }

    /// Checks the submitted answers of one task against the form it is annotated with.
    public mutating func visit(_ task: ChatTask, form: Form) {
      guard wanted.remove(task.id) != nil else { return }
      for a in answers(task.id) where !form.accepts(a, task: task) {
        items.append(
          Item(
            annotator: a.annotator, taskId: task.id, savedUnder: a.formVersion,
            formVersion: form.version,
            problems: form.validate(a, task: task).issues.map(\.message)))
      }
    }

    /// The items, in annotator and task order.
    public var sorted: [Item] {
      items.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
    }
  }

  /// Checks every annotator's newest submitted answers against the forms as they are
  /// now, one task's answers in memory at a time. Only tasks with an answer are decoded.
  public static func find(_ root: URL, answers: JournalDigests) throws -> [Item] {
    var collector = Collector(answers)
    guard !collector.isDone else { return [] }
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    for url in Store.taskFileURLs(root) where !collector.isDone {
      guard let reader = try? LineReader(url: url) else { continue }
      for (line, bytes) in reader {
        let head = TaskFile.extractID(Array(bytes.prefix(256)))
        if !head.isEmpty && !collector.wants(head) { continue }
        guard let task = try? TaskCodec.decode(bytes, file: url.lastPathComponent, line: line).task
        else { continue }
        collector.visit(task, form: task.form.flatMap { forms[$0]?.form } ?? config.form)
      }
    }
    return collector.sorted
  }
}
