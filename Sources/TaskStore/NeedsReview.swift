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

  /// Checks every annotator's latest submitted answers against the forms as they are now.
  ///
  /// Only tasks that have a submitted answer are decoded.
  public static func find(_ root: URL, latest: [String: [String: Annotation]]) throws -> [Item] {
    var wanted: [String: [Annotation]] = [:]
    for (_, byTask) in latest {
      for (id, a) in byTask where a.status == .submitted { wanted[id, default: []].append(a) }
    }
    guard !wanted.isEmpty else { return [] }
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    var out: [Item] = []
    for url in Store.taskFileURLs(root) {
      guard let reader = try? LineReader(url: url) else { continue }
      for (line, bytes) in reader {
        let head = TaskFile.extractID(Array(bytes.prefix(256)))
        guard
          let id = head.isEmpty
            ? (try? TaskCodec.decode(bytes, file: "", line: line))?.task.id : head,
          let answers = wanted.removeValue(forKey: id),
          let task = try? TaskCodec.decode(bytes, file: url.lastPathComponent, line: line).task
        else { continue }
        let form = task.form.flatMap { forms[$0]?.form } ?? config.form
        for a in answers {
          let report = form.validate(a, task: task)
          if !report.isComplete {
            out.append(
              Item(
                annotator: a.annotator, taskId: id, savedUnder: a.formVersion,
                formVersion: form.version,
                problems: report.issues.map(\.message)))
          }
        }
      }
    }
    return out.sorted { ($0.annotator, $0.taskId) < ($1.annotator, $1.taskId) }
  }
}
