import Annotation
import ArgumentParser
import Foundation
import TaskStore

/// `rubric-dev journal-stress DIR`: appends records forever, printing `ack N` after each durable append.
///
/// Used by the crash tests: they kill it with SIGKILL at random moments and
/// check that every acknowledged record is in the journal.
struct JournalStressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journal-stress",
    abstract: "Append journal records until killed (for crash tests).")

  @Argument var dir: String
  @Option var annotator = "stress"
  @Option var limit = Int.max

  func run() throws {
    let store = try Store.open(URL(fileURLWithPath: dir), annotator: annotator)
    let start = store.journal.recordCount
    var n = start
    let out = FileHandle.standardOutput
    out.write(Data("ready \(start)\n".utf8))
    while n - start < limit {
      n += 1
      let text = String(repeating: "record \(n) é日 ", count: 1 + n % 7)
      let a = Annotation(
        taskId: "task-\(n % 50)", annotator: annotator,
        answers: ["n": .rating(n), "t": .text(text)])
      try store.save(a, pos: nil)
      out.write(Data("ack \(n)\n".utf8))
    }
  }
}
