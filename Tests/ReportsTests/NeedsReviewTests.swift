import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// `NeedsReview.find` checks tasks in batches on all cores; `rubric check` walks the
/// same answers one task at a time through a `Collector`. Both must name the same answers.
@Suite struct NeedsReviewTests {
  @Test func findOnAllCoresNamesWhatACheckOneTaskAtATimeNames() throws {
    let ids = (0..<300).map { "t\($0)" }
    let root = try makeStore(tasks: ids.map { sampleTask($0) })
    for who in ["ann", "bob", "cy"] {
      let store = try Store.open(root, annotator: who)
      for (n, id) in ids.enumerated() where (n + who.count) % 4 != 0 {
        var a = Annotation(
          taskId: id, annotator: who, status: .submitted, orderShown: ["c0", "c1"])
        a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
        if n % 3 == 0 { a.answers["rationale"] = .text("because") }
        try store.save(a, pos: nil)
      }
    }
    // Version 2 makes the rationale required: two thirds of the answers need review.
    let url = root.appendingPathComponent("rubric.toml")
    let toml = try String(contentsOf: url, encoding: .utf8)
      .replacingOccurrences(of: "version = \"1\"", with: "version = \"2\"")
      .replacingOccurrences(of: "kind = \"text\"", with: "kind = \"text\"\nrequired = true")
    try toml.write(to: url, atomically: true, encoding: .utf8)

    let digests = try JournalDigests.annotations(root)
    let found = try NeedsReview.find(root, answers: digests)
    var latest: [String: [String: Annotation]] = [:]
    for who in digests.names { latest[who] = digests.byName[who]?.latest }
    var collector = NeedsReview.Collector(latest: latest)
    let store = try Store.open(root, annotator: "ann", readOnly: true)
    store.indexNow()
    for i in 0..<store.count {
      collector.visit(try store.task(at: i).task, form: store.config.form)
    }
    #expect(found.count > 400)
    #expect(found == collector.sorted)
  }
}
