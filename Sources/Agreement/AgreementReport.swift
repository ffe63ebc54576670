import Annotation
import Platform
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
    try compute(store: root, team: team, batch: AnsweredTasks.batchSize)
  }

  /// The report, counting `batch` tasks together before their tally joins the others'.
  static func compute(store root: URL, team: JournalDigests, batch size: Int) throws
    -> AgreementReport
  {
    // Tasks are read, decoded and counted a batch at a time on all cores. Batches have
    // a fixed size, so the sums (and their rounding) do not depend on the number of
    // cores; their tallies merge in task order.
    let tally = try AnsweredTasks.walk(
      root, files: AnsweredTasks.taskFiles(root), answers: team, batch: size,
      start: Tally(names: team.names)
    ) { tally, task in
      tally.add(task)
    } merge: {
      $0.merge($1)
    }
    return try tally.report(root)
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

  /// Each answer's group (answers with equal ranks share one) and each group's ranks,
  /// in the order they first appear.
  static func grouped(_ ranks: [[Double?]]) -> (group: [Int], distinct: [[Double?]]) {
    var place: [[Double?]: Int] = [:]
    var distinct: [[Double?]] = []
    let group = ranks.map { r in
      if let g = place[r] { return g }
      place[r] = distinct.count
      distinct.append(r)
      return distinct.count - 1
    }
    return (group, distinct)
  }

  /// How each two of `distinct` rankings (by candidate place) agree over the candidate
  /// pairs both order, and their Kendall τ-b over the candidates both ranked, at
  /// `[g * distinct.count + h]`. Both figures are symmetric in the two rankings.
  static func compared(_ distinct: [[Double?]], candidates: Int) -> [(
    Statistics.Pairwise, Double?
  )] {
    let n = distinct.count
    var out = Array(repeating: (Statistics.Pairwise(), Double?.none), count: n * n)
    var xs: [Double] = []
    var ys: [Double] = []
    for g in 0..<n {
      for h in g..<n {
        xs.removeAll(keepingCapacity: true)
        ys.removeAll(keepingCapacity: true)
        for c in 0..<candidates {
          if let x = distinct[g][c], let y = distinct[h][c] {
            xs.append(x)
            ys.append(y)
          }
        }
        // Every pair of candidates both ordered, counted for agreement and for τ-b at once.
        var both = Statistics.Pairwise()
        var tauCounts = Statistics.TauCounts(items: xs.count)
        for a in 0..<xs.count {
          for b in (a + 1)..<xs.count {
            let ox = Statistics.order(xs[a], xs[b])
            let oy = Statistics.order(ys[a], ys[b])
            both.add(ox, oy)
            tauCounts.add(ox, oy)
          }
        }
        out[g * n + h] = (both, tauCounts.tauB)
        out[h * n + g] = (both, tauCounts.tauB)
      }
    }
    return out
  }

  /// Of the candidate pairs a ranking (by candidate place) decides, those whose two
  /// lengths differ, and how many of them the longer one won.
  static func longerWins(_ ranks: [Double?], lengths: [Int]) -> (trials: Int, wins: Int) {
    var trials = 0
    var wins = 0
    for i in ranks.indices {
      for j in (i + 1)..<ranks.count {
        guard let x = ranks[i], let y = ranks[j], x != y, lengths[i] != lengths[j] else {
          continue
        }
        trials += 1
        // The better rank is the smaller one.
        if (x < y) == (lengths[i] > lengths[j]) { wins += 1 }
      }
    }
    return (trials, wins)
  }
}
