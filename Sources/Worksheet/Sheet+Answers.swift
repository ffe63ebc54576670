import Annotation
import TerminalKit

/// Answering questions: each method checks, records one edit, and says what it did.
extension Sheet {
  // MARK: Ranking

  /// Puts the focused candidate at rank `n` (0 removes it), then focuses the next unranked one.
  package mutating func rankFocused(_ n: Int, at now: Int) {
    guard !refuseEdit() else { return }
    guard let rq = form.rankingQuestion else {
      say("This form has no ranking", .warning)
      return
    }
    guard let id = focusedCandidate else {
      say("This task has no candidates to rank", .warning)
      return
    }
    if n > order.count {
      say("There are only \(order.count) candidates", .warning)
      return
    }
    let r = draft.answers[rq.id]?.ranking ?? Ranking()
    var placed = r.placing(id, at: n)
    if case .ranking(let opts) = rq.kind, !opts.allowTies, n > 0,
      let other = placed.ranks.first(where: { $0.key != id && $0.value == n })?.key
    {
      placed = placed.placing(other, at: 0)
    }
    record(
      [.set(AnswerKey(rq.id), to: placed.isEmpty ? nil : .ranking(placed), on: draft)], at: now)
    let name = letter(candidate)
    say(n == 0 ? "\(name) removed from the ranking" : "\(name) at rank \(n)")
    // On to the next unranked candidate: annotators rank in one pass.
    if n > 0, let next = order.indices.first(where: { placed.rank(of: order[$0]) == nil }) {
      focusCandidate(next)
    }
  }

  package mutating func toggleNoneAcceptable(at now: Int) {
    guard !refuseEdit(), let rq = form.rankingQuestion else { return }
    guard case .ranking(let opts) = rq.kind, opts.allowNoneAcceptable else {
      say("\"None acceptable\" is not allowed in this form", .warning)
      return
    }
    var r = draft.answers[rq.id]?.ranking ?? Ranking()
    r.noneAcceptable.toggle()
    record([.set(AnswerKey(rq.id), to: r.isEmpty ? nil : .ranking(r), on: draft)], at: now)
    say(r.noneAcceptable ? "Marked: none acceptable" : "None acceptable cleared")
  }

  // MARK: Preference

  /// Whether digits answer a preference from any pane: a two-candidate task on a form with one.
  package var digitsAnswerPreference: Bool {
    order.count == 2 && form.rankingQuestion == nil && !form.preferenceQuestions.isEmpty
  }

  /// The preference question a digit answers: the focused one, else the first
  /// unanswered one (so the hh preset's two questions take a digit each), else the first.
  package func preferenceTarget(focused: Question?) -> Question? {
    if let q = focused, case .preference = q.kind { return q }
    let prefs = form.preferenceQuestions
    return prefs.first { draft.answers[$0.id] == nil } ?? prefs.first
  }

  /// Answers a preference with a point of its scale (1 = A much better); returns
  /// the question that should take the next digit.
  @discardableResult
  package mutating func answerPreference(_ q: Question, point: Int, at now: Int) -> Question? {
    guard case .preference(let points, let labels) = q.kind, !refuseEdit() else { return nil }
    guard point >= 1 && point <= points else {
      say("\(q.title) runs from 1 to \(points)", .warning)
      return nil
    }
    guard let answer = PreferenceAnswer(point: point, points: points, order: order) else {
      say("\(q.title) compares two candidates; this task has \(order.count)", .warning)
      return nil
    }
    record([.set(AnswerKey(q.id), to: .preference(answer), on: draft)], at: now)
    say("\(q.title): \(labels[point] ?? "\(point)")")
    return form.preferenceQuestions.first { draft.answers[$0.id] == nil } ?? q
  }

  /// The point a preference question's answer is at, for the screen.
  package func preferencePoint(_ q: Question) -> Int? {
    guard case .preference(let points, _) = q.kind else { return nil }
    return draft.answers[q.id]?.preference?.point(points: points, order: order)
  }

  // MARK: Form values

  /// Sets a rating, a choice or a preference to option `n` (1-based); labels toggle.
  /// Whether the answer was taken (so a grid row can move on).
  @discardableResult
  package mutating func pick(_ q: Question, _ n: Int, at now: Int) -> Bool {
    switch q.kind.keys {
    case .scale(let lo, let hi):
      guard !refuseEdit(), let k = key(for: q) else { return false }
      guard (lo...hi).contains(n) else {
        say("\(q.title) runs from \(lo) to \(hi)", .warning)
        return false
      }
      record([.set(k, to: .rating(n), on: draft)], at: now)
      return true
    case .oneOf(let options):
      guard !refuseEdit(), let k = key(for: q) else { return false }
      guard n >= 1 && n <= options.count else {
        say("\(q.title) has \(options.count) options", .warning)
        return false
      }
      record(
        [.set(k, to: .choice(CandidateChoice.stored(options[n - 1], order: order)), on: draft)],
        at: now)
      return true
    case .anyOf(let options):
      guard n >= 1 && n <= options.count else {
        say("\(q.title) has \(options.count) options", .warning)
        return false
      }
      toggleLabel(q, options[n - 1], at: now)
      return false
    case .preference:
      return answerPreference(q, point: n, at: now) != nil
    case .ranks:
      rankFocused(n, at: now)
      return false
    case .written, .rewritten, .turn:
      // Written or picked in the conversation: a digit does not answer these.
      return false
    }
  }

  /// Steps a rating, choice or preference by one.
  package mutating func step(_ q: Question, _ step: Int, at now: Int) {
    switch q.kind.keys {
    case .scale(let lo, let hi):
      guard !refuseEdit(), let k = key(for: q) else { return }
      // Clamped before stepping: a stored value from outside the scale must not overflow.
      let current = draft[k]?.rating.map { max(lo, min(hi, $0)) }
      let next = current.map { max(lo, min(hi, $0 + step)) } ?? (step > 0 ? lo : hi)
      record([.set(k, to: .rating(next), on: draft)], at: now)
    case .oneOf(let options):
      guard !refuseEdit(), let k = key(for: q) else { return }
      let shown = draft[k]?.choice.flatMap {
        CandidateChoice.shown($0, options: options, order: order)
      }
      let i = shown.flatMap { options.firstIndex(of: $0) }
      let next =
        i.map { max(0, min(options.count - 1, $0 + step)) } ?? (step > 0 ? 0 : options.count - 1)
      record(
        [.set(k, to: .choice(CandidateChoice.stored(options[next], order: order)), on: draft)],
        at: now)
    case .preference(let points):
      let next = preferencePoint(q).map { max(1, min(points, $0 + step)) } ?? (points + 1) / 2
      answerPreference(q, point: next, at: now)
    case .ranks, .anyOf, .written, .rewritten, .turn:
      // No scale to step along.
      break
    }
  }

  package mutating func toggleLabel(_ q: Question, _ option: String, at now: Int) {
    guard !refuseEdit(), let k = key(for: q) else { return }
    var labels = draft[k]?.labels ?? []
    if let i = labels.firstIndex(of: option) { labels.remove(at: i) } else { labels.append(option) }
    record([.set(k, to: labels.isEmpty ? nil : .labels(labels), on: draft)], at: now)
  }

  /// Picks a turn of the conversation as the triage answer.
  package mutating func pickTurn(_ i: Int, at now: Int) {
    guard let q = form.questions.first(where: { $0.kind == .turn }) else {
      say("This form does not ask for a turn", .info)
      return
    }
    guard !refuseEdit(), let t = task, t.context.indices.contains(i) else { return }
    record([.set(AnswerKey(q.id), to: .turn(i), on: draft)], at: now)
    say("Turn \(i + 1) (\(t.context[i].role.rawValue)) picked")
  }
}
