import Foundation
import TestSupport
import Testing

@testable import Agreement
@testable import Annotation
@testable import Reports
@testable import TaskStore

@Suite struct StatisticsTests {
  /// Columns of coders' values per unit, nil for missing.
  func units(_ coders: [[Double?]]) -> [[Double]] {
    (0..<coders[0].count).map { u in coders.compactMap { $0[u] } }
  }

  @Test func krippendorffsFourCodersTwelveUnits() throws {
    let data: [[Double?]] = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
      [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]
    // The values krippendorff.alpha gives for the same data.
    #expect(
      abs(try #require(Statistics.alpha(units(data), level: .nominal)) - 0.743421052631579) < 1e-9)
    #expect(
      abs(try #require(Statistics.alpha(units(data), level: .ordinal)) - 0.8153875037548814) < 1e-9)
    #expect(
      abs(try #require(Statistics.alpha(units(data), level: .interval)) - 0.8491071428571428) < 1e-9
    )
  }

  @Test func wikipediasThreeCodersFifteenUnits() throws {
    let data: [[Double?]] = [
      [nil, nil, nil, nil, nil, 3, 4, 1, 2, 1, 1, 3, 3, nil, 3],
      [1, nil, 2, 1, 3, 3, 4, 3, nil, nil, nil, nil, nil, nil, nil],
      [nil, nil, 2, 1, 3, 4, 4, nil, 2, 1, 1, 3, 3, nil, 4],
    ]
    #expect(
      abs(try #require(Statistics.alpha(units(data), level: .nominal)) - 0.691358024691358) < 1e-9)
    #expect(
      abs(try #require(Statistics.alpha(units(data), level: .interval)) - 0.8108448928121059) < 1e-9
    )
  }

  @Test func nothingToPairOrNoVariationIsNoFigure() {
    #expect(Statistics.alpha([[1], [2]], level: .nominal) == nil)
    #expect(Statistics.alpha([[3, 3], [3, 3, 3]], level: .interval) == nil)
  }

  /// The coincidences of units added in two halves and merged equal those of all
  /// units added in one (values met in another order, the table grown past its first
  /// size), at every level.
  @Test func coincidencesMergeAndGrowWithoutChangingAlpha() throws {
    var g = SplitMix64(seed: 11)
    let units = (0..<400).map { _ in
      (0..<Int(2 + g.next() % 6)).map { _ in Double(Int(g.next() % 13) - 6) }
    }
    var whole = Statistics.Coincidences()
    for u in units { whole.add(u) }
    var first = Statistics.Coincidences()
    var second = Statistics.Coincidences()
    for u in units.prefix(150) { first.add(u) }
    for u in units.dropFirst(150).reversed() { second.add(u) }
    second.merge(first)
    for level in Statistics.Level.allCases {
      let a = try #require(whole.alpha(level: level))
      let b = try #require(second.alpha(level: level))
      #expect(abs(a - b) < 1e-12, "\(level)")
    }
  }

  /// More distinct values than any form allows give no α and a bounded table.
  @Test func aJournalOfEndlesslyDistinctValuesGivesNoAlpha() {
    var c = Statistics.Coincidences()
    for n in 0..<2_000 { c.add([Double(2 * n), Double(2 * n + 1)]) }
    #expect(c.overflowed)
    #expect(c.values.count == Statistics.Coincidences.mostValues)
    #expect(
      c.cells.count <= Statistics.Coincidences.mostValues * Statistics.Coincidences.mostValues)
    #expect(c.alpha(level: .interval) == nil)
    // Up to the bound, α is computed.
    var fine = Statistics.Coincidences()
    for n in 0..<500 { fine.add([Double(2 * n), Double(2 * n + 1)]) }
    #expect(!fine.overflowed)
    #expect(fine.alpha(level: .interval) != nil)
  }

  @Test func kendallTauBAsScipyComputesIt() throws {
    #expect(
      abs(
        try #require(Statistics.kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]))
          - -0.4714045207910316) < 1e-9)
    #expect(
      abs(try #require(Statistics.kendallTauB([1, 2, 2, 4], [1, 3, 2, 4])) - 0.912870929175277)
        < 1e-9)
    #expect(Statistics.kendallTauB([1, 1, 1], [1, 2, 3]) == nil)
  }

  @Test func pairwiseAgreementWithAndWithoutTies() {
    var p = Statistics.Pairwise()
    p.add(.first, .first)
    p.add(.first, .second)
    p.add(.tie, .tie)
    p.add(.tie, .first)
    #expect(p.withTies == 0.5)
    #expect(p.withoutTies == 0.5)
    #expect(p.total == 4 && p.totalNoTies == 2)
  }
}

@Suite struct AgreementReportTests {
  @Test func twoAnnotatorsWhoAgreeOnNineTasksOfTwelve() throws {
    let tasks = (0..<12).map { sampleTask("t\($0)", candidates: 3) }
    let root = try makeStore(preset: "ranking", tasks: tasks)
    for who in ["alice", "bob"] {
      let store = try Store.open(root, annotator: who)
      for (i, t) in tasks.enumerated() {
        let ids = t.candidates.map(\.id)
        // Bob reverses the order on three tasks.
        let order = who == "bob" && i < 3 ? Array(ids.reversed()) : ids
        var a = Annotation(taskId: t.id, annotator: who, status: .submitted, orderShown: ids)
        a.answers["rank"] = .ranking(Ranking(tiers: order.map { [$0] }))
        a.candidateAnswers["overall"] = Dictionary(
          uniqueKeysWithValues: order.enumerated().map {
            ($1, .rating(7 - $0 - (who == "bob" && i % 2 == 0 ? 1 : 0)))
          })
        // Alice flags the first candidate of tasks 0–5, Bob of tasks 0–2 and 6–8.
        let flagged = who == "alice" ? i < 6 : (i < 3 || (6..<9).contains(i))
        if flagged { a.candidateAnswers["flags"] = [ids[0]: .labels(["hallucination"])] }
        a.activeMs = who == "alice" ? 30_000 : 60_000
        try store.save(a, pos: nil)
      }
    }
    let report = try AgreementReport.compute(store: root)
    let rank = try #require(report.questions.first { $0.id == "rank" })
    #expect(rank.units == 12 && rank.annotators == 2)
    #expect(rank.pairwise?.withTies == 27.0 / 36.0)
    #expect(rank.kendallTauB == 0.5)
    let overall = try #require(report.questions.first { $0.id == "overall" })
    #expect(overall.units == 36)
    // The same figure the statistic gives on the same units.
    var units: [[Double]] = []
    for (i, t) in tasks.enumerated() {
      let ids = t.candidates.map(\.id)
      for id in ids {
        let aPlace = Double(ids.firstIndex(of: id)!)
        let bOrder = i < 3 ? Array(ids.reversed()) : ids
        let bPlace = Double(bOrder.firstIndex(of: id)!)
        units.append([7 - aPlace, 7 - bPlace - (i % 2 == 0 ? 1 : 0)])
      }
    }
    #expect(overall.alpha[.interval] == Statistics.alpha(units, level: .interval))
    // A label's α, counted as units are read, equals α over its units kept whole.
    let flags = try #require(report.questions.first { $0.id == "flags" })
    var flagUnits: [[Double]] = []
    for i in 0..<12 {
      let alice: Double = i < 6 ? 1 : 0
      let bob: Double = i < 3 || (6..<9).contains(i) ? 1 : 0
      flagUnits += [[alice, bob], [0, 0], [0, 0]]
    }
    let expected = try #require(Statistics.alpha(flagUnits, level: .nominal))
    #expect(flags.labelAlpha["hallucination"] == expected)
    #expect(abs(expected - 0.40833) < 0.0001)
    let alice = try #require(report.annotators.first { $0.name == "alice" })
    #expect(alice.agreement.withTies == 27.0 / 36.0)
    #expect(alice.medianSeconds == 30)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
    let r = try #require(json["rank"] as? [String: Any])
    #expect(r["pairwise_agreement"] as? Double == 0.75)
    #expect(r["kendall_tau_b"] as? Double == 0.5)
    #expect((json["annotators"] as? [String: Any])?.keys.sorted() == ["alice", "bob"])
    #expect(report.table.contains("pairwise 75.0% of 36"))
    #expect(report.csv.split(separator: "\n").count == 3)
  }

  /// Tasks are counted in batches on all cores: the batches' tallies, merged in
  /// order, give the figures one tally over every task gives, for every measure
  /// (pairwise, scale, per label, nominal with its confusion) and the prior.
  @Test(arguments: [
    ("ranking", ["rank", "overall", "flags"]), ("pairwise-ranking", ["rank", "strength"]),
  ])
  func talliesOfBatchesMergeIntoTheTallyOfAllTasks(preset: String, questions: [String]) throws {
    var g = SplitMix64(seed: 11)
    let tasks = (0..<300).map { i -> ChatTask in
      var t = sampleTask("t\(i)", candidates: preset == "ranking" ? 2 + Int(g.next() % 3) : 2)
      if i % 3 == 0 { t.prior = Prior(ranking: t.candidates.map(\.id).reversed().map { [$0] }) }
      return t
    }
    let root = try makeStore(preset: preset, tasks: tasks)
    let strengths = ["A much better", "A slightly better", "About the same", "B slightly better"]
    for who in ["ann", "bea", "cy", "dee"] {
      let journal = try Journal(url: root.appendingPathComponent("annotations/\(who).jsonl"))
      var lines = Data()
      for t in tasks where g.next() % 5 != 0 {
        var ids = t.candidates.map(\.id)
        ids.shuffle(using: &g)
        var a = Annotation(taskId: t.id, annotator: who, status: .submitted, orderShown: ids)
        a.answers["rank"] = .ranking(Ranking(tiers: ids.map { [$0] }))
        if preset == "ranking" {
          a.candidateAnswers["overall"] = Dictionary(
            uniqueKeysWithValues: ids.map { ($0, .rating(1 + Int(g.next() % 7))) })
          if g.next() % 3 == 0 {
            a.candidateAnswers["flags"] = [ids[0]: .labels(["hallucination"])]
          }
        } else {
          let strength = strengths[Int(g.next() % UInt64(strengths.count))]
          a.answers["strength"] = .choice(CandidateChoice.stored(strength, order: ids))
        }
        a.activeMs = 1000 * Int(1 + g.next() % 90)
        lines.append(try journal.line(for: JournalRecord(annotation: a)))
      }
      try lines.write(to: journal.url)
    }
    let team = try JournalDigests.annotations(root)
    let whole = try AgreementReport.compute(store: root, team: team, batch: 1_000_000)
    let batched = try AgreementReport.compute(store: root, team: team, batch: 7)
    #expect(whole.questions.map(\.id) == questions)
    #expect(batched.questions.map(\.id) == whole.questions.map(\.id))
    for (b, w) in zip(batched.questions, whole.questions) {
      #expect(b.units == w.units && b.annotators == w.annotators, "\(w.id)")
      #expect(b.pairwise == w.pairwise && b.unitPairwise == w.unitPairwise, "\(w.id)")
      #expect(b.alphaUnits == w.alphaUnits && b.alpha == w.alpha, "\(w.id)")
      #expect(b.confusion == w.confusion && b.withPrior == w.withPrior, "\(w.id)")
      for (label, alpha) in w.labelAlpha {
        #expect(abs((b.labelAlpha[label] ?? 9) - alpha) < 1e-12, "\(w.id) \(label)")
      }
      #expect(abs((b.kendallTauB ?? 9) - (w.kendallTauB ?? 0)) < 1e-12 || w.kendallTauB == nil)
    }
    #expect(whole.priorTasks > 90 && batched.priorTasks == whole.priorTasks)
    if preset == "pairwise-ranking" {
      #expect(whole.questions.last?.confusion.isEmpty == false)
    }
    #expect(batched.pairs == whole.pairs)
    for (b, w) in zip(batched.annotators, whole.annotators) {
      #expect(b.name == w.name && b.submitted == w.submitted && b.blind == w.blind)
      #expect(b.medianSeconds == w.medianSeconds && b.agreement == w.agreement, "\(w.name)")
      #expect(b.withPrior == w.withPrior && w.withPrior.total > 0, "\(w.name)")
      #expect(b.firstShownWins == w.firstShownWins && b.firstShownTrials == w.firstShownTrials)
      #expect(b.longerWins == w.longerWins && b.lengthTrials == w.lengthTrials, "\(w.name)")
    }
    #expect(batched.annotators.count == 4 && whole.annotators.count == 4)
    #expect(batched.table == whole.table)
    #expect(whole.questions.first?.units ?? 0 > 100)
  }

  @Test func aFigureOverTooFewUnitsSaysSo() throws {
    let tasks = (0..<3).map { sampleTask("t\($0)") }
    let root = try makeStore(tasks: tasks)
    for who in ["alice", "bob"] {
      let store = try Store.open(root, annotator: who)
      for t in tasks {
        var a = Annotation(
          taskId: t.id, annotator: who, status: .submitted, orderShown: ["c0", "c1"])
        a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
        try store.save(a, pos: nil)
      }
    }
    #expect(try AgreementReport.compute(store: root).table.contains("too few units (3; 10 needed)"))
  }
}

@Suite struct ConsensusTests {
  /// Rank maps from orders, best first.
  func ranks(_ orders: [[String]]) -> [[String: Double]] {
    orders.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, Double($0 + 1)) }) }
  }

  @Test func rankedPairsLocksTheLargestMajoritiesAndSkipsACycle() {
    // A Condorcet cycle A>B (7-2), B>C (5-4), C>A (6-3): ranked pairs locks A>B, then C>A, and skips B>C.
    var orders: [[String]] = []
    orders += Array(repeating: ["A", "B", "C"], count: 3)
    orders += Array(repeating: ["B", "C", "A"], count: 2)
    orders += Array(repeating: ["C", "A", "B"], count: 4)
    #expect(
      Consensus.order(ranks(orders), ["A", "B", "C"], .rankedPairs) == [["C"], ["A"], ["B"]])
  }

  @Test func meanRankAndMajorityOnAClearCase() {
    let orders = [["A", "B", "C"], ["A", "C", "B"], ["B", "A", "C"]]
    #expect(Consensus.order(ranks(orders), ["A", "B", "C"], .meanRank) == [["A"], ["B"], ["C"]])
    #expect(Consensus.order(ranks(orders), ["A", "B", "C"], .majority) == [["A"], ["B"], ["C"]])
    #expect(
      Consensus.order(ranks(orders), ["A", "B", "C"], .rankedPairs) == [["A"], ["B"], ["C"]])
    // Two annotators in full disagreement: a tie.
    #expect(
      Consensus.order(ranks([["A", "B"], ["B", "A"]]), ["A", "B"], .rankedPairs) == [["A", "B"]])
    #expect(Consensus.agreement(ranks(orders), ["A", "B", "C"]) == 5.0 / 9.0)
  }

  @Test func agreementCountedPerOrderEqualsComparingEveryPairOfAnnotators() {
    // The definition: every pair of annotators, every pair of candidates both ranked.
    func pairwise(_ r: [[String: Double]], _ c: [String]) -> Double? {
      var agree = 0
      var total = 0
      for i in r.indices {
        for j in r.indices where j > i {
          for a in c.indices {
            for b in c.indices where b > a {
              guard let xi = r[i][c[a]], let yi = r[i][c[b]], let xj = r[j][c[a]],
                let yj = r[j][c[b]]
              else { continue }
              total += 1
              if (xi < yi) == (xj < yj) && (xi == yi) == (xj == yj) { agree += 1 }
            }
          }
        }
      }
      return total == 0 ? nil : Double(agree) / Double(total)
    }
    var g = SplitMix64(seed: 28)
    let candidates = ["A", "B", "C", "D"]
    for _ in 0..<300 {
      let rankings = (0..<Int(g.next() % 9)).map { _ in
        // Ranks 1...3 (ties happen), some candidates left out.
        Dictionary(
          uniqueKeysWithValues: candidates.compactMap { c in
            g.next() % 5 == 0 ? nil : (c, Double(1 + g.next() % 3))
          })
      }
      #expect(Consensus.agreement(rankings, candidates) == pairwise(rankings, candidates))
    }
  }

  @Test func theExportWritesOneRowPerTaskWithItsAnnotatorsAndAgreement() throws {
    let tasks = (0..<4).map { sampleTask("t\($0)", candidates: 3) }
    let root = try makeStore(preset: "ranking", tasks: tasks)
    for who in ["alice", "bob", "carol"] {
      let store = try Store.open(root, annotator: who)
      for (i, t) in tasks.enumerated() {
        let ids = t.candidates.map(\.id)
        // Everyone agrees on t0..t2; on t3 carol reverses the order.
        let order = who == "carol" && i == 3 ? Array(ids.reversed()) : ids
        var a = Annotation(taskId: t.id, annotator: who, status: .submitted, orderShown: ids)
        a.answers["rank"] = .ranking(Ranking(tiers: order.map { [$0] }))
        a.candidateAnswers["overall"] = Dictionary(
          uniqueKeysWithValues: ids.map { ($0, .rating(who == "alice" ? 6 : 4)) })
        try store.save(a, pos: nil)
      }
    }
    let rows = try exportText(root, .dpo) {
      $0.pairs = .adjacent
      $0.consensus = .rankedPairs
    }.map(json)
    #expect(rows.count == 8)
    #expect(
      rows.allSatisfy { $0["annotator"] as? String == "consensus" && $0["annotators"] as? Int == 3 }
    )
    #expect(
      rows.filter { $0["task_id"] as? String == "t3" }.allSatisfy {
        abs(($0["agreement"] as? Double ?? 0) - 1.0 / 3.0) < 1e-9
      })
    let strict = try exportText(root, .dpo) {
      $0.pairs = .adjacent
      $0.consensus = .rankedPairs
      $0.minAgreement = 0.5
    }.map(json)
    #expect(Set(strict.compactMap { $0["task_id"] as? String }) == ["t0", "t1", "t2"])
    // Ratings merge by the median (4), and the margin follows.
    #expect(rows.allSatisfy { $0["margin"] as? Double == 0 })
  }
}

@Suite struct AgreementJSONTests {
  @Test func figuresThatAreNoNumberAreNullAndKeysComeInCodePointOrder() throws {
    var report = AgreementReport()
    var q = AgreementReport.QuestionFigures(
      Question(id: "overall", title: "Overall", kind: .rating(lo: 1, hi: 7, labels: [:])))
    q.alpha[.interval] = .nan
    q.labelAlpha = ["b": .infinity, "a": 0.5]
    report.questions = [q]
    var bob = AgreementReport.AnnotatorFigures(name: "bob")
    bob.medianSeconds = .nan
    report.annotators = [bob, AgreementReport.AnnotatorFigures(name: "Alice")]
    let text = report.json
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect(overall["alpha_interval"] is NSNull)
    #expect((overall["alpha_nominal_by_label"] as? [String: Any])?["b"] is NSNull)
    #expect((overall["alpha_nominal_by_label"] as? [String: Any])?["a"] as? Double == 0.5)
    let people = try #require(json["annotators"] as? [String: Any])
    #expect((people["bob"] as? [String: Any])?["median_seconds_per_task"] is NSNull)
    // Upper case before lower case, the same bytes on every machine.
    let alice = try #require(text.range(of: "\"Alice\""))
    let bobAt = try #require(text.range(of: "\"bob\""))
    #expect(alice.lowerBound < bobAt.lowerBound)
  }
}
