import Annotation
import Codecs

/// What the exporters read from one annotation: ranking, ratings, rewrites, composed text.
struct AnnotationView {
  let task: ChatTask
  let form: Form
  let annotation: Annotation
  /// For a merged answer: where it comes from.
  var consensus: ConsensusSource?

  init(task: ChatTask, form: Form, annotation: Annotation) {
    self.task = task
    self.form = form
    self.annotation = annotation
  }

  /// The first preference answer (the pairwise and hh presets), when there is one.
  var preference: PreferenceAnswer? {
    for q in form.preferenceQuestions {
      if let p = annotation.answers[q.id]?.preference { return p }
    }
    return nil
  }

  /// The margin of a pair from a preference answer: its strength (0 never makes a pair).
  var preferenceMargin: Double? {
    guard let p = preference, p.winner != nil else { return nil }
    return Double(p.strength)
  }

  /// The ranking: from the ranking question, a preference, or an A/B/Same choice (older hh stores).
  var ranking: Ranking? {
    if let rq = form.rankingQuestionID, let r = annotation.answers[rq]?.ranking { return r }
    if let r = annotation.answers.values.compactMap(\.ranking).first { return r }
    if let p = preference {
      let order = annotation.orderShown.isEmpty ? task.candidates.map(\.id) : annotation.orderShown
      // A tie is one tier: it yields no pair, as a tie in a ranking does.
      guard let w = p.winner, let l = p.loser(order: order) else { return Ranking(tiers: [order]) }
      return Ranking(tiers: [[w], [l]])
    }
    for q in form.questions {
      guard case .choice(let options) = q.kind, options.contains("A"), options.contains("B"),
        let pick = annotation.answers[q.id]?.choice
      else { continue }
      let order = annotation.orderShown.isEmpty ? task.candidates.map(\.id) : annotation.orderShown
      guard order.count == 2 else { continue }
      // Stored by candidate id ("{b}"), or by shown letter in answers saved before that.
      switch CandidateChoice.byCandidate(pick, order: order).candidate {
      case order[0]: return Ranking(tiers: [[order[0]], [order[1]]])
      case order[1]: return Ranking(tiers: [[order[1]], [order[0]]])
      default: return Ranking(tiers: [order])
      }
    }
    return nil
  }

  /// Ratings per candidate from the first per-candidate scale.
  var ratings: [String: Int] {
    guard
      let q = form.questions.first(where: {
        if case .rating = $0.kind { return $0.scope == .candidate } else { return false }
      })
    else {
      return [:]
    }
    return (annotation.candidateAnswers[q.id] ?? [:]).compactMapValues(\.rating)
  }

  /// The scale of that rating question.
  var scale: (lo: Int, hi: Int)? {
    for q in form.questions {
      if case .rating(let lo, let hi, _) = q.kind, q.scope == .candidate { return (lo, hi) }
    }
    return nil
  }

  /// Rewrites by candidate id.
  var rewrites: [String: String] {
    var out: [String: String] = [:]
    for q in form.questions where q.kind == .rewrite {
      for (id, a) in annotation.candidateAnswers[q.id] ?? [:] {
        if let t = a.text, t != task.candidate(id)?.text { out[id] = t }
      }
    }
    return out
  }

  /// Composed messages (prompts or ideal replies), in form order.
  var composed: [String] {
    form.questions.filter { $0.kind == .compose }.compactMap { annotation.answers[$0.id]?.text }
      .filter { !$0.isEmpty }
  }

  /// Labels per candidate id, from every per-candidate labels question.
  var labels: [String: [String]] {
    var out: [String: [String]] = [:]
    for q in form.questions {
      guard case .labels = q.kind, q.scope == .candidate else { continue }
      for (id, a) in annotation.candidateAnswers[q.id] ?? [:] {
        out[id, default: []] += a.labels ?? []
      }
    }
    return out
  }

  func text(_ id: String) -> String { task.candidate(id)?.text ?? "" }
}

/// Where a consensus row's answer comes from: how many annotators, how far they
/// agreed, and the reviewer's decision when one settled the task.
struct ConsensusSource {
  var annotators: Int
  var agreement: Double?
  /// The reviewer and their decision ("accepted", "edited"), when adjudicated.
  var reviewer: String?
  var decision: String?
  var quick = false

  /// The row fields: annotators, agreement, and for an adjudicated task who decided what.
  var fields: [(String, JSONWriter.Value)] {
    var kv: [(String, JSONWriter.Value)] = [
      ("annotators", .int(annotators)), ("agreement", agreement.map { .number($0) } ?? .null),
    ]
    kv.append(("resolution", .string(reviewer == nil ? "rule" : "adjudicated")))
    if let reviewer, let decision {
      kv.append(("adjudicated_by", .string(reviewer)))
      kv.append(("decision", .string(decision)))
      kv.append(("quick", .bool(quick)))
    }
    return kv
  }
}
