import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// `Stats.compute` counts and checks every answer in one pass over the answered tasks
/// on all cores; its figures (needs review and gold included) must equal a plain count
/// over a full read of the journals.
@Suite struct StatsTests {
  @Test func onePassOverTheTasksEqualsACountOverAFullRead() throws {
    let ids = (0..<300).map { "t\($0)" }
    // Every tenth task is gold: c0 is best.
    let root = try makeStore(
      tasks: ids.enumerated().map { n, id in
        var t = sampleTask(id)
        if n % 10 == 0 { t.gold = Gold(ranking: [["c0"], ["c1"]]) }
        return t
      })
    var g = SplitMix64(seed: 7)
    for who in ["ann", "bob", "cy"] {
      let journal = try Journal(
        url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
      // Answers to the store's tasks, and to tasks no task file holds (removed since).
      for (n, id) in (ids + ["gone-1", "gone-2"]).enumerated() where g.next() % 5 != 0 {
        let status: Status = [.submitted, .submitted, .skipped, .draft][Int(g.next() % 4)]
        var a = Annotation(taskId: id, annotator: who, status: status, orderShown: ["c0", "c1"])
        let best = g.next() % 3 == 0 ? ["c1", "c0"] : ["c0", "c1"]
        a.answers["rank"] = .ranking(Ranking(tiers: best.map { [$0] }))
        if n % 3 == 0 { a.answers["rationale"] = .text("because") }
        a.activeMs = 1000 * Int(1 + g.next() % 50)
        a.updated = "2026-12-01T10:00:\(String(format: "%02d", n % 60)).000Z"
        try journal.append(JournalRecord(annotation: a))
      }
    }
    // Version 2 makes the rationale required: two thirds of the submitted answers need review.
    let url = root.appendingPathComponent("rubric.toml")
    let toml = try String(contentsOf: url, encoding: .utf8)
      .replacingOccurrences(of: "version = \"1\"", with: "version = \"2\"")
      .replacingOccurrences(of: "kind = \"text\"", with: "kind = \"text\"\nrequired = true")
    try toml.write(to: url, atomically: true, encoding: .utf8)

    let store = try Store.open(root, annotator: "ann", readOnly: true)
    store.indexNow()
    var tasks: [String: ChatTask] = [:]
    for i in 0..<store.count {
      let t = try store.task(at: i).task
      tasks[t.id] = t
    }
    var expected: [AnnotatorStats] = []
    var removed = 0
    for (who, contents) in try Journal.contents(ofAll: Store.journalURLs(root))
      .sorted(by: { $0.key < $1.key })
    {
      var s = AnnotatorStats(annotator: who)
      for a in contents.latest.values.map(\.annotation) {
        if tasks[a.taskId] == nil { removed += 1 }
        s.count(a, form: store.config.form)
        if a.status == .submitted, let t = tasks[a.taskId], !store.config.form.accepts(a, task: t) {
          s.needsReview += 1
        }
        if a.status == .submitted, let t = tasks[a.taskId], let gold = t.gold {
          s.goldTrials += 1
          if gold.check(a, form: store.config.form, order: a.orderShown).isRight {
            s.goldRight += 1
          }
        }
      }
      s.remaining = s.left(of: ids.count)
      expected.append(s)
    }
    let stats = try Stats.compute(store: root, team: JournalDigests.annotations(root))
    #expect(stats == expected)
    #expect(stats.allSatisfy { $0.needsReview > 20 && $0.skipped > 20 && $0.drafts > 20 })
    #expect(stats.allSatisfy { $0.goldRight > 0 && $0.goldRight < $0.goldTrials })
    // The answers to removed tasks count as work too.
    #expect(removed >= 3)
  }
}
