import Agreement
import Annotation
import Platform
import Reports
import TaskStore

/// The lead's report as one HTML file: inline styles, inline SVG, no script, no
/// request of any kind. Every figure is written with `data-figure` (a key) and
/// `data-value` (the number at full precision) so a test can hold the page to
/// `rubric agreement --json` and `rubric stats`.
public enum ReportPage {
  /// The whole page.
  public static func html(_ d: ReportData) -> String {
    var body = header(d)
    body += section("Progress", progress(d))
    body += section("Agreement per question", questions(d))
    body += section("Who agrees with whom", heatmap(d))
    body += section("Annotators", annotators(d))
    body += section("Time per task", times(d))
    body += section("Answers", distributions(d))
    body += section("Review", review(d))
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(SVG.escape("Rubric report: " + d.title))</title>
      <style>\(style)</style></head>
      <body>\(body)
      <footer>Written by rubric report. Agreement figures equal <code>rubric agreement --json</code>; per-annotator counts equal <code>rubric stats</code>.</footer>
      </body></html>

      """
  }

  static let style = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;margin:24px auto;max-width:1100px;padding:0 16px}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d0d0;padding-bottom:4px}
    .sub{color:#555;margin:0 0 12px}.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
    .tile{border:1px solid #d0d0d0;border-radius:6px;padding:8px 12px;min-width:120px}.tile b{display:block;font-size:20px}
    table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:3px 8px;text-align:right;border-bottom:1px solid #eee}
    th:first-child,td:first-child{text-align:left}th{font-weight:600;border-bottom:1px solid #999}
    .note{color:#555;font-size:12px}.grid{display:flex;flex-wrap:wrap;gap:12px}svg{overflow:visible}
    footer{margin-top:32px;color:#666;font-size:12px}
    @media print{body{margin:0;max-width:none}section{break-inside:avoid}}
    """

  static func section(_ title: String, _ content: String) -> String {
    "<section><h2>\(SVG.escape(title))</h2>\(content)</section>\n"
  }

  /// A number on the page, tagged with its key and exact value.
  static func fig(_ key: String, _ value: Double?, _ text: String) -> String {
    let raw = value.map { String(cFormat: "%.12g", $0) } ?? "null"
    return
      "<span data-figure=\"\(SVG.escape(key))\" data-value=\"\(raw)\">\(SVG.escape(text))</span>"
  }

  static func fig(_ key: String, _ value: Int) -> String { fig(key, Double(value), "\(value)") }

  static func percent(_ x: Double?) -> String { AgreementReport.percent(x) }
  static func number(_ x: Double?) -> String { AgreementReport.number(x) }

  static func header(_ d: ReportData) -> String {
    let submitted = d.stats.reduce(0) { $0 + $1.submitted }
    let projection = d.projection
    var tiles = [
      ("submitted", fig("total/submitted", submitted)),
      ("annotators", fig("total/annotators", d.stats.count)),
      ("still to answer", fig("total/remaining", d.remaining)),
    ]
    if let p = projection {
      tiles.append(
        ("per day, last 7 days", fig("total/pace", p.pace, String(cFormat: "%.0f", p.pace))))
      tiles.append(("projected finish", SVG.escape(p.finish ?? (d.remaining == 0 ? "done" : "–"))))
    }
    let period = d.since.map { "answers updated since \(SVG.escape($0))" } ?? "the whole store"
    return
      "<h1>\(SVG.escape(d.title))</h1><p class=\"sub\">Rubric report over \(period).</p><div class=\"tiles\">"
      + tiles.map { "<div class=\"tile\"><b>\($0.1)</b>\(SVG.escape($0.0))</div>" }.joined()
      + "</div>\n"
  }

  // MARK: Progress

  static func progress(_ d: ReportData) -> String {
    guard !d.days.isEmpty else { return "<p>No submitted answers yet.</p>" }
    let counts = d.teamPerDay
    let w = 1000.0
    let h = 180.0
    let left = 44.0
    let top = 10.0
    let plotH = h - 40
    let maxCount = Double(counts.max() ?? 1)
    let step = (w - left) / Double(counts.count)
    var svg = axis(left: left, top: top, width: w - left, height: plotH, maxValue: maxCount)
    var cumulative = 0
    var line: [(Double, Double)] = []
    let total = Double(counts.reduce(0, +)) + Double(d.remaining)
    for (i, c) in counts.enumerated() {
      let bh = plotH * Double(c) / max(1, maxCount)
      svg += SVG.rect(
        left + Double(i) * step + 1, top + plotH - bh, max(1, step - 2), bh,
        fill: Palette.categories[0], tip: "\(d.days[i]): \(c) submitted")
      cumulative += c
      line.append(
        (left + (Double(i) + 0.5) * step, top + plotH - plotH * Double(cumulative) / max(1, total)))
    }
    svg += SVG.polyline(line, stroke: Palette.categories[1])
    for i in labelIndices(counts.count, every: 10) {
      svg += SVG.text(
        left + (Double(i) + 0.5) * step, h - 12, d.days[i], anchor: "middle", size: 10)
    }
    let chart = SVG.frame(width: w, height: h, title: "Submitted per day", svg)
    let legend =
      "<p class=\"note\">Bars: answers submitted each day (left scale). Orange line: share of all work done so far (0 to 100% of the height).</p>"
    return chart + legend + dayHeatmap(d)
  }

  /// Annotators (rows) by days (columns), darker for more submits.
  static func dayHeatmap(_ d: ReportData) -> String {
    let names = d.stats.map(\.annotator).filter { d.perDay[$0] != nil }
    guard !names.isEmpty else { return "" }
    let cell = max(6.0, min(22.0, 860.0 / Double(d.days.count)))
    let left = 130.0
    let rowH = 14.0
    let maxCount = Double(d.perDay.values.flatMap(\.values).max() ?? 1)
    var svg = ""
    for (r, who) in names.enumerated() {
      let y = Double(r) * rowH
      svg += SVG.text(left - 6, y + rowH - 3, SVG.short(who, 18), anchor: "end", size: 10)
      for (c, day) in d.days.enumerated() {
        let n = d.perDay[who]?[day] ?? 0
        guard n > 0 else { continue }
        svg += SVG.rect(
          left + Double(c) * cell, y + 1, cell - 1, rowH - 2,
          fill: Palette.ramp(Double(n) / maxCount), tip: "\(who), \(day): \(n)")
      }
    }
    let height = Double(names.count) * rowH + 4
    return
      "<p class=\"note\">Submitted per annotator per day (darker: more, up to \(Int(maxCount))).</p>"
      + SVG.frame(
        width: left + Double(d.days.count) * cell, height: height,
        title: "Submitted per annotator per day", svg)
  }

  static func axis(left: Double, top: Double, width: Double, height: Double, maxValue: Double)
    -> String
  {
    var svg = ""
    for k in 0...4 {
      let v = maxValue * Double(k) / 4
      let y = top + height - height * Double(k) / 4
      svg += SVG.line(left, y, left + width, y)
      svg += SVG.text(
        left - 4, y + 4, String(cFormat: "%.0f", v), anchor: "end", size: 10, fill: Palette.muted)
    }
    return svg
  }

  static func labelIndices(_ n: Int, every target: Int) -> [Int] {
    guard n > 0 else { return [] }
    let stride = max(1, n / target)
    return Array(Swift.stride(from: 0, to: n, by: stride))
  }

  // MARK: Agreement

  static func questions(_ d: ReportData) -> String {
    guard !d.agreement.questions.isEmpty else {
      return "<p>No task was submitted by two or more annotators yet.</p>"
    }
    var rows = ""
    for q in d.agreement.questions {
      let id = q.id
      let enough = q.units >= AgreementReport.minimumUnits
      var value = ""
      var interval: ClosedRange<Double>?
      var main: Double?
      switch q.measure {
      case .pairwise:
        let p = q.pairwise ?? Statistics.Pairwise()
        main = p.withTies
        interval = Bootstrap.pairwise(q.unitPairwise)
        value =
          "pairwise " + fig("q/\(id)/pairwise_agreement", p.withTies, percent(p.withTies))
          + ", without ties "
          + fig("q/\(id)/pairwise_agreement_no_ties", p.withoutTies, percent(p.withoutTies))
          + ", τ-b " + fig("q/\(id)/kendall_tau_b", q.kendallTauB, number(q.kendallTauB))
        if let w = q.withPrior {
          value +=
            ", with the prior "
            + fig("q/\(id)/pairwise_agreement_with_prior", w.withTies, percent(w.withTies))
        }
      case .scale:
        main = q.alpha[.interval]
        interval = Bootstrap.alpha(q.alphaUnits, level: .interval)
        value =
          "α ordinal " + fig("q/\(id)/alpha_ordinal", q.alpha[.ordinal], number(q.alpha[.ordinal]))
          + ", interval "
          + fig("q/\(id)/alpha_interval", q.alpha[.interval], number(q.alpha[.interval]))
      case .nominal:
        main = q.alpha[.nominal]
        interval = Bootstrap.alpha(q.alphaUnits, level: .nominal)
        value =
          "α nominal " + fig("q/\(id)/alpha_nominal", q.alpha[.nominal], number(q.alpha[.nominal]))
      case .perLabel:
        value =
          q.labelAlpha.isEmpty
          ? "no label was chosen on units two or more annotators saw"
          : "α nominal per label: "
            + q.labelAlpha.sorted { $0.key < $1.key }.map {
              "\(SVG.escape($0.key)) \(number($0.value))"
            }.joined(separator: ", ")
      case .none: break
      }
      let ci =
        interval.map { String(cFormat: "95%% interval %.3f–%.3f", $0.lowerBound, $0.upperBound) }
        ?? ""
      rows +=
        "<tr><td>\(SVG.escape(id))</td><td>\(SVG.escape(q.kind))</td><td>\(fig("q/\(id)/units", q.units))</td>"
        + "<td>\(fig("q/\(id)/annotators", q.annotators))</td><td>\(agreementBar(main, interval))</td>"
        + "<td style=\"text-align:left\">\(enough ? value : "too few units (\(q.units); \(AgreementReport.minimumUnits) needed)")<br><span class=\"note\">\(ci)</span></td></tr>"
    }
    return
      "<table><tr><th>question</th><th>kind</th><th>units</th><th>annotators</th><th>0 ……… 1</th><th style=\"text-align:left\">agreement</th></tr>\(rows)</table>"
      + "<p class=\"note\">Intervals: percentile bootstrap over units (tasks, or task × candidate), seeded; pairwise agreement from 1,000 resamples, α from up to 200.</p>"
  }

  /// A 0–1 bar with its interval as a whisker.
  static func agreementBar(_ v: Double?, _ ci: ClosedRange<Double>?) -> String {
    let w = 160.0
    var svg = SVG.rect(0, 4, w, 10, fill: "#eeeeee")
    if let v, v.isFinite {
      let x = max(0, min(1, v))
      svg += SVG.rect(0, 4, w * x, 10, fill: Palette.categories[0])
    }
    if let ci {
      let a = w * max(0, min(1, ci.lowerBound))
      let b = w * max(0, min(1, ci.upperBound))
      svg += SVG.line(a, 9, b, 9, stroke: Palette.ink, width: 1.5)
      svg +=
        SVG.line(a, 5, a, 13, stroke: Palette.ink, width: 1.5)
        + SVG.line(b, 5, b, 13, stroke: Palette.ink, width: 1.5)
    }
    return SVG.frame(width: w, height: 18, title: "agreement", svg)
  }

  /// Annotator by annotator pairwise agreement, with the prior as one more row.
  static func heatmap(_ d: ReportData) -> String {
    let names = d.agreement.annotators.map(\.name)
    guard names.count >= 2, !d.agreement.pairs.isEmpty else {
      return "<p>Needs rankings or preferences from two or more annotators on the same tasks.</p>"
    }
    let hasPrior = d.agreement.priorTasks > 0
    let n = names.count
    let cell = max(8.0, min(26.0, 700.0 / Double(n)))
    let left = 130.0
    let top = 80.0
    var svg = ""
    for (i, name) in names.enumerated() {
      let x = left + (Double(i) + 0.5) * cell
      svg +=
        "<text transform=\"translate(\(SVG.num(x)),\(SVG.num(top - 4))) rotate(-60)\" font-size=\"10\" fill=\"\(Palette.ink)\">\(SVG.escape(SVG.short(name, 18)))</text>"
    }
    let rows = names.map { Optional($0) } + (hasPrior ? [nil] : [])
    for (r, row) in rows.enumerated() {
      let y = top + Double(r) * cell
      svg += SVG.text(
        left - 6, y + cell * 0.7, row.map { SVG.short($0, 18) } ?? "prior", anchor: "end", size: 10)
      for (c, col) in names.enumerated() {
        var p: Statistics.Pairwise?
        if let row {
          guard row != col else { continue }
          p = d.agreement.pairs[row < col ? "\(row)|\(col)" : "\(col)|\(row)"]
        } else {
          p = d.agreement.annotators[c].withPrior
        }
        guard let v = p?.withTies else { continue }
        let tip = "\(row ?? "prior") and \(col): \(percent(v)) of \(p?.total ?? 0) pairs"
        svg += SVG.rect(
          left + Double(c) * cell, y, cell - 1, cell - 1, fill: Palette.ramp(v), tip: tip)
        if cell >= 24 {
          svg += SVG.text(
            left + (Double(c) + 0.5) * cell, y + cell * 0.65, String(cFormat: "%.0f", v * 100),
            anchor: "middle", size: 9, fill: Palette.onRamp(v))
        }
      }
    }
    let height = top + Double(rows.count) * cell + 8
    return SVG.frame(
      width: left + Double(n) * cell + 10, height: height,
      title: "Pairwise agreement between annotators", svg)
      + "<p class=\"note\">Each cell: the share of candidate pairs two annotators ordered alike (ties counted), over the tasks both ranked; darker is higher, light is low."
      + (hasPrior ? " The last row is the dataset's own prior as a rater." : "") + "</p>"
  }

  // MARK: Annotators

  static func annotators(_ d: ReportData) -> String {
    let figures = Dictionary(d.agreement.annotators.map { ($0.name, $0) }) { a, _ in a }
    var rows = ""
    for s in d.stats {
      let who = s.annotator
      let a = figures[who]
      let k = "a/\(who)"
      func rate(_ wins: Int, _ trials: Int) -> Double? {
        trials == 0 ? nil : Double(wins) / Double(trials)
      }
      let gold =
        a.map {
          $0.goldTrials == 0
            ? "–"
            : fig("\(k)/gold_right", $0.goldRight) + "/" + fig("\(k)/gold_tasks", $0.goldTrials)
        } ?? "–"
      rows +=
        "<tr><td>\(SVG.escape(who))</td>"
        + "<td>\(fig("s/\(who)/submitted", s.submitted))</td>"
        + "<td>\(gold)</td>"
        + "<td>\(a.map { fig("\(k)/agreement_with_others", $0.agreement.withTies, percent($0.agreement.withTies)) } ?? "–")</td>"
        + "<td>\(a.map { fig("\(k)/median_seconds_per_task", $0.medianSeconds, $0.medianSeconds.map { String(cFormat: "%.0f", $0) } ?? "–") } ?? "–")</td>"
        + "<td>\(a.map { fig("\(k)/first_shown_win_rate", rate($0.firstShownWins, $0.firstShownTrials), percent(rate($0.firstShownWins, $0.firstShownTrials))) } ?? "–")</td>"
        + "<td>\(a.map { fig("\(k)/longer_win_rate", rate($0.longerWins, $0.lengthTrials), percent(rate($0.longerWins, $0.lengthTrials))) } ?? "–")</td>"
        + "<td>\(fig("s/\(who)/blind", s.blind))</td>"
        + "<td>\(fig("r/\(who)/sent_back", d.sentBack[who] ?? 0))</td>"
        + "<td>\(fig("r/\(who)/settled", d.settled[who] ?? 0))</td>"
        + "<td>\(fig("s/\(who)/remaining", s.remaining))</td></tr>"
    }
    return
      "<table><tr><th>annotator</th><th>submitted</th><th>gold right</th><th>agrees with others</th><th>median s/task</th>"
      + "<th>first shown wins</th><th>longer wins</th><th>blind submits</th><th>sent back</th><th>settled by review</th><th>remaining</th></tr>\(rows)</table>"
      + "<p class=\"note\">First shown wins near 50% and longer wins near 50% suggest no position or length bias. Blind: submitted without revealing masked text.</p>"
  }

  // MARK: Distributions

  /// Seconds-per-task bins: upper bounds.
  static let bins: [Double] = [10, 20, 30, 60, 120, 300, .infinity]
  static let binNames = ["<10s", "10–20", "20–30", "30–60", "1–2m", "2–5m", "5m+"]

  static func times(_ d: ReportData) -> String {
    let names = d.stats.map(\.annotator).filter { d.seconds[$0] != nil }
    guard !names.isEmpty else { return "<p>No submitted answers yet.</p>" }
    var out = "<div class=\"grid\">"
    for who in names {
      var counts = Array(repeating: 0, count: bins.count)
      for s in d.seconds[who] ?? [] { counts[bins.firstIndex { s < $0 } ?? bins.count - 1] += 1 }
      out +=
        "<div>" + bars(counts, labels: binNames, title: who, width: 250, height: 100, labelSize: 8)
        + "</div>"
    }
    return out
      + "</div><p class=\"note\">Each annotator's submitted tasks by active time spent on them.</p>"
  }

  static func distributions(_ d: ReportData) -> String {
    var out = "<div class=\"grid\">"
    if !d.strengths.isEmpty {
      let keys = d.strengths.keys.sorted()
      out +=
        "<div>"
        + bars(
          keys.map { d.strengths[$0] ?? 0 }, labels: keys.map { $0 == 0 ? "same" : "\($0)" },
          title: "Preference strength", width: 260, height: 120) + "</div>"
    }
    if d.rankings > 0 {
      out +=
        "<div>"
        + bars(
          [
            d.rankings - d.rankingsWithTies - d.noneAcceptable, d.rankingsWithTies,
            d.noneAcceptable,
          ], labels: ["strict", "with ties", "none ok"], title: "Rankings", width: 260, height: 120)
        + "</div>"
    }
    out += "</div>"
    out +=
      "<p class=\"note\">Rankings: " + fig("d/rankings", d.rankings) + ", with a tie "
      + fig("d/rankings_with_ties", d.rankingsWithTies)
      + ", none acceptable " + fig("d/none_acceptable", d.noneAcceptable) + ".</p>"
    return out
  }

  static func review(_ d: ReportData) -> String {
    let queue = d.queueByThreshold
    let kinds = ["accepted", "edited", "sent back"]
    var out =
      "<div class=\"grid\"><div>"
      + bars(
        queue.map(\.tasks), labels: queue.map { String(cFormat: "< %.2f", $0.threshold) },
        title: "Review queue by agreement threshold", width: 320, height: 130)
      + "</div><div>"
      + bars(
        kinds.map { d.decisions[$0] ?? 0 }, labels: kinds, title: "Decisions taken", width: 260,
        height: 130) + "</div></div>"
    out +=
      "<p class=\"note\">Tasks two or more annotators submitted: "
      + fig("r/tasks_compared", d.taskAgreements.count)
      + "; below the default threshold (\(Reviews.defaultThreshold)): "
      + fig("r/queue_default", d.taskAgreements.filter { $0 < Reviews.defaultThreshold }.count)
      + ".</p>"
    return out
  }

  /// A small bar chart with counts over each bar.
  static func bars(
    _ counts: [Int], labels: [String], title: String, width: Double, height: Double,
    labelSize: Double = 9
  ) -> String {
    let top = 32.0
    let bottom = 18.0
    let plotH = height - top - bottom
    let maxCount = Double(counts.max() ?? 1)
    let step = width / Double(max(1, counts.count))
    var svg = SVG.text(0, 12, SVG.short(title, 40), size: 11, weight: "600")
    for (i, c) in counts.enumerated() {
      let bh = plotH * Double(c) / max(1, maxCount)
      let x = Double(i) * step
      svg += SVG.rect(
        x + 2, top + plotH - bh, step - 4, bh, fill: Palette.categories[0],
        tip: "\(labels[i]): \(c)")
      svg += SVG.text(
        x + step / 2, top + plotH - bh - 2, "\(c)", anchor: "middle", size: 9, fill: Palette.muted)
      svg += SVG.text(x + step / 2, height - 4, labels[i], anchor: "middle", size: labelSize)
    }
    return SVG.frame(width: width, height: height, title: title, svg)
  }
}
