import Foundation
import TestSupport
import Testing

@testable import Agreement
@testable import Annotation
@testable import Export
@testable import Reports
@testable import TaskStore

/// Three two-candidate ranking tasks: alice and bob disagree on t0 and t1, agree on t2.
/// The reviewer lead accepted bob's answer on t0 and sent t1 back.
private func reviewedStore() throws -> (root: URL, answers: [String: [Annotation]]) {
  let tasks = (0..<3).map { sampleTask("t\($0)", candidates: 2) }
  let root = try makeStore(preset: "ranking", tasks: tasks)
  var answers: [String: [Annotation]] = [:]
  for who in ["alice", "bob"] {
    let store = try Store.open(root, annotator: who)
    for (i, t) in tasks.enumerated() {
      let order = who == "bob" && i < 2 ? ["c1", "c0"] : ["c0", "c1"]
      var a = Annotation(
        taskId: t.id, annotator: who, status: .submitted, orderShown: ["c0", "c1"],
        updated: "2026-12-01T09:00:0\(i)Z")
      a.answers["rank"] = .ranking(Ranking(tiers: order.map { [$0] }))
      a.candidateAnswers["overall"] = ["c0": .rating(4), "c1": .rating(4)]
      try store.save(a, pos: nil)
      answers[t.id, default: []].append(a)
    }
  }
  let reviews = try Store.open(root, annotator: "lead", asReviewer: true)
  for (id, decision) in [("t0", Review.Decision.accepted), ("t1", .sentBack)] {
    let settled = answers[id] ?? []
    var d =
      decision == .accepted
      ? settled[1] : Annotation(taskId: id, annotator: "lead", status: .submitted)
    d.annotator = "lead"
    d.updated = "2026-12-01T10:00:00Z"
    d.review = Review(
      decision: decision,
      settles: settled.map { Review.Settled(annotator: $0.annotator, updated: $0.updated) },
      accepted: decision == .accepted ? "bob" : nil,
      note: decision == .sentBack ? "look again" : nil, quick: true)
    try reviews.save(d, pos: nil)
  }
  return (root, answers)
}

@Suite struct ReviewExportTests {
  @Test func aReviewersDecisionSettlesItsTaskAndASentBackTaskIsLeftOut() throws {
    let (root, _) = try reviewedStore()
    let rows = try exportText(root, .dpo) {
      $0.consensus = .rankedPairs
      $0.adjudicate = true
    }.map(json)
    #expect(rows.map { $0["task_id"] as? String } == ["t0", "t2"])
    let t0 = rows[0]
    #expect(
      t0["chosen"] as? String == "Answer 1 to t0" && t0["rejected"] as? String == "Answer 0 to t0")
    #expect(
      t0["resolution"] as? String == "adjudicated" && t0["adjudicated_by"] as? String == "lead")
    #expect(
      t0["decision"] as? String == "accepted" && t0["quick"] as? Bool == true
        && t0["annotators"] as? Int == 2)
    #expect(rows[1]["resolution"] as? String == "rule" && rows[1]["adjudicated_by"] == nil)
    // The raw export still has every annotator's answer, and nothing of the reviewer's.
    let raw = try exportText(root, .dpo).map(json)
    #expect(Set(raw.compactMap { $0["annotator"] as? String }) == ["alice", "bob"])
    // Without adjudication the rule decides t0 (a tie: no pair) and t1 is in.
    let ruled = try exportText(root, .dpo) { $0.consensus = .rankedPairs }.map(json)
    #expect(ruled.map { $0["task_id"] as? String } == ["t2"])
  }

  @Test func aDecisionNoLongerAppliesOnceAnAnswerItSettledChanges() throws {
    let (root, answers) = try reviewedStore()
    var changed = try #require(answers["t0"]?[0])
    changed.answers["rank"] = .ranking(Ranking(tiers: [["c1"], ["c0"]]))
    changed.updated = "2026-12-01T11:00:00Z"
    try Store.open(root, annotator: "alice").save(changed, pos: nil)
    let rows = try exportText(root, .dpo) {
      $0.consensus = .rankedPairs
      $0.adjudicate = true
    }.map(json)
    // Both now prefer c1: the rule gives it, not the (stale) decision.
    let t0 = try #require(rows.first { $0["task_id"] as? String == "t0" })
    #expect(t0["resolution"] as? String == "rule" && t0["chosen"] as? String == "Answer 1 to t0")
    // And the review queue no longer holds t0 (they agree), while t1 is still there.
    let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
    #expect(try Reviews.queue(store).map(\.taskId) == ["t1"])
  }

  @Test func checkReadsReviewJournalsAndNamesADamagedLine() throws {
    let (root, _) = try reviewedStore()
    let url = root.appendingPathComponent("reviews/lead.jsonl")
    var text = try String(contentsOf: url, encoding: .utf8)
    text = text.replacingOccurrences(of: "look again", with: "look AGAIN")
    try text.write(to: url, atomically: true, encoding: .utf8)
    var stray = Annotation(taskId: "gone", annotator: "lead", status: .submitted)
    stray.review = Review(decision: .edited, settles: [])
    try Journal(url: url, annotator: "lead").append(JournalRecord(annotation: stray))
    let report = StoreCheck.run(root)
    #expect(report.problems.contains { $0.hasPrefix("reviews/lead.jsonl:2: ") })
    #expect(
      report.problems.contains(
        "reviews/lead.jsonl: task_id: a decision on \"gone\", which no task file holds"))
    #expect(!report.problems.contains { $0.hasPrefix("annotations/lead.jsonl") })
  }

  @Test func aDecisionRoundTripsThroughTheJournalAndOldRecordsHaveNone() throws {
    let (root, _) = try reviewedStore()
    let decisions = try Reviews.decisions(root)
    #expect(
      decisions["t0"]?.review?.accepted == "bob" && decisions["t1"]?.review?.note == "look again")
    let line = try String(
      contentsOf: root.appendingPathComponent("annotations/alice.jsonl"), encoding: .utf8)
    #expect(!line.contains("\"review\""))
    #expect(try Reviews.feedback(root, for: "alice").map(\.taskId) == ["t1", "t0"])
  }
}

@Suite struct AgreementReportExtrasTests {
  /// Twelve pairwise-ranking tasks imported with a prior (c0 better): alice always
  /// agrees with it; bob on the even tasks only. Their strength choices: alice always
  /// "A slightly better", bob the same on even tasks and "About the same" on odd ones.
  func priorStore() throws -> URL {
    let tasks = (0..<12).map { i -> ChatTask in
      var t = sampleTask("t\(i)")
      t.prior = Prior(ranking: [["c0"], ["c1"]], source: "judge")
      return t
    }
    let root = try makeStore(preset: "pairwise-ranking", tasks: tasks)
    for who in ["alice", "bob"] {
      let store = try Store.open(root, annotator: who)
      for i in 0..<12 {
        let agrees = who == "alice" || i % 2 == 0
        var a = Annotation(
          taskId: "t\(i)", annotator: who, status: .submitted, orderShown: ["c0", "c1"])
        a.answers["rank"] = .ranking(Ranking(tiers: agrees ? [["c0"], ["c1"]] : [["c1"], ["c0"]]))
        a.answers["strength"] = .choice(agrees ? "A slightly better" : "About the same")
        try store.save(a, pos: nil)
      }
    }
    return root
  }

  @Test func thePriorIsReportedAsOneMoreRater() throws {
    let report = try AgreementReport.compute(store: priorStore())
    #expect(report.priorTasks == 12)
    let alice = try #require(report.annotators.first { $0.name == "alice" })
    let bob = try #require(report.annotators.first { $0.name == "bob" })
    #expect(alice.withPrior.withTies == 1.0 && bob.withPrior.withTies == 0.5)
    let rank = try #require(report.questions.first { $0.id == "rank" })
    #expect(rank.pairwise?.withTies == 0.5)
    // alice–bob 6 of 12, alice–prior 12 of 12, bob–prior 6 of 12.
    #expect(rank.withPrior?.agree == 24 && rank.withPrior?.total == 36)
    #expect(report.table.contains("rank with the prior as a rater: pairwise 66.7% of 36"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
    #expect(
      (json["rank"] as? [String: Any])?["pairwise_agreement_with_prior"] as? Double == 24.0 / 36.0)
    #expect(
      ((json["annotators"] as? [String: Any])?["bob"] as? [String: Any])?["prior_agreement"]
        as? Double == 0.5)
  }

  @Test func aChoiceHasAConfusionTablePerPairOfAnnotators() throws {
    let report = try AgreementReport.compute(store: priorStore())
    let strength = try #require(report.questions.first { $0.id == "strength" })
    #expect(strength.confusion["alice|bob"]?["A slightly better"]?["A slightly better"] == 6)
    #expect(strength.confusion["alice|bob"]?["A slightly better"]?["About the same"] == 6)
    #expect(report.table.contains("strength: alice (rows) against bob (columns)"))
  }

  @Test func reviewersDecisionsAreCountedWithTheQuickOnes() throws {
    let (root, _) = try reviewedStore()
    let report = try AgreementReport.compute(store: root)
    let lead = try #require(report.reviewers.first)
    #expect(
      lead.name == "lead" && lead.decisions == 2 && lead.accepted == 1 && lead.sentBack == 1
        && lead.quick == 2)
    #expect(
      report.table.contains(
        "lead                     2         1       0          1              2"))
    #expect(!report.annotators.contains { $0.name == "lead" })
  }
}

@Suite struct ConsensusFilterTests {
  /// t0 answered by alice and bob, t1 by alice only, g0 a gold task both answered.
  func store() throws -> URL {
    var gold = sampleTask("g0", candidates: 2)
    gold.gold = Gold(ranking: [["c0"], ["c1"]])
    let root = try makeStore(preset: "ranking", tasks: [sampleTask("t0"), sampleTask("t1"), gold])
    for who in ["alice", "bob"] {
      let store = try Store.open(root, annotator: who)
      for id in who == "alice" ? ["t0", "t1", "g0"] : ["t0", "g0"] {
        var a = Annotation(
          taskId: id, annotator: who, status: .submitted, orderShown: ["c0", "c1"])
        a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
        a.candidateAnswers["overall"] = ["c0": .rating(5), "c1": .rating(3)]
        try store.save(a, pos: nil)
      }
    }
    return root
  }

  @Test func aConsensusNeedsTwoAnnotatorsAndLeavesGoldOutSayingSo() throws {
    let root = try store()
    let dir = temporaryDirectory()
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var o = ExportOptions(format: .dpo)
    o.consensus = .rankedPairs
    o.minAgreement = 0.6
    let summary = try Exporter.export(root, options: o, to: dir.appendingPathComponent("c.jsonl"))
    let rows = try String(contentsOf: dir.appendingPathComponent("c.jsonl"), encoding: .utf8).split(
      separator: "\n"
    ).map { try json(String($0)) }
    #expect(rows.map { $0["task_id"] as? String } == ["t0"])
    #expect(summary.skipped["tasks with fewer than 2 annotators (--min-annotators)"] == 1)
    #expect(summary.skipped["gold tasks (--include-gold keeps them)"] == 1)
    // Asked for: one annotator is enough, and gold is kept.
    o.minAnnotators = 1
    o.includeGold = true
    let all = try exportText(root, .dpo) {
      $0.consensus = .rankedPairs
      $0.minAnnotators = 1
      $0.includeGold = true
    }.map(json)
    #expect(Set(all.compactMap { $0["task_id"] as? String }) == ["t0", "t1", "g0"])
    // Every training export leaves gold out, not only a consensus.
    let raw = try exportText(root, .dpo).map(json)
    #expect(!raw.contains { $0["task_id"] as? String == "g0" })
  }
}
