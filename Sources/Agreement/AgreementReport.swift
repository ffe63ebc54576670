import Annotation
import Foundation
import Reports
import TaskStore

/// `rubric agreement`: how far annotators agree, per question and per annotator,
/// over the tasks two or more of them submitted.
public struct AgreementReport: Sendable {
  /// The figures of one question.
  public struct QuestionFigures: Sendable {
    public var id: String
    /// The question's kind, as the form declares it.
    public let question: QuestionKind
    /// The kind's name, as the form file writes it.
    public var kind: String { question.name }
    /// How the figures were measured (from the kind).
    public var measure: AgreementMeasure { question.agreement }
    /// Units behind the figures: tasks (or task × candidate), each answered by two or more.
    public var units = 0
    public var annotators = 0
    public var pairwise: Statistics.Pairwise?
    public var kendallTauB: Double?
    public var alpha: [Statistics.Level: Double] = [:]
    /// Nominal α per label, each label as yes/no.
    public var labelAlpha: [String: Double] = [:]
    /// For a choice: how often each pair of annotators ("alice|bob") gave each pair of options.
    public var confusion: [String: [String: [String: Int]]] = [:]
    /// Pairwise agreement counting the dataset's prior as one more rater (rankings, preferences).
    public var withPrior: Statistics.Pairwise?
    /// Rankings and preferences: each counted unit's pairwise counts (for a bootstrap interval).
    public var unitPairwise: [Statistics.Pairwise] = []
    /// Ratings and choices: the values of each unit α is computed over (for a bootstrap interval).
    public var alphaUnits: [[Double]] = []

    /// No figures yet for a question.
    init(_ q: Question) {
      id = q.id
      question = q.kind
    }
  }

  /// The decisions of one reviewer (`rubric review`).
  public struct ReviewerFigures: Sendable {
    public var name: String
    public var decisions = 0
    public var accepted = 0
    public var edited = 0
    public var sentBack = 0
    /// Decisions taken in under 2 seconds.
    public var quick = 0
  }

  /// The figures of one annotator.
  public struct AnnotatorFigures: Sendable {
    public var name: String
    public var submitted = 0
    /// Submits made while the task's text was still masked (`revealed: false`): counted in every figure, said apart.
    public var blind = 0
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
    /// Pairwise agreement with the dataset's prior, over tasks imported with one.
    public var withPrior = Statistics.Pairwise()
  }

  public var questions: [QuestionFigures] = []
  public var annotators: [AnnotatorFigures] = []
  public var reviewers: [ReviewerFigures] = []
  /// Submitted tasks whose prior ranks their candidates (the rater `prior`).
  public var priorTasks = 0
  /// Pairwise agreement of each pair of annotators over rankings and preferences,
  /// keyed "alice|bob" (names in order).
  public var pairs: [String: Statistics.Pairwise] = [:]
  /// A figure over fewer units than this is shown as "too few units".
  public static let minimumUnits = 10

  /// Computes the report from every journal of a store (answers updated on or after
  /// `since`, an ISO date or time, when given).
  public static func compute(store root: URL, since: String? = nil) throws -> AgreementReport {
    try compute(store: root, team: JournalDigests.annotations(root).since(since))
  }

  /// Computes the report from journals already read.
  public static func compute(store root: URL, team: JournalDigests) throws -> AgreementReport {
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    let store = try Store.open(root, annotator: config.annotator ?? "agreement", readOnly: true)
    store.indexNow()
    let nameIndex = Dictionary(uniqueKeysWithValues: team.names.enumerated().map { ($1, $0) })
    var pairMatrix = Array(
      repeating: Statistics.Pairwise(), count: team.names.count * team.names.count)
    var report = AgreementReport()
    var perAnnotator: [String: AnnotatorFigures] = [:]
    var seconds: [String: [Double]] = [:]
    var questionOrder: [String] = []
    var figures: [String: QuestionFigures] = [:]
    var raters: [String: Set<String>] = [:]
    var units: [String: [[Double]]] = [:]
    // Labels' α per label, counted as units are read (their units are not kept).
    var labelCoincidences: [String: [String: Statistics.Coincidences]] = [:]
    // τ-b per pair of annotators, summed in order (a million tasks make tens of millions of pairs).
    var tau: [String: (sum: Double, count: Int)] = [:]
    var priorPairs: [String: Statistics.Pairwise] = [:]
    for id in team.taskIds {
      let answers = Reviews.submitted(team, to: id)
      guard !answers.isEmpty, let i = store.index(of: id), let task = try? store.task(at: i).task
      else { continue }
      let form = config.form(for: task, forms: forms)
      // Lengths in characters, counted once a task (counting walks the whole text).
      let lengths = Dictionary(
        task.candidates.map { ($0.id, $0.text.count) }, uniquingKeysWith: { a, _ in a })
      // The dataset's own judge, as one more rater on the rankings and preferences.
      if let prior = AgreementReport.priorAnswer(task, form: form) {
        report.priorTasks += 1
        for q in form.questions where q.kind.isOrdering {
          let p = AgreementReport.relations(of: prior, question: q, task: task)
          for a in answers {
            let h = AgreementReport.relations(of: a, question: q, task: task)
            for (pair, x) in h {
              guard let y = p[pair] else { continue }
              perAnnotator[a.annotator, default: AnnotatorFigures(name: a.annotator)].withPrior.add(
                x, y)
              priorPairs[q.id, default: Statistics.Pairwise()].add(x, y)
            }
          }
        }
      }
      for a in answers {
        var f = perAnnotator[a.annotator] ?? AnnotatorFigures(name: a.annotator)
        f.submitted += 1
        if a.revealed == false { f.blind += 1 }
        seconds[a.annotator, default: []].append(Double(a.activeMs) / 1000)
        if let gold = task.gold {
          f.goldTrials += 1
          if gold.check(a, form: form, order: a.orderShown).isRight { f.goldRight += 1 }
        }
        if let won = a.firstShownWon(form: form) {
          f.firstShownTrials += 1
          if won { f.firstShownWins += 1 }
        }
        for (x, y, o) in AgreementReport.orderedPairs(a, form: form, task: task) where o != .tie {
          let (winner, loser) = o == .first ? (x, y) : (y, x)
          let lw = lengths[winner] ?? 0
          let ll = lengths[loser] ?? 0
          guard lw != ll else { continue }
          f.lengthTrials += 1
          if lw > ll { f.longerWins += 1 }
        }
        perAnnotator[a.annotator] = f
      }
      guard answers.count >= 2 else { continue }
      for q in form.questions {
        if figures[q.id] == nil {
          figures[q.id] = QuestionFigures(q)
          questionOrder.append(q.id)
        }
        switch q.kind.agreement {
        case .pairwise:
          var f = figures[q.id] ?? QuestionFigures(q)
          var pairwise = f.pairwise ?? Statistics.Pairwise()
          // Ranks as arrays by candidate index: 50 annotators make 1,225 pairs a task.
          let ids = task.candidates.map(\.id)
          let ranks = answers.map { a in
            let r = AgreementReport.ranks(of: a, question: q, task: task)
            return ids.map { r[$0] }
          }
          var mine = Array(repeating: Statistics.Pairwise(), count: answers.count)
          var unit = Statistics.Pairwise()
          let who = answers.map { nameIndex[$0.annotator] ?? 0 }
          var counted = false
          var xs: [Double] = []
          var ys: [Double] = []
          for i in 0..<answers.count {
            for j in (i + 1)..<answers.count {
              xs.removeAll(keepingCapacity: true)
              ys.removeAll(keepingCapacity: true)
              for c in 0..<ids.count {
                if let x = ranks[i][c], let y = ranks[j][c] {
                  xs.append(x)
                  ys.append(y)
                }
              }
              // Every pair of candidates both ordered.
              var both = Statistics.Pairwise()
              for a in 0..<xs.count {
                for b in (a + 1)..<xs.count {
                  both.add(Statistics.order(xs[a], xs[b]), Statistics.order(ys[a], ys[b]))
                }
              }
              if both.total > 0 {
                unit = unit + both
                mine[i] = mine[i] + both
                mine[j] = mine[j] + both
                let (x, y) = who[i] < who[j] ? (who[i], who[j]) : (who[j], who[i])
                pairMatrix[x * team.names.count + y] = pairMatrix[x * team.names.count + y] + both
                counted = true
              }
              // Kendall τ-b over the candidates both ranked.
              if let t = Statistics.kendallTauB(xs, ys) {
                tau[q.id, default: (0, 0)].sum += t
                tau[q.id, default: (0, 0)].count += 1
              }
            }
          }
          for (i, a) in answers.enumerated() where mine[i].total > 0 {
            if var figures = perAnnotator[a.annotator] {
              figures.agreement = figures.agreement + mine[i]
              perAnnotator[a.annotator] = figures
            }
          }
          pairwise = pairwise + unit
          if counted {
            f.unitPairwise.append(unit)
            f.units += 1
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
          f.pairwise = pairwise
          figures[q.id] = f
        case .scale:
          var rated = false
          for key in AgreementReport.keys(q, task) {
            let values = answers.compactMap { $0[key]?.rating.map(Double.init) }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            rated = true
          }
          // Who rated anything of a unit that counts (once per task: 50 names, not 50 per candidate).
          if rated {
            raters[q.id, default: []].formUnion(
              answers.filter { a in AgreementReport.keys(q, task).contains { a[$0]?.rating != nil }
              }.map(\.annotator))
          }
        case .nominal(let options):
          for key in AgreementReport.keys(q, task) {
            let shown = answers.map { a in
              a[key]?.choice.flatMap {
                CandidateChoice.shown($0, options: options, order: a.orderShown)
              }
            }
            let values = shown.compactMap {
              $0.flatMap { options.firstIndex(of: $0) }.map(Double.init)
            }
            // The confusion of each pair of annotators, in name order.
            for i in 0..<answers.count {
              for j in (i + 1)..<answers.count {
                guard let x = shown[i], let y = shown[j] else { continue }
                let (a, b, vx, vy) =
                  answers[i].annotator < answers[j].annotator
                  ? (answers[i].annotator, answers[j].annotator, x, y)
                  : (answers[j].annotator, answers[i].annotator, y, x)
                figures[q.id, default: QuestionFigures(q)].confusion[
                  "\(a)|\(b)", default: [:]][vx, default: [:]][vy, default: 0] += 1
              }
            }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
        case .perLabel(let options):
          for key in AgreementReport.keys(q, task) {
            // Only answers that looked at the labels (an answer, or none chosen) count for every label.
            for o in options {
              let values = answers.map { ($0[key]?.labels ?? []).contains(o) ? 1.0 : 0.0 }
              labelCoincidences[q.id, default: [:]][o, default: Statistics.Coincidences()].add(
                values)
            }
            units[q.id, default: []].append([])
            raters[q.id, default: []].formUnion(answers.map(\.annotator))
          }
        case .none:
          // Free text and turns have no agreement figure.
          break
        }
      }
    }
    for id in questionOrder {
      guard var f = figures[id] else { continue }
      f.annotators = raters[id]?.count ?? 0
      if let u = units[id] {
        let pairable = u.filter { $0.count >= 2 }
        switch f.measure {
        case .scale:
          f.units = pairable.count
          f.alphaUnits = pairable
          for level in [Statistics.Level.ordinal, .interval] {
            f.alpha[level] = Statistics.alpha(pairable, level: level)
          }
        case .nominal:
          f.units = pairable.count
          f.alphaUnits = pairable
          f.alpha[.nominal] = Statistics.alpha(pairable, level: .nominal)
        case .perLabel:
          f.units = u.count
          for (label, counted) in labelCoincidences[id] ?? [:] {
            f.labelAlpha[label] = counted.alpha(level: .nominal)
          }
        case .pairwise, .none:
          // Pairwise counts are summed per unit as they are read; free text has no figure.
          break
        }
      }
      if let t = tau[id], t.count > 0 { f.kendallTauB = t.sum / Double(t.count) }
      if let p = priorPairs[id] { f.withPrior = (f.pairwise ?? Statistics.Pairwise()) + p }
      guard f.units > 0 else { continue }
      report.questions.append(f)
    }
    for (who, var f) in perAnnotator {
      let s = (seconds[who] ?? []).sorted()
      if !s.isEmpty { f.medianSeconds = Consensus.median(s) }
      perAnnotator[who] = f
    }
    report.annotators = perAnnotator.values.filter { $0.submitted > 0 }.sorted { $0.name < $1.name }
    report.reviewers = try AgreementReport.reviewerFigures(root)
    for x in team.names.indices {
      for y in team.names.indices where x < y && pairMatrix[x * team.names.count + y].total > 0 {
        report.pairs["\(team.names[x])|\(team.names[y])"] = pairMatrix[x * team.names.count + y]
      }
    }
    return report
  }

  /// Each reviewer's decisions in force (a withdrawn one does not count), from `reviews/`.
  static func reviewerFigures(_ root: URL) throws -> [ReviewerFigures] {
    var out: [ReviewerFigures] = []
    let reviews = try JournalDigests.reviews(root)
    for who in reviews.names {
      var f = ReviewerFigures(name: who)
      reviews.byName[who]?.forEach { a in
        guard a.status == .submitted, let review = a.review else { return }
        f.decisions += 1
        switch review.decision {
        case .accepted: f.accepted += 1
        case .edited: f.edited += 1
        case .sentBack: f.sentBack += 1
        }
        if review.quick { f.quick += 1 }
      }
      if f.decisions > 0 { out.append(f) }
    }
    return out
  }

  /// A task's prior as the answer of the rater "prior", when it ranks the candidates:
  /// the ranking question takes its tiers; a preference, its first tier's winner (a tie when it has one tier).
  static func priorAnswer(_ task: ChatTask, form: Form) -> Annotation? {
    guard let tiers = task.prior?.ranking, !tiers.isEmpty, task.prior?.noneAcceptable != true else {
      return nil
    }
    let ids = task.candidates.map(\.id)
    var a = Annotation(taskId: task.id, annotator: "prior", status: .submitted, orderShown: ids)
    for q in form.questions {
      // The prior says only how the dataset ordered the candidates.
      a.answers[q.id] = q.kind.spec.priorAnswer(tiers: tiers, candidates: ids)
    }
    return a.answers.isEmpty ? nil : a
  }

  /// The answer keys of a question for a task: one, or one per candidate.
  static func keys(_ q: Question, _ t: ChatTask) -> [AnswerKey] {
    q.scope == .candidate
      ? t.candidates.map { AnswerKey(q.id, candidate: $0.id) } : [AnswerKey(q.id)]
  }

  /// A canonical candidate pair (ids in task order) and how an answer orders it.
  static func relations(of a: Annotation, question q: Question, task: ChatTask) -> [String:
    Statistics
    .Order]
  {
    let r = ranks(of: a, question: q, task: task)
    var out: [String: Statistics.Order] = [:]
    let ids = task.candidates.map(\.id)
    for i in 0..<ids.count {
      for j in (i + 1)..<ids.count {
        guard let x = r[ids[i]], let y = r[ids[j]] else { continue }
        out[ids[i] + "\u{0}" + ids[j]] = Statistics.order(x, y)
      }
    }
    return out
  }

  static func ranks(of a: Annotation, question q: Question, task: ChatTask) -> [String: Double] {
    a.ranks(for: q, candidates: task.candidates.map(\.id))
  }

  /// Every ordered pair of an answer, for the per-annotator figures.
  static func orderedPairs(_ a: Annotation, form: Form, task: ChatTask) -> [(
    String, String, Statistics.Order
  )] {
    guard let q = form.rankingQuestion ?? form.preferenceQuestions.first else { return [] }
    let r = ranks(of: a, question: q, task: task)
    var pairs: [(String, String, Statistics.Order)] = []
    let ids = task.candidates.map(\.id)
    for i in 0..<ids.count {
      for j in (i + 1)..<ids.count {
        guard let x = r[ids[i]], let y = r[ids[j]] else { continue }
        pairs.append((ids[i], ids[j], x == y ? .tie : x < y ? .first : .second))
      }
    }
    return pairs
  }
}
