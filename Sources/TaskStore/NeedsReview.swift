import Annotation
import Foundation

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
    /// Submitted answers by task id, not yet matched with their task.
    private var wanted: [String: [Annotation]] = [:]
    public private(set) var items: [Item] = []

    /// Starts from every annotator's latest answers (by annotator, then task id).
    public init(latest: [String: [String: Annotation]]) {
      for (_, byTask) in latest {
        for (id, a) in byTask where a.status == .submitted { wanted[id, default: []].append(a) }
      }
    }

    /// Starts from the journals' digests: answers are read when their task is visited.
    init(_ digests: JournalDigests) {
      self.digests = digests
      for d in digests.byName.values {
        for id in d.taskIds { wanted[id] = [] }
      }
    }

    private var digests: JournalDigests?

    /// Whether any submitted answer is still waiting for its task.
    public var isDone: Bool { wanted.isEmpty }

    /// Whether a task id has submitted answers to check (cheap: no decoding needed to ask).
    public func wants(_ id: String) -> Bool { wanted[id] != nil }

    /// Checks the submitted answers of one task against the form it is annotated with.
    public mutating func visit(_ task: Task, form: Form) {
      guard var answers = wanted.removeValue(forKey: task.id) else { return }
      if let digests { answers = digests.answers(to: task.id).filter { $0.status == .submitted } }
      for a in answers where !form.accepts(a, task: task) {
        let report = form.validate(a, task: task)
        if !report.isComplete {
          items.append(
            Item(
              annotator: a.annotator, taskId: task.id, savedUnder: a.formVersion,
              formVersion: form.version,
              problems: report.issues.map(\.message)))
        }
      }
    }

    /// The items, in annotator and task order.
    public var sorted: [Item] {
      items.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
    }
  }

  /// Checks every annotator's latest submitted answers against the forms as they are now.
  ///
  /// Only tasks that have a submitted answer are decoded.
  public static func find(_ root: URL, latest: [String: [String: Annotation]]) throws -> [Item] {
    try find(root, collector: Collector(latest: latest))
  }

  /// The same over the journals' digests, one task's answers in memory at a time.
  public static func find(_ root: URL, answers: JournalDigests) throws -> [Item] {
    try find(root, collector: Collector(answers))
  }

  static func find(_ root: URL, collector start: Collector) throws -> [Item] {
    var collector = start
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
