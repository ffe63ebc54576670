import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// `AnsweredTasks.walk` is the one walk stats, agreement, the review queue and the
/// lead's report count through: every answered id is visited once, whether the
/// store's index holds it, only a line not written by Rubric does, its line no longer
/// decodes, or no task file has it.
@Suite struct AnsweredTasksTests {
  struct Seen: Sendable, Equatable {
    var position: Int?
    var task: String?
    var inTaskFiles: Bool
    var places: [Int]
  }

  @Test func everyAnsweredIdIsVisitedOnceWhereverItsTaskIs() throws {
    let root = try storeOfEveryTaskPlace()
    let team = try JournalDigests.annotations(root)
    for batch in [1, 2, 256] {
      let seen = try AnsweredTasks.walk(
        root, files: AnsweredTasks.taskFiles(root), answers: team, batch: batch,
        start: [String: [Seen]]()
      ) { part, t in
        part[t.id, default: []].append(
          Seen(
            position: t.position, task: t.task?.id, inTaskFiles: t.inTaskFiles,
            places: t.answers.map(\.place)))
      } merge: {
        $0.merge($1) { $0 + $1 }
      }
      #expect(seen["t0"] == [Seen(position: 0, task: "t0", inTaskFiles: true, places: [0, 1])])
      #expect(seen["t1"] == [Seen(position: 1, task: "t1", inTaskFiles: true, places: [0, 1])])
      #expect(
        seen["hand"] == [Seen(position: nil, task: "hand", inTaskFiles: true, places: [0, 1])])
      #expect(
        seen["broken"] == [Seen(position: 3, task: nil, inTaskFiles: true, places: [0, 1])])
      #expect(seen["gone"] == [Seen(position: nil, task: nil, inTaskFiles: false, places: [0, 1])])
      #expect(seen.count == 5)
    }
  }

  @Test func statsAgreementAndTheQueueCountTheSameTasks() throws {
    let root = try storeOfEveryTaskPlace()
    // A line that no longer decodes is not work done; an answer to a task no file has is.
    let stats = try Stats.compute(store: root)
    #expect(stats.map(\.submitted) == [4, 4])
    // The review screen opens a task by its place in the index: "hand" has none.
    let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
    let queue = try Reviews.queue(store, all: true)
    #expect(queue.map(\.taskId) == ["t0", "t1"])
    #expect(queue.map(\.agreement) == [0, 1])
  }
}
