import Agreement
import Annotation
import Platform
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

  /// Reads a store once (through its digests) and computes the page's figures in one
  /// walk over the answered tasks: each task and its answers are decoded once for the
  /// agreement, the stats, the review queue and the page's own counts.
  public static func gather(_ root: URL, since: String? = nil) throws -> ReportData {
    let team = try JournalDigests.annotations(root).since(since)
    let files = try AnsweredTasks.taskFiles(root)
    let stats = try Stats.Pass(root, files: files, team: team)
    let start = Part(
      agreement: AgreementReport.Tally(names: team.names), stats: stats.start,
      submits: Array(repeating: Submits(), count: team.names.count))
    let part = try AnsweredTasks.walk(root, files: files, answers: team, start: start) {
      part, t in
      part.agreement.add(t)
      stats.count(t, into: &part.stats)
      if let item = Reviews.item(t, keepAnswers: false), let a = item.agreement {
        part.taskAgreements.append(a)
      }
      t.answers.forEachLent { _, x in
        if x.annotation.status == .submitted { part.submits[x.place].count(x.annotation) }
      }
    } merge: {
      $0.merge($1)
    }
    var data = ReportData(
      title: root.standardizedFileURL.lastPathComponent, since: since,
      agreement: try part.agreement.report(root), stats: stats.rows(part.stats))
    data.taskAgreements = part.taskAgreements
    var dayset = Set<String>()
    for (who, s) in zip(team.names, part.submits) where !s.seconds.isEmpty {
      data.perDay[who] = s.perDay
      dayset.formUnion(s.perDay.keys)
      data.seconds[who] = s.seconds
      data.rankings += s.rankings
      data.noneAcceptable += s.noneAcceptable
      data.rankingsWithTies += s.rankingsWithTies
      data.strengths.merge(s.strengths, uniquingKeysWith: +)
    }
    data.days = dayset.sorted()
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

  /// What the walk over the answered tasks adds up, a batch of tasks at a time.
  struct Part: Sendable {
    var agreement: AgreementReport.Tally
    var stats: Stats.Tally
    var taskAgreements: [Double] = []
    /// By the annotator's place in the team's names.
    var submits: [Submits]

    /// Adds the part of the tasks that come after these.
    mutating func merge(_ o: Part) {
      agreement.merge(o.agreement)
      stats.add(o.stats)
      taskAgreements += o.taskAgreements
      for i in submits.indices { submits[i].add(o.submits[i]) }
    }
  }

  /// One annotator's submitted answers, counted for the page.
  struct Submits: Sendable {
    var perDay: [String: Int] = [:]
    var seconds: [Double] = []
    var rankings = 0
    var noneAcceptable = 0
    var rankingsWithTies = 0
    var strengths: [Int: Int] = [:]

    /// Counts one submitted answer.
    mutating func count(_ a: Annotation) {
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

    /// Adds the counts of the same annotator's later tasks.
    mutating func add(_ o: Submits) {
      perDay.merge(o.perDay, uniquingKeysWith: +)
      seconds += o.seconds
      rankings += o.rankings
      noneAcceptable += o.noneAcceptable
      rankingsWithTies += o.rankingsWithTies
      strengths.merge(o.strengths, uniquingKeysWith: +)
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
    return String(cFormat: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
  }
}
