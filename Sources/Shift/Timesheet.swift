import Annotation
import Codecs
import Platform
import TaskStore

/// `rubric timesheet`: an annotator's days from their own journal and break log.
///
/// Active time is the journal's: each record's `active_ms` less the same task's
/// record before it, counted on the local day the record was saved, so the days
/// add up to the journal's totals exactly.
public struct Timesheet: Sendable {
  /// One local day.
  public struct Day: Sendable, Equatable {
    public var date: String
    /// The first and last record saved that day ("09:05:00", local time).
    public var first = ""
    public var last = ""
    public var activeMs = 0
    public var breaks = 0
    public var breakMs = 0
    public var submitted = 0
    public var skipped = 0
    /// Active milliseconds per content category.
    public var byCategory: [String: Int] = [:]

    public init(date: String) { self.date = date }
  }

  public var annotator: String
  public var days: [Day] = []
  /// Every category that appears, in order.
  public var categories: [String] = []

  /// The timesheet of an annotator (from `since`, a local date "2026-12-01", when given).
  /// The annotator defaults as for `rubric open` (rubric.toml's, then `$USER`).
  public static func compute(_ root: URL, annotator: String? = nil, since: String? = nil) throws
    -> Timesheet
  {
    let store = try Store.open(root, annotator: annotator, readOnly: true)
    let annotator = store.annotator
    let url = root.appendingPathComponent("annotations/\(annotator).jsonl")
    let records =
      FileManager.default.fileExists(atPath: url.path)
      ? try Journal.contents(of: url, annotator: annotator).records : []
    var warnings: [String: [String]] = [:]
    func categories(_ id: String) -> [String] {
      if let w = warnings[id] { return w }
      if !store.isIndexed { store.indexNow() }
      let w = store.index(of: id).flatMap { try? store.task(at: $0).task.contentWarnings } ?? []
      warnings[id] = w
      return w
    }
    var days: [String: Day] = [:]
    var lastMs: [String: Int] = [:]
    var lastStatus: [String: Status] = [:]
    for r in records {
      let a = r.annotation
      guard let when = Timestamp.parse(a.updated) else { continue }
      let (day, time) = Timestamp.local(when)
      let delta = max(0, a.activeMs - (lastMs[a.taskId] ?? 0))
      lastMs[a.taskId] = max(a.activeMs, lastMs[a.taskId] ?? 0)
      let before = lastStatus[a.taskId]
      lastStatus[a.taskId] = a.status
      var d = days[day] ?? Day(date: day)
      if d.first.isEmpty || time < d.first { d.first = time }
      if time > d.last { d.last = time }
      d.activeMs += delta
      if a.status != before {
        if a.status == .submitted { d.submitted += 1 }
        if a.status == .skipped { d.skipped += 1 }
      }
      if delta > 0 { for c in categories(a.taskId) { d.byCategory[c, default: 0] += delta } }
      days[day] = d
    }
    for b in ShiftLog.breaks(root, annotator: annotator) {
      guard let start = Timestamp.parse(b.start) else { continue }
      let day = Timestamp.localDay(start)
      var d = days[day] ?? Day(date: day)
      d.breaks += 1
      d.breakMs += b.ms
      days[day] = d
    }
    var sheet = Timesheet(annotator: annotator)
    sheet.days = days.values.filter { since == nil || $0.date >= since ?? "" }.sorted {
      $0.date < $1.date
    }
    sheet.categories = ContentWarnings.ordered(sheet.days.flatMap(\.byCategory.keys))
    return sheet
  }

  /// "1:02:03".
  static func clock(_ ms: Int) -> String {
    let s = ms / 1000
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))"
  }

  /// Seconds to the millisecond, "1234.567".
  static func seconds(_ ms: Int) -> String {
    let frac = String(ms % 1000)
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
  }

  /// The readable table, with a total row.
  public var table: String {
    var head = "date        first     last      active    breaks  break time  submitted  skipped"
    for c in categories { head += "  " + c.leftPadded(max(8, c.count)) }
    var out = ["\(annotator)'s timesheet", head]
    var total = Day(date: "total")
    for d in days + [total] {
      let row = d.date == "total" ? total : d
      var line =
        row.date.paddedOrCut(10)
        + "  " + row.first.paddedOrCut(8)
        + "  " + row.last.paddedOrCut(8)
        + "  " + Timesheet.clock(row.activeMs).leftPadded(8)
        + "  " + String(row.breaks).leftPadded(6)
        + "  " + Timesheet.clock(row.breakMs).leftPadded(10)
        + "  " + String(row.submitted).leftPadded(9)
        + "  " + String(row.skipped).leftPadded(7)
      for c in categories {
        line += "  " + Timesheet.clock(row.byCategory[c] ?? 0).leftPadded(max(8, c.count))
      }
      if d.date != "total" {
        total.activeMs += d.activeMs
        total.breaks += d.breaks
        total.breakMs += d.breakMs
        total.submitted += d.submitted
        total.skipped += d.skipped
        for (c, ms) in d.byCategory { total.byCategory[c, default: 0] += ms }
      }
      out.append(line)
    }
    if days.isEmpty { out.append("(nothing recorded yet)") }
    return out.joined(separator: "\n")
  }

  /// One row per day: times in seconds to the millisecond.
  public var csv: String {
    var out = [
      ([
        "date", "first", "last", "active_seconds", "breaks", "break_seconds", "submitted",
        "skipped",
      ]
        + categories.map { "\($0)_seconds" }).joined(separator: ",")
    ]
    for d in days {
      out.append(
        ([
          d.date, d.first, d.last, Timesheet.seconds(d.activeMs), "\(d.breaks)",
          Timesheet.seconds(d.breakMs), "\(d.submitted)", "\(d.skipped)",
        ]
          + categories.map { Timesheet.seconds(d.byCategory[$0] ?? 0) }).joined(separator: ","))
    }
    return out.joined(separator: "\n")
  }
}
