import Annotation
import Codecs
import Foundation
import TaskStore

/// The tasks a store's journals have answers for, read from the task files in store
/// order and visited a batch at a time on all cores: memory holds a batch of tasks,
/// not the store, and each task is decoded once however many answers it has.
enum AnsweredTasks {
  /// A task file's line waiting to be visited: decoded already when its id had to be read.
  struct Pending: Sendable {
    var bytes: Data
    var file: String
    var line: Int
    var task: ChatTask?
  }

  /// How many tasks are read before a batch is visited.
  static let batchSize = 4096

  /// Visits each task that any of `digests` has an annotation for (its first line in
  /// the task files) with the form it is annotated with. The visits of one chunk of a
  /// batch add up in a `Part` that starts as `start`; the parts are merged into the
  /// result in task order. Also returns the answered ids that no task file holds.
  static func fold<Part: Sendable>(
    _ root: URL, answers digests: JournalDigests, start: Part,
    visit: @escaping @Sendable (inout Part, ChatTask, Form) -> Void,
    merge: (inout Part, Part) -> Void
  ) throws -> (result: Part, unvisited: Set<String>) {
    var wanted = digests.byName.values.reduce(into: Set<String>()) { $0.formUnion($1.taskIds) }
    var result = start
    guard !wanted.isEmpty else { return (result, wanted) }
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
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
        if batch.count >= batchSize { flush() }
      }
    }
    flush()
    return (result, wanted)
  }
}
