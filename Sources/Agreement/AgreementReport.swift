import Annotation
import Foundation
import TaskStore

/// `rubric agreement`: how far annotators agree, per question and per annotator,
/// over the tasks two or more of them submitted.
public struct AgreementReport: Sendable {
  /// The figures of one question.
  public struct QuestionFigures: Sendable {
    public var id: String
    public var kind: String
    /// Units behind the figures: tasks (or task × candidate), each answered by two or more.
    public var units = 0
    public var annotators = 0
    public var pairwise: Statistics.Pairwise?
    public var kendallTauB: Double?
    public var alpha: [Statistics.Level: Double] = [:]
    /// Nominal α per label, each label as yes/no.
    public var labelAlpha: [String: Double] = [:]
  }

  /// The figures of one annotator.
  public struct AnnotatorFigures: Sendable {
    public var name: String
    public var submitted = 0
    /// Pairwise agreement with the others, over ranking and preference questions.
    public var agreement = Statistics.Pairwise()
    public var goldRight = 0
    public var goldTrials = 0
    public var medianSeconds: Double?
    public var firstShownWins = 0
    public var firstShownTrials = 0
    /// Decided pairs where the longer response won.
    public var longerWins = 0
    public var lengthTrials = 0
  }

  public var questions: [QuestionFigures] = []
  public var annotators: [AnnotatorFigures] = []
  /// A figure over fewer units than this is shown as "too few units".
  public static let minimumUnits = 10

  /// Computes the report from every journal of a store.
  public static func compute(store root: URL) throws -> AgreementReport {
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    let store = try Store.open(root, annotator: config.annotator ?? "agreement", readOnly: true)
    store.indexNow()
    var byTask: [String: [Annotation]] = [:]
    for (who, contents) in try Journal.contents(ofAll: Store.journalURLs(root)) {
      for (id, r) in contents.latest where r.annotation.status == .submitted && r.annotation.annotator == who {
        byTask[id, default: []].append(r.annotation)
      }
    }
    var report = AgreementReport()
    var perAnnotator: [String: AnnotatorFigures] = [:]
    var seconds: [String: [Double]] = [:]
    var questionOrder: [String] = []
    var figures: [String: QuestionFigures] = [:]
    var raters: [String: Set<String>] = [:]
    var units: [String: [[Double]]] = [:]
    var labelUnits: [String: [String: [[Double]]]] = [:]
    var tau: [String: [Double]] = [:]
    for (id, answers) in byTask.sorted(by: { $0.key < $1.key }) {
      guard let i = store.index(of: id), let task = try? store.task(at: i).task else { continue }
      let form = task.form.flatMap { forms[$0]?.form } ?? config.form
      for a in answers {
        var f = perAnnotator[a.annotator] ?? AnnotatorFigures(name: a.annotator)
        f.submitted += 1
        seconds[a.annotator, default: []].append(Double(a.activeMs) / 1000)
        if let gold = task.gold {
          f.goldTrials += 1
          if gold.check(a, form: form, order: a.orderShown).isRight { f.goldRight += 1 }
        }
        let orders = AgreementReport.orders(a, form: form, task: task)
        if let first = a.orderShown.first, let best = orders.best, a.orderShown.count >= 2 {
          f.firstShownTrials += 1
          if best == first { f.firstShownWins += 1 }
        }
        for (x, y, o) in orders.pairs where o != .tie {
          let (winner, loser) = o == .first ? (x, y) : (y, x)
          let lw = task.candidate(winner)?.text.count ?? 0
          let ll = task.candidate(loser)?.text.count ?? 0
          guard lw != ll else { continue }
          f.lengthTrials += 1
          if lw > ll { f.longerWins += 1 }
        }
        perAnnotator[a.annotator] = f
      }
      guard answers.count >= 2 else { continue }
      for q in form.questions {
        if figures[q.id] == nil {
          figures[q.id] = QuestionFigures(id: q.id, kind: q.kind.name)
          questionOrder.append(q.id)
        }
        switch q.kind {
        case .ranking, .preference:
          var f = figures[q.id] ?? QuestionFigures(id: q.id, kind: q.kind.name)
          var pairwise = f.pairwise ?? Statistics.Pairwise()
          let relations = answers.map { AgreementReport.relations(of: $0, question: q, task: task) }
          var counted = false
          for i in 0..<answers.count {
            for j in (i + 1)..<answers.count {
              var xs: [Double] = []
              var ys: [Double] = []
              for (pair, a) in relations[i] {
                guard let b = relations[j][pair] else { continue }
                pairwise.add(a, b)
                perAnnotator[answers[i].annotator]?.agreement.add(a, b)
                perAnnotator[answers[j].annotator]?.agreement.add(a, b)
                counted = true
              }
              // Kendall τ-b over the candidates both ranked.
              let ri = AgreementReport.ranks(of: answers[i], question: q, task: task)
              let rj = AgreementReport.ranks(of: answers[j], question: q, task: task)
              for c in task.candidates.map(\.id) {
                if let x = ri[c], let y = rj[c] {
                  xs.append(x)
                  ys.append(y)
                }
              }
              if let t = Statistics.kendallTauB(xs, ys) { tau[q.id, default: []].append(t) }
            }
          }
          if counted {
            f.units += 1
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
          f.pairwise = pairwise
          figures[q.id] = f
        case .rating:
          for key in AgreementReport.keys(q, task) {
            let values = answers.compactMap { $0[key]?.rating.map(Double.init) }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            raters[q.id, default: []].formUnion(answers.filter { $0[key]?.rating != nil }.map(\.annotator))
          }
        case .choice(let options):
          for key in AgreementReport.keys(q, task) {
            let values = answers.compactMap { a in
              a[key]?.choice.flatMap { CandidateChoice.shown($0, options: options, order: a.orderShown) }
                .flatMap { options.firstIndex(of: $0) }.map(Double.init)
            }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
        case .labels(let options, _):
          for key in AgreementReport.keys(q, task) {
            // Only answers that looked at the labels (an answer, or none chosen) count for every label.
            for o in options {
              let values = answers.map { ($0[key]?.labels ?? []).contains(o) ? 1.0 : 0.0 }
              labelUnits[q.id, default: [:]][o, default: []].append(values)
            }
            units[q.id, default: []].append([])
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
        default:
          break
        }
      }
    }
    for id in questionOrder {
      guard var f = figures[id] else { continue }
      f.annotators = raters[id]?.count ?? 0
      if let u = units[id] {
        let pairable = u.filter { $0.count >= 2 }
        switch f.kind {
        case "rating":
          f.units = pairable.count
          for level in [Statistics.Level.ordinal, .interval] { f.alpha[level] = Statistics.alpha(pairable, level: level) }
        case "choice":
          f.units = pairable.count
          f.alpha[.nominal] = Statistics.alpha(pairable, level: .nominal)
        case "labels":
          f.units = u.count
          for (label, lu) in labelUnits[id] ?? [:] { f.labelAlpha[label] = Statistics.alpha(lu, level: .nominal) }
        default: break
        }
      }
      if let t = tau[id], !t.isEmpty { f.kendallTauB = t.reduce(0, +) / Double(t.count) }
      guard f.units > 0 else { continue }
      report.questions.append(f)
    }
    for (who, var f) in perAnnotator {
      let s = (seconds[who] ?? []).sorted()
      if !s.isEmpty { f.medianSeconds = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
      perAnnotator[who] = f
    }
    report.annotators = perAnnotator.values.sorted { $0.name < $1.name }
    return report
  }

  /// The answer keys of a question for a task: one, or one per candidate.
  static func keys(_ q: Question, _ t: Task) -> [AnswerKey] {
    q.scope == .candidate ? t.candidates.map { AnswerKey(q.id, candidate: $0.id) } : [AnswerKey(q.id)]
  }

  /// A canonical candidate pair (ids in task order) and how an answer orders it.
  static func relations(of a: Annotation, question q: Question, task: Task) -> [String: Statistics.Order] {
    let r = ranks(of: a, question: q, task: task)
    var out: [String: Statistics.Order] = [:]
    let ids = task.candidates.map(\.id)
    for i in 0..<ids.count {
      for j in (i + 1)..<ids.count {
        guard let x = r[ids[i]], let y = r[ids[j]] else { continue }
        out[ids[i] + "\u{0}" + ids[j]] = x == y ? .tie : x < y ? .first : .second
      }
    }
    return out
  }

  static func ranks(of a: Annotation, question q: Question, task: Task) -> [String: Double] {
    a.ranks(for: q, candidates: task.candidates.map(\.id))
  }

  /// The single best candidate and every ordered pair of an answer, for the per-annotator figures.
  static func orders(_ a: Annotation, form: Form, task: Task) -> (best: String?, pairs: [(String, String, Statistics.Order)]) {
    guard let q = form.rankingQuestion ?? form.preferenceQuestions.first else { return (nil, []) }
    let r = ranks(of: a, question: q, task: task)
    let top = r.filter { $0.value == r.values.min() }.map(\.key)
    var pairs: [(String, String, Statistics.Order)] = []
    let ids = task.candidates.map(\.id)
    for i in 0..<ids.count {
      for j in (i + 1)..<ids.count {
        guard let x = r[ids[i]], let y = r[ids[j]] else { continue }
        pairs.append((ids[i], ids[j], x == y ? .tie : x < y ? .first : .second))
      }
    }
    return (top.count == 1 ? top[0] : nil, pairs)
  }
}
