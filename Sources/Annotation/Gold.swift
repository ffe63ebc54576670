/// A task's known answer: gold tasks are mixed into queues to measure each
/// annotator's accuracy. Only the parts given are checked.
public struct Gold: Sendable, Hashable, Codable {
  /// The expected ranking's tiers; an answer is right when its best tier is the same.
  public var ranking: [[String]]?
  /// The expected winner of a pairwise preference (or of a two-candidate ranking);
  /// `""` means "about the same".
  public var preference: String?
  /// Expected options of choice questions, by question id.
  public var choices: [String: String]?
  /// Expected ratings per question id, per candidate id, right within `tolerance`.
  public var ratings: [String: [String: Int]]?
  public var tolerance: Int
  /// Why the answer is what it is, shown after the submit when the form gives feedback.
  public var explanation: String?

  public init(
    ranking: [[String]]? = nil, preference: String? = nil, choices: [String: String]? = nil,
    ratings: [String: [String: Int]]? = nil, tolerance: Int = 0, explanation: String? = nil
  ) {
    self.ranking = ranking
    self.preference = preference
    self.choices = choices
    self.ratings = ratings
    self.tolerance = tolerance
    self.explanation = explanation
  }

  /// How an answer compares with the gold: right or not, and each part that was wrong.
  public struct Verdict: Sendable, Hashable {
    public var misses: [String]
    public var isRight: Bool { misses.isEmpty }
  }

  /// Checks an annotation against the gold; `order` names candidates by letter in the messages.
  public func check(_ a: Annotation, form: Form, order: [String]) -> Verdict {
    var misses: [String] = []
    func name(_ id: String) -> String { candidateLetter(id, order: order) }
    let ranking =
      form.rankingQuestionID.flatMap { a.answers[$0]?.ranking }
      ?? a.answers.values.compactMap(\.ranking).first
    if let tiers = ranking?.tiers, let expected = self.ranking?.first {
      if Set(tiers.first ?? []) != Set(expected) {
        misses.append("best: expected \(expected.map(name).sorted().joined(separator: " = "))")
      }
    } else if self.ranking != nil {
      misses.append("no ranking")
    }
    if let expected = preference {
      let winner: String?
      if let p = form.preferenceQuestions.lazy.compactMap({ a.answers[$0.id]?.preference }).first {
        winner = p.winner
      } else if let tiers = ranking?.tiers, let top = tiers.first {
        winner = top.count == 1 ? top[0] : nil
      } else {
        winner = "?"
      }
      let want = expected.isEmpty ? nil : expected
      if winner != want { misses.append("better: expected \(want.map(name) ?? "about the same")") }
    }
    for (q, option) in (choices ?? [:]).sorted(by: { $0.key < $1.key }) {
      let given = a.answers[q]?.choice.map { CandidateChoice.byCandidate($0, order: order).text }
      if given != option { misses.append("\(form.question(q)?.title ?? q): expected \(option)") }
    }
    for (q, perCandidate) in (ratings ?? [:]).sorted(by: { $0.key < $1.key }) {
      for (id, want) in perCandidate.sorted(by: { $0.key < $1.key }) {
        let given = a.candidateAnswers[q]?[id]?.rating ?? a.answers[q]?.rating
        if given.map({ abs($0 - want) > tolerance }) ?? true {
          misses.append("\(form.question(q)?.title ?? q) (\(name(id))): expected \(want)")
        }
      }
    }
    return Verdict(misses: misses)
  }
}
