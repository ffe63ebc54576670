import Dispatch
import Reports

extension Exporter {
  /// One batch's rows, computed on all cores in the background while the exporter reads
  /// the next batch and writes the one before, so reading and writing no longer leave
  /// the other cores idle.
  final class BatchRows: @unchecked Sendable {
    // Set once by the background job before it signals `done`; read only after waiting.
    private var results: [Result<TaskRows, any Error>] = []
    private let done = DispatchSemaphore(value: 0)

    /// Starts computing the rows of `batch`.
    init(_ batch: [TaskLine], _ inputs: Inputs) {
      DispatchQueue.global().async {
        self.results = Self.rows(batch, inputs)
        self.done.signal()
      }
    }

    /// Each line's rows (or error), in the batch's order, once they are computed. Call once.
    func wait() -> [Result<TaskRows, any Error>] {
      done.wait()
      return results
    }

    static func rows(_ batch: [TaskLine], _ inputs: Inputs) -> [Result<TaskRows, any Error>] {
      // Each core takes a run of lines and looks their answers up from one cursor: task
      // files in id order step through the journals instead of searching them.
      onAllCores(chunksOf: batch) { lines in
        var cursor = JournalDigests.Cursor()
        return lines.map { line in Result { try line.rows(inputs, cursor: &cursor) } }
      }.flatMap { $0 }
    }
  }
}
