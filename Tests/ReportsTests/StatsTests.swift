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

/// The form's verdicts on a task's answers are remembered for answers met again; each
/// is the verdict `Form.accepts` gives that answer.
@Suite struct VerdictsTests {
  @Test func eachVerdictIsTheFormsOwnWhateverWasSeenBefore() {
    let task = sampleTask("t1", candidates: 3)
    let form = Form(
      title: "f",
      questions: [
        Question(id: "rank", title: "Rank", kind: .ranking(RankingOptions())),
        Question(
          id: "overall", title: "Overall", required: true, scope: .candidate,
          kind: .rating(lo: 1, hi: 7, labels: [:])),
      ])
    func answer(_ order: [String], rated: [String], value: Int = 5) -> Annotation {
      var a = Annotation(taskId: "t1", annotator: "x", status: .submitted, orderShown: order)
      // The same ranking whatever was shown, so only the order tells some apart.
      a.answers["rank"] = .ranking(Ranking(tiers: [["c0", "c1", "c2"]]))
      a.candidateAnswers["overall"] = Dictionary(
        uniqueKeysWithValues: rated.map { ($0, .rating(value)) })
      return a
    }
    let all = ["c0", "c1", "c2"]
    let two = ["c0", "c1"]
    let answers = [
      answer(all, rated: all),
      // Two candidates rated: accepted when only two were shown, not when three were.
      answer(two, rated: two),
      answer(all, rated: two),
      // Alike, built apart (equal maps that share nothing).
      answer(all, rated: all),
      answer(two, rated: two),
      // Out of range, then enough others to fill what is kept.
      answer(all, rated: all, value: 9),
      answer(all, rated: all, value: 1),
      answer(all, rated: all, value: 2),
      answer(all, rated: all, value: 3),
      answer(all, rated: two),
      answer(all, rated: all, value: 9),
    ]
    var verdicts = Stats.Verdicts()
    var given: [Bool] = []
    for a in answers {
      let v = verdicts.accepts(a, form: form, task: task)
      #expect(v == form.accepts(a, task: task))
      given.append(v)
    }
    #expect(given == [true, true, false, true, true, false, true, true, true, false, false])
  }
}
