import Agreement
import Annotation
import Foundation
import Reports
import TaskStore

/// Everything the lead's page shows, gathered once from a store: the agreement
/// report and the stats rows (the same values `rubric agreement --json` and
/// `rubric stats` print) and the distributions only the page draws.
public struct ReportData: Sendable {
  public var title: String
  /// Only answers updated on or after this date count (nil: the whole store).
  public var since: String?
  public var agreement: AgreementReport
  public var stats: [AnnotatorStats]
  /// Submitted per annotator per day (UTC date of the answer's last change).
  public var perDay: [String: [String: Int]] = [:]
  /// Every day with a submit, sorted.
  public var days: [String] = []
  /// Seconds spent per submitted task, per annotator.
  public var seconds: [String: [Double]] = [:]
  /// Preference strengths chosen (0 is "about the same").
  public var strengths: [Int: Int] = [:]
  /// Rankings with a tie, rankings with "none acceptable", and rankings in all.
  public var rankingsWithTies = 0
  public var noneAcceptable = 0
  public var rankings = 0
  /// Tasks two or more annotators submitted, with their agreement (`Consensus.taskAgreement`).
  public var taskAgreements: [Double] = []
  /// Review decisions in force, by kind, and per annotator: sent back and settled.
  public var decisions: [String: Int] = [:]
  public var sentBack: [String: Int] = [:]
  public var settled: [String: Int] = [:]
  /// Annotator-task answers still to give (the stats' remaining, summed).
  public var remaining: Int { stats.reduce(0) { $0 + $1.remaining } }

  /// Thresholds the review queue is shown at.
  public static let thresholds = [0.5, 0.6, 0.75, 0.9, 1.0]

  /// Reads a store once (through its digests) and computes the page's figures.
  public static func gather(_ root: URL, since: String? = nil) throws -> ReportData {
    let team = try JournalDigests.annotations(root).since(since)
    var data = ReportData(
      title: root.standardizedFileURL.lastPathComponent, since: since,
      agreement: try AgreementReport.compute(store: root, team: team),
      stats: try Stats.compute(store: root, team: team))
    let store = try Store.open(root, annotator: "report", readOnly: true, asReviewer: true)
    store.indexNow()
    var dayset = Set<String>()
    // Each annotator's journal on its own core (a million answers decoded), summed in name order.
    let counted = onAllCores(team.names) { who in Submits(of: who, in: team) }
    for (who, s) in zip(team.names, counted) where !s.seconds.isEmpty {
      data.perDay[who] = s.perDay
      dayset.formUnion(s.perDay.keys)
      data.seconds[who] = s.seconds
      data.rankings += s.rankings
      data.noneAcceptable += s.noneAcceptable
      data.rankingsWithTies += s.rankingsWithTies
      data.strengths.merge(s.strengths, uniquingKeysWith: +)
    }
    data.days = dayset.sorted()
    for item in try Reviews.queue(store, all: true, team: team, keepAnswers: false) {
      if let a = item.agreement { data.taskAgreements.append(a) }
    }
    for d in try Reviews.decisions(root).values {
      guard let review = d.review else { continue }
      let kind =
        review.decision == .sentBack
        ? "sent back" : review.decision == .edited ? "edited" : "accepted"
      data.decisions[kind, default: 0] += 1
      for s in review.settles {
        if review.decision == .sentBack {
          data.sentBack[s.annotator, default: 0] += 1
        } else {
          data.settled[s.annotator, default: 0] += 1
        }
      }
    }
    return data
  }

  /// One annotator's submitted answers, counted for the page.
  struct Submits: Sendable {
    var perDay: [String: Int] = [:]
    var seconds: [Double] = []
    var rankings = 0
    var noneAcceptable = 0
    var rankingsWithTies = 0
    var strengths: [Int: Int] = [:]

    init(of who: String, in team: JournalDigests) {
      team.each(who) { a in
        guard a.status == .submitted else { return }
        perDay[String(a.updated.prefix(10)), default: 0] += 1
        seconds.append(Double(min(max(a.activeMs, 0), 1 << 40)) / 1000)
        for answer in a.answers.values {
          if let r = answer.ranking {
            rankings += 1
            if r.noneAcceptable { noneAcceptable += 1 }
            if RankingKind.hasTies(r.ranks) { rankingsWithTies += 1 }
          }
          if let p = answer.preference { strengths[p.strength, default: 0] += 1 }
        }
      }
    }
  }

  /// Review queue sizes: tasks whose agreement is below each threshold.
  public var queueByThreshold: [(threshold: Double, tasks: Int)] {
    ReportData.thresholds.map { t in (t, taskAgreements.filter { $0 < t }.count) }
  }

  /// Submits per day for the team, in `days` order.
  public var teamPerDay: [Int] {
    days.map { d in perDay.values.reduce(0) { $0 + ($1[d] ?? 0) } }
  }

  /// The mean submits per day over the last seven days with work, and the day the
  /// remaining work would be done at that pace (nil: no pace yet, or nothing left).
  public var projection: (pace: Double, finish: String?)? {
    let recent = teamPerDay.suffix(7)
    guard !recent.isEmpty else { return nil }
    let pace = Double(recent.reduce(0, +)) / Double(recent.count)
    guard pace > 0, remaining > 0, let last = days.last else { return (pace, nil) }
    return (pace, ReportData.day(last, plus: Int((Double(remaining) / pace).rounded(.up))))
  }

  /// A `YYYY-MM-DD` day moved by `n` days (UTC), or nil when it is not a date.
  static func day(_ s: String, plus n: Int) -> String? {
    let parts = s.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, n < 1_000_000 else { return nil }
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
    guard let date = utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
      let moved = utc.date(byAdding: .day, value: n, to: date)
    else { return nil }
    let c = utc.dateComponents([.year, .month, .day], from: moved)
    return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
  }
}
