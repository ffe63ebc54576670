import Platform

/// A problem with one answer: what is missing or wrong, and why.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
  public var key: AnswerKey
  public var message: String

  public init(key: AnswerKey, message: String) {
    self.key = key
    self.message = message
  }

  public var description: String { message }
}

/// The outcome of checking an annotation against its form.
public struct ValidationReport: Sendable, Hashable {
  /// Problems that block a submit, in form order.
  public var issues: [ValidationIssue]
  /// Inconsistencies worth a second look; they never block.
  public var warnings: [String]

  public var isComplete: Bool { issues.isEmpty }
}

/// The screen label of a candidate: A, B, C… in the order shown.
public func candidateLetter(_ id: String, order: [String]) -> String {
  guard let i = order.firstIndex(of: id) else { return id }
  return letter(i)
}

/// The letter for a 0-based position: A…Z, then AA, AB…
public func letter(_ i: Int) -> String {
  let scalars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
  if i < 26 { return String(scalars[i]) }
  return letter(i / 26 - 1) + String(scalars[i % 26])
}

extension Form {
  /// Checks an annotation: what is missing per question, and consistency warnings.
  public func validate(_ a: Annotation, task: ChatTask) -> ValidationReport {
    let order = a.orderShown.isEmpty ? task.candidates.map(\.id) : a.orderShown
    return ValidationReport(
      issues: issues(a, task: task, order: order, all: true),
      warnings: warnings(a, task: task, order: order))
  }

  /// Whether the form accepts an annotation (`validate(a, task:).isComplete`), without
  /// writing the messages or the warnings: a team's store checks a million of them.
  public func accepts(_ a: Annotation, task: ChatTask) -> Bool {
    issues(
      a, task: task, order: a.orderShown.isEmpty ? task.candidates.map(\.id) : a.orderShown,
      all: false
    ).isEmpty
  }

  /// The problems, in form order; with `all` false, only the first.
  ///
  /// A team's store checks every submitted answer: questions are read in place (not
  /// copied out of the form), a candidate question's answers are looked up once, and
  /// one context serves every check.
  func issues(_ a: Annotation, task: ChatTask, order: [String], all: Bool) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    var context = AnswerContext(task: task, candidate: nil, order: order)
    for qi in questions.indices {
      let perCandidate = questions[qi].scope == .candidate
      let needed =
        questions[qi].required || (questions[qi].requiredIf.map { holds($0, a, task) } ?? false)
      let byCandidate = perCandidate ? a.candidateAnswers[questions[qi].id] : nil
      for k in 0..<(perCandidate ? order.count : 1) {
        let candidate = perCandidate ? order[k] : nil
        let found: Answer?
        if let candidate {
          found = byCandidate?[candidate]
        } else {
          found = a.answers[questions[qi].id]
        }
        guard let answer = found else {
          if needed {
            issues.append(issue(questions[qi], candidate, order, requirement(questions[qi])))
            if !all { return issues }
          }
          continue
        }
        context.candidate = candidate
        if let problem = questions[qi].kind.spec.problem(with: answer, in: context) {
          issues.append(issue(questions[qi], candidate, order, problem))
          if !all { return issues }
        }
      }
    }
    return issues
  }

  /// An issue with a question's answer (about a candidate, when given), in the annotator's words.
  func issue(_ q: borrowing Question, _ candidate: String?, _ order: [String], _ what: String)
    -> ValidationIssue
  {
    let label = candidate.map { "\(q.title) (\(candidateLetter($0, order: order)))" } ?? q.title
    return ValidationIssue(key: AnswerKey(q.id, candidate: candidate), message: "\(label): \(what)")
  }

  /// Why a missing answer is an issue: "required", or required under its condition.
  func requirement(_ q: borrowing Question) -> String {
    q.required ? "required" : "required " + (q.requiredIf.map(describe) ?? "")
  }

  /// A condition in the annotator's words, naming questions by their titles.
  public func describe(_ c: Condition) -> String {
    func title(_ id: String) -> String { question(id)?.title ?? id }
    switch c {
    case .noneAcceptable: return "when no response is acceptable"
    case .atMost(let q, let v): return "when \(title(q)) is \(v) or less"
    case .atLeast(let q, let v): return "when \(title(q)) is \(v) or more"
    case .equals(let q, let v): return "when \(title(q)) is \"\(v)\""
    case .topFlagged(let q): return "when the best-ranked response is flagged in \(title(q))"
    }
  }

  /// Whether a `required_if` condition holds for the annotation.
  public func holds(_ c: Condition, _ a: Annotation, _ task: ChatTask) -> Bool {
    func values(_ q: String) -> [Answer] {
      var out: [Answer] = []
      if let v = a.answers[q] { out.append(v) }
      if let per = a.candidateAnswers[q] { out.append(contentsOf: per.values) }
      return out
    }
    switch c {
    case .noneAcceptable:
      return questions.contains { q in
        if case .ranking = q.kind { return a.answers[q.id]?.ranking?.noneAcceptable == true }
        return false
      }
    case .atMost(let q, let v):
      return values(q).contains { ($0.rating ?? Int.max) <= v }
    case .atLeast(let q, let v):
      return values(q).contains { ($0.rating ?? Int.min) >= v }
    case .equals(let q, let v):
      let order = a.orderShown.isEmpty ? task.candidates.map(\.id) : a.orderShown
      let options: [String]
      if let fq = question(q), case .choice(let o) = fq.kind { options = o } else { options = [] }
      return values(q).contains { answer in
        if let c = answer.choice {
          return c == v || CandidateChoice.shown(c, options: options, order: order) == v
        }
        return (answer.labels ?? []).contains(v)
      }
    case .topFlagged(let q):
      guard let rq = rankingQuestionID, let r = a.answers[rq]?.ranking,
        let lq = question(q), case .labels(_, let harm) = lq.kind
      else { return false }
      return r.top.contains { id in
        let labels = a.candidateAnswers[q]?[id]?.labels ?? []
        return labels.contains { harm.contains($0) }
      }
    }
  }

  func warnings(_ a: Annotation, task: ChatTask, order: [String]) -> [String] {
    var out: [String] = []
    guard let rq = rankingQuestionID, let r = a.answers[rq]?.ranking else { return out }
    if let scale = questions.first(where: {
      if case .rating = $0.kind { return $0.scope == .candidate }
      return false
    }) {
      for p in r.pairs(noneAcceptable: .keep) {
        if let hi = a.candidateAnswers[scale.id]?[p.chosen]?.rating,
          let lo = a.candidateAnswers[scale.id]?[p.rejected]?.rating, hi < lo
        {
          let x = candidateLetter(p.chosen, order: order)
          let y = candidateLetter(p.rejected, order: order)
          out.append("\(x) is ranked above \(y) but rated lower on \(scale.title)")
        }
      }
    }
    // A choice that names a candidate as better ("B much better") against the ranking.
    for q in questions {
      guard case .choice = q.kind, let v = a.answers[q.id]?.choice, v.hasSuffix("better") else {
        continue
      }
      guard let winner = CandidateChoice.byCandidate(v, order: order).candidate,
        let wr = r.rank(of: winner)
      else { continue }
      for other in order where other != winner {
        if let or = r.rank(of: other), or < wr {
          let x = candidateLetter(winner, order: order)
          let y = candidateLetter(other, order: order)
          out.append("\(q.title) says \(x) is better, but \(x) is ranked below \(y)")
        }
      }
    }
    for q in questions {
      guard case .labels(_, let harm) = q.kind, !harm.isEmpty, !r.noneAcceptable else { continue }
      for id in r.top {
        let labels = a.candidateAnswers[q.id]?[id]?.labels ?? []
        if let flag = labels.first(where: { harm.contains($0) }) {
          out.append("\(candidateLetter(id, order: order)) is ranked best but flagged \"\(flag)\"")
        }
      }
    }
    return out
  }
}
