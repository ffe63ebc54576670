import Codecs
import Platform

extension AgreementReport {
  /// A share as the reports print it ("68.3%", "-" for none).
  public static func percent(_ x: Double?) -> String {
    x.map { String(cFormat: "%.1f%%", $0 * 100) } ?? "-"
  }
  /// A statistic as the reports print it ("0.427", "-" for none).
  public static func number(_ x: Double?) -> String { x.map { String(cFormat: "%.3f", $0) } ?? "-" }

  /// A question's figures in words, or why there are none.
  static func figures(_ q: QuestionFigures) -> String {
    guard q.units >= minimumUnits else {
      return "too few units (\(q.units); \(minimumUnits) needed)"
    }
    switch q.measure {
    case .pairwise:
      let p = q.pairwise ?? Statistics.Pairwise()
      return
        "pairwise \(percent(p.withTies)) of \(p.total), without ties \(percent(p.withoutTies)) of \(p.totalNoTies)"
        + ", Kendall τ-b \(number(q.kendallTauB))"
    case .scale:
      return "α ordinal \(number(q.alpha[.ordinal])), interval \(number(q.alpha[.interval]))"
    case .nominal: return "α nominal \(number(q.alpha[.nominal]))"
    case .perLabel:
      return "α nominal per label: "
        + q.labelAlpha.sorted { $0.key < $1.key }.map { "\($0.key) \(number($0.value))" }.joined(
          separator: ", ")
    case .none: return "-"
    }
  }

  /// The readable report.
  public var table: String {
    var out = ["question      kind        units  annotators  agreement"]
    for q in questions {
      out.append(
        q.id.paddedOrCut(13) + " "
          + q.kind.paddedOrCut(10)
          + String(cFormat: "  %5d  %10d  ", q.units, q.annotators) + AgreementReport.figures(q))
    }
    if questions.isEmpty { out.append("(no task was submitted by two or more annotators)") }
    for q in questions {
      if let p = q.withPrior {
        out.append(
          "  \(q.id) with the prior as a rater: pairwise \(AgreementReport.percent(p.withTies)) of \(p.total)"
            + ", without ties \(AgreementReport.percent(p.withoutTies)) of \(p.totalNoTies)")
      }
      for (pair, matrix) in q.confusion.sorted(by: { $0.key < $1.key }) {
        out += AgreementReport.confusionTable(q.id, pair, matrix)
      }
    }
    out.append("")
    let prior = priorTasks > 0
    out.append(
      "annotator        submitted  blind  agrees with others  gold right  median s/task  first-shown wins  longer wins"
        + (prior ? "  agrees with prior" : ""))
    for a in annotators {
      out.append(
        a.name.paddedOrCut(16)
          + String(cFormat: " %9d  %5d", a.submitted, a.blind)
          + "  " + AgreementReport.percent(a.agreement.withTies).leftPadded(18)
          + "  " + (a.goldTrials == 0 ? "-" : "\(a.goldRight)/\(a.goldTrials)").leftPadded(10)
          + "  " + (a.medianSeconds.map { String(cFormat: "%.0f", $0) } ?? "-").leftPadded(13)
          + "  "
          + (a.firstShownTrials == 0
          ? "-" : AgreementReport.percent(Double(a.firstShownWins) / Double(a.firstShownTrials)))
          .leftPadded(16)
          + "  "
          + (a.lengthTrials == 0
          ? "-" : AgreementReport.percent(Double(a.longerWins) / Double(a.lengthTrials)))
          .leftPadded(11)
          + (prior ? "  " + AgreementReport.percent(a.withPrior.withTies).leftPadded(17) : ""))
    }
    if prior {
      out.append(
        "(the prior: the labels \(priorTasks) submitted tasks were imported with, as one more rater)"
      )
    }
    if !reviewers.isEmpty {
      out.append("")
      out.append("reviewer         decisions  accepted  edited  sent back  quick (< 2 s)")
      for r in reviewers {
        out.append(
          r.name.paddedOrCut(16)
            + String(
              cFormat: " %9d  %8d  %6d  %9d  %13d", r.decisions, r.accepted, r.edited, r.sentBack,
              r.quick))
      }
    }
    return out.joined(separator: "\n")
  }

  /// A choice question's confusion between two annotators: rows the first one's options, columns the second's.
  static func confusionTable(_ id: String, _ pair: String, _ m: [String: [String: Int]]) -> [String]
  {
    let names = pair.split(separator: "|").map(String.init)
    let options = Array(Set(m.keys).union(m.values.flatMap(\.keys))).sorted()
    let width = max(6, (options.map(\.count).max() ?? 0) + 1)
    var out = ["  \(id): \(names.first ?? "") (rows) against \(names.last ?? "") (columns)"]
    out.append(
      "    " + "".paddedOrCut(width)
        + options.map { $0.leftPadded(width) }.joined())
    for o in options {
      out.append(
        "    " + o.paddedOrCut(width)
          + options.map { "\(m[o]?[$0] ?? 0)".leftPadded(width) }.joined())
    }
    return out
  }

  /// One JSON object: figures by question id, and `annotators` by name; every
  /// object's keys in code point order (`JSONWriter`), so the same figures always
  /// give the same bytes.
  public var json: String {
    typealias Value = JSONWriter.Value
    // A figure that is not a finite number (none to count) is null: JSON has no NaN.
    func value(_ x: Double?) -> Value { x.flatMap { $0.isFinite ? .number($0) : nil } ?? .null }
    func object(_ members: [String: Value]) -> Value {
      .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
    var root: [String: Value] = [:]
    for q in questions {
      var o: [String: Value] = [
        "kind": .string(q.kind), "units": .int(q.units), "annotators": .int(q.annotators),
      ]
      if let p = q.pairwise {
        o["pairwise_agreement"] = value(p.withTies)
        o["pairwise_agreement_no_ties"] = value(p.withoutTies)
        o["pairs"] = .int(p.total)
        o["pairs_no_ties"] = .int(p.totalNoTies)
        o["kendall_tau_b"] = value(q.kendallTauB)
      }
      for (level, key) in [
        (Statistics.Level.nominal, "alpha_nominal"), (.ordinal, "alpha_ordinal"),
        (.interval, "alpha_interval"),
      ]
      where q.alpha.keys.contains(level) {
        o[key] = value(q.alpha[level])
      }
      if !q.labelAlpha.isEmpty {
        o["alpha_nominal_by_label"] = object(q.labelAlpha.mapValues(value))
      }
      if !q.confusion.isEmpty {
        o["confusion"] = object(
          q.confusion.mapValues { rows in object(rows.mapValues { object($0.mapValues(Value.int)) })
          })
      }
      if let p = q.withPrior {
        o["pairwise_agreement_with_prior"] = value(p.withTies)
        o["pairwise_agreement_with_prior_no_ties"] = value(p.withoutTies)
      }
      o["enough_units"] = .bool(q.units >= AgreementReport.minimumUnits)
      root[q.id] = object(o)
    }
    var people: [String: Value] = [:]
    for a in annotators {
      people[a.name] = object([
        "submitted": .int(a.submitted), "blind_submits": .int(a.blind),
        "agreement_with_others": value(a.agreement.withTies),
        "gold_right": .int(a.goldRight), "gold_tasks": .int(a.goldTrials),
        "median_seconds_per_task": value(a.medianSeconds),
        "first_shown_win_rate": value(
          a.firstShownTrials == 0 ? nil : Double(a.firstShownWins) / Double(a.firstShownTrials)),
        "longer_win_rate": value(
          a.lengthTrials == 0 ? nil : Double(a.longerWins) / Double(a.lengthTrials)),
        "prior_agreement": value(a.withPrior.withTies),
        "prior_agreement_no_ties": value(a.withPrior.withoutTies),
      ])
    }
    root["annotators"] = object(people)
    root["prior_tasks"] = .int(priorTasks)
    var byReviewer: [String: Value] = [:]
    for r in reviewers {
      byReviewer[r.name] = object([
        "decisions": .int(r.decisions), "accepted": .int(r.accepted), "edited": .int(r.edited),
        "sent_back": .int(r.sentBack), "quick": .int(r.quick),
      ])
    }
    root["reviewers"] = object(byReviewer)
    return JSONWriter.line(object(root))
  }

  /// The per-annotator rows as CSV.
  public var csv: String {
    var out = [
      "annotator,submitted,blind_submits,agreement_with_others,gold_right,gold_tasks,median_seconds_per_task,first_shown_win_rate,longer_win_rate,prior_agreement,prior_agreement_no_ties"
    ]
    func cell(_ x: Double?) -> String { x.map { String(cFormat: "%.6f", $0) } ?? "" }
    for a in annotators {
      out.append(
        [
          a.name, "\(a.submitted)", "\(a.blind)", cell(a.agreement.withTies), "\(a.goldRight)",
          "\(a.goldTrials)", cell(a.medianSeconds),
          cell(
            a.firstShownTrials == 0 ? nil : Double(a.firstShownWins) / Double(a.firstShownTrials)),
          cell(a.lengthTrials == 0 ? nil : Double(a.longerWins) / Double(a.lengthTrials)),
          cell(a.withPrior.withTies), cell(a.withPrior.withoutTies),
        ].joined(separator: ","))
    }
    return out.joined(separator: "\n")
  }
}
