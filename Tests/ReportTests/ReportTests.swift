import Foundation
import TestSupport
import Testing

@testable import Agreement
@testable import Annotation
@testable import Codecs
@testable import Report
@testable import Reports
@testable import TaskStore

/// The lead's page: its numbers are `rubric agreement --json`'s and `rubric stats`',
/// it asks for nothing outside itself, and its charts are drawn the same each time.
@Suite struct ReportTests {
  /// Every `data-figure` key and value on a page.
  func figures(_ html: String) -> [(key: String, value: Double?)] {
    let pattern = #/data-figure="([^"]*)" data-value="([^"]*)"/#
    return html.matches(of: pattern).map { m in
      let key = String(m.output.1).replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
      return (key, m.output.2 == "null" ? nil : Double(m.output.2))
    }
  }

  /// The page counts in one walk over the answered tasks what `rubric agreement`,
  /// `rubric stats` and the review queue each count in their own: the same tasks,
  /// wherever the task files keep them (or no longer do).
  @Test func theOneWalkCountsWhatEachCommandCounts() throws {
    let root = try storeOfEveryTaskPlace()
    let data = try ReportData.gather(root)
    #expect(data.stats == (try Stats.compute(store: root)))
    #expect(data.stats.map(\.submitted) == [4, 4])
    // Agreement counts the tasks it can read: t0, t1 and "hand".
    let agreement = try AgreementReport.compute(store: root)
    #expect(agreement.questions.first { $0.id == "rank" }?.units == 3)
    #expect(data.agreement.json == agreement.json)
    // The review queue: tasks the screen can open (by their place in the index).
    #expect(data.taskAgreements.sorted() == [0, 1])
    // Every submitted answer is counted per day, "broken" and "gone" included.
    #expect(data.perDay == ["ann": ["2026-12-01": 5], "bob": ["2026-12-01": 5]])
    #expect(data.rankings == 10)
  }

  @Test func everyFigureOnThePageEqualsTheJSONReportOrTheStats() throws {
    let root = temporaryDirectory().appendingPathComponent("demo")
    try DemoTeam.write(root, tasks: 90)
    let page = ReportPage.html(try ReportData.gather(root))
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(AgreementReport.compute(store: root).json.utf8))
        as? [String: Any])
    let stats = Dictionary(try Stats.compute(store: root).map { ($0.annotator, $0) }) { a, _ in a }
    let decisions = try Reviews.decisions(root).values.compactMap(\.review)
    // The page's own counts, recomputed from a full read of every journal (no digest).
    let submitted = try Journal.contents(ofAll: Store.journalURLs(root)).values.flatMap {
      $0.latest.values
    }
    .map(\.annotation).filter { $0.status == .submitted }
    let rankings = submitted.flatMap { $0.answers.values.compactMap(\.ranking) }
    let perDay = Dictionary(grouping: submitted) { String($0.updated.prefix(10)) }.mapValues(
      \.count)
    let lastWeek = perDay.keys.sorted().suffix(7).map { perDay[$0] ?? 0 }
    let store = try Store.open(root, annotator: "t", readOnly: true, asReviewer: true)
    let found = figures(page)
    #expect(found.count > 100)
    var checked = Set<String>()
    for (key, value) in found {
      let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
      try #require(parts.count >= 2, "\(key)")
      var expected: Double?
      switch parts[0] {
      case "q":
        let o = try #require(json[parts[1]] as? [String: Any], "\(key)")
        expected = (o[parts[2]] as? NSNumber)?.doubleValue
      case "a":
        let people = try #require(json["annotators"] as? [String: [String: Any]])
        expected = (people[parts[1]]?[parts[2]] as? NSNumber)?.doubleValue
      case "s":
        let s = try #require(stats[parts[1]], "\(key)")
        switch parts[2] {
        case "submitted": expected = Double(s.submitted)
        case "blind": expected = Double(s.blind)
        case "remaining": expected = Double(s.remaining)
        default: Issue.record("unknown stats figure \(key)")
        }
      case "total":
        switch parts[1] {
        case "submitted": expected = Double(stats.values.reduce(0) { $0 + $1.submitted })
        case "annotators": expected = Double(stats.count)
        case "remaining": expected = Double(stats.values.reduce(0) { $0 + $1.remaining })
        case "pace": expected = Double(lastWeek.reduce(0, +)) / Double(lastWeek.count)
        default: Issue.record("unknown total \(key)")
        }
      case "r":
        if parts.count == 3 {
          let kind = parts[2] == "sent_back"
          expected = Double(
            decisions.filter { ($0.decision == .sentBack) == kind }.flatMap(\.settles).filter {
              $0.annotator == parts[1]
            }.count)
        } else if parts[1] == "tasks_compared" {
          expected = Double(
            try Reviews.queue(store, all: true).filter { $0.agreement != nil }.count)
        } else if parts[1] == "queue_default" {
          expected = Double(try Reviews.queue(store).count)
        } else {
          Issue.record("unknown review figure \(key)")
        }
      case "d":
        switch parts[1] {
        case "rankings": expected = Double(rankings.count)
        case "rankings_with_ties":
          expected = Double(rankings.filter { Set($0.ranks.values).count < $0.ranks.count }.count)
        case "none_acceptable": expected = Double(rankings.filter(\.noneAcceptable).count)
        default: Issue.record("unknown distribution figure \(key)")
        }
      default:
        Issue.record("unknown figure \(key)")
      }
      if let e = expected, let v = value {
        #expect(abs(e - v) < 1e-9, "\(key): page \(v), report \(e)")
      } else {
        #expect(
          expected == nil && value == nil,
          "\(key): page \(String(describing: value)), report \(String(describing: expected))")
      }
      checked.insert(parts[0])
    }
    #expect(checked.isSuperset(of: ["q", "a", "s", "total", "r", "d"]))
    #expect(
      found.contains { $0.key == "total/pace" } && found.contains { $0.key == "d/none_acceptable" })
  }

  @Test func theFinishIsProjectedFromTheLastWeeksPace() throws {
    #expect(ReportData.day("2026-12-30", plus: 3) == "2027-01-02")
    #expect(ReportData.day("2028-02-28", plus: 1) == "2028-02-29")
    #expect(ReportData.day("not a day", plus: 1) == nil)
    var remaining = AnnotatorStats(annotator: "a")
    remaining.remaining = 100
    var d = ReportData(title: "t", agreement: AgreementReport(), stats: [remaining])
    // Eight days of work: the pace is the last seven's mean (20 a day), so 100 more take 5 days.
    d.days = (1...8).map { String(format: "2026-11-%02d", $0) }
    d.perDay = [
      "a": Dictionary(uniqueKeysWithValues: d.days.enumerated().map { ($1, $0 == 0 ? 500 : 20) })
    ]
    let p = try #require(d.projection)
    #expect(p.pace == 20)
    #expect(p.finish == "2026-11-13")
    // Nothing left: a pace, no finish date.
    d.stats[0].remaining = 0
    #expect(d.projection?.finish == nil)
  }

  @Test func thePageAsksForNothingOutsideItselfAndEscapesWhatItShows() throws {
    let root = temporaryDirectory().appendingPathComponent("hostile")
    try Store.create(at: root, preset: "ranking", annotator: "lead")
    let task = ChatTask(
      id: "t<1>", context: [Message(role: .user, content: "q")],
      candidates: ["a", "b"].map {
        Candidate(id: $0, messages: [Message(role: .assistant, content: $0)])
      })
    var line = try TaskCodec.encode(task)
    line.append(0x0A)
    try line.write(to: root.appendingPathComponent("tasks/t.jsonl"))
    for who in ["x\"><img src=y onerror=1>", "e\u{1B}[31mvil<script>alert(1)"] {
      let journal = try Journal(
        url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
      var a = Annotation(
        taskId: "t<1>", annotator: who, status: .submitted, orderShown: ["a", "b"])
      a.answers["rank"] = .ranking(Ranking(tiers: [["a"], ["b"]]))
      a.updated = "2026-12-01T10:00:00.000Z"
      try journal.append(JournalRecord(annotation: a))
    }
    let page = ReportPage.html(try ReportData.gather(root))
    for forbidden in [
      "<script", "<img", "<link", "<iframe", "src=\"", "href=\"", "url(", "@import", "\u{1B}",
      "https://",
    ] {
      #expect(!page.contains(forbidden), "the page holds \(forbidden)")
    }
    // The only URL is the SVG namespace, which is a name, not a request.
    #expect(
      page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://")
        == false)
    #expect(page.contains("x&quot;&gt;&lt;img src=y onerror=1&gt;"))
  }

  @Test func theHeatmapOfTheDemoStoreIsDrawnAsItsGoldenText() throws {
    let root = temporaryDirectory().appendingPathComponent("demo")
    try DemoTeam.write(root, tasks: 60)
    let svg = ReportPage.heatmap(try ReportData.gather(root))
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "Golden/report-heatmap.svg")
    // One element per line, so a difference names the cell.
    let text = svg.replacingOccurrences(of: "><", with: ">\n<") + "\n"
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    let e = expected.split(separator: "\n")
    let a = text.split(separator: "\n")
    let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    #expect(
      first == nil && e.count == a.count,
      "differs at line \(first ?? min(e.count, a.count)): \(first.map { String(a[$0]) } ?? "")")
  }

  @Test func theBootstrapIsSeededAndItsIntervalHoldsTheEstimate() throws {
    let root = temporaryDirectory().appendingPathComponent("demo")
    try DemoTeam.write(root, tasks: 90)
    let report = try AgreementReport.compute(store: root)
    let rank = try #require(report.questions.first { $0.id == "rank" })
    let once = try #require(Bootstrap.pairwise(rank.unitPairwise))
    #expect(Bootstrap.pairwise(rank.unitPairwise) == once)
    #expect(once.contains(try #require(rank.pairwise?.withTies)))
    #expect(once.upperBound - once.lowerBound < 0.2)
    // Per-unit counts add up to the question's figure.
    let sum = rank.unitPairwise.reduce(Statistics.Pairwise(), +)
    #expect(sum == rank.pairwise)
    // The annotator pairs hold every pair once: their sum is the question's too.
    #expect(report.pairs.values.reduce(Statistics.Pairwise(), +) == rank.pairwise)
  }

  /// α's interval from pairs counted once and resamples on all cores is the interval
  /// of resamples drawn in turn from the seed's one sequence, each counted afresh.
  @Test func alphasIntervalIsTheOneOfResamplesDrawnInTurn() throws {
    var g = SplitMix64(seed: 21)
    // Units of 1 to 6 values on a 7-point scale (some cannot be paired).
    let units = (0..<300).map { _ in
      (0..<Int(1 + g.next() % 6)).map { _ in Double(1 + g.next() % 7) }
    }
    for level in Statistics.Level.allCases {
      let values = units.reduce(0) { $0 + $1.count }
      let budget = 120 * values
      var draw = SplitMix64(seed: 3)
      var alphas: [Double] = []
      for _ in 0..<120 {
        let sample = units.indices.map { _ in units[Int(draw.next() % UInt64(units.count))] }
        if let a = Statistics.alpha(sample, level: level), a.isFinite { alphas.append(a) }
      }
      let expected = try #require(Bootstrap.percentiles(alphas))
      #expect(Bootstrap.alpha(units, level: level, budget: budget, seed: 3) == expected)
    }
  }

  /// The pairwise interval drawn on all cores is the one drawn in turn.
  @Test func pairwiseIntervalIsTheOneOfResamplesDrawnInTurn() throws {
    var g = SplitMix64(seed: 8)
    let units = (0..<500).map { _ in
      var p = Statistics.Pairwise()
      p.total = Int(g.next() % 7)
      p.agree = Int(g.next() % UInt64(p.total + 1))
      return p
    }
    var draw = SplitMix64(seed: 4)
    var shares: [Double] = []
    for _ in 0..<300 {
      var agree = 0
      var total = 0
      for _ in units.indices {
        let u = units[Int(draw.next() % UInt64(units.count))]
        agree += u.agree
        total += u.total
      }
      if total > 0 { shares.append(Double(agree) / Double(total)) }
    }
    let expected = try #require(Bootstrap.percentiles(shares))
    #expect(Bootstrap.pairwise(units, resamples: 300, seed: 4) == expected)
    // Resample r's source goes on from draw r·n of the one sequence, exactly.
    var inTurn = SplitMix64(seed: 4)
    for r in 0..<5 {
      var own = Bootstrap.generator(seed: 4, resample: r, draws: 7)
      for _ in 0..<7 { #expect(own.next() == inTurn.next(), "resample \(r)") }
    }
  }

  @Test func sinceKeepsOnlyLaterAnswersOnEveryFigure() throws {
    let root = temporaryDirectory().appendingPathComponent("demo")
    try DemoTeam.write(root, tasks: 60)
    let all = try ReportData.gather(root)
    let late = try ReportData.gather(root, since: "2026-11-08")
    #expect(late.days.allSatisfy { $0 >= "2026-11-08" })
    #expect(late.days.count < all.days.count)
    let submitted = late.stats.reduce(0) { $0 + $1.submitted }
    #expect(submitted == late.teamPerDay.reduce(0, +))
    #expect(
      try Stats.compute(store: root, since: "2026-11-08").map(\.submitted)
        == late.stats.map(\.submitted))
    #expect(try ReportData.gather(root, since: "2027-01-01").stats.allSatisfy { $0.submitted == 0 })
  }
}
