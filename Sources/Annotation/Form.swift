import Platform

/// Whether a question is answered once per task or once per candidate.
public enum Scope: String, Sendable, Hashable, Codable {
  case task
  case candidate
}

/// What the ranking question allows.
public struct RankingOptions: Sendable, Hashable, Codable {
  public var allowTies: Bool
  public var allowPartial: Bool
  public var allowNoneAcceptable: Bool

  public init(allowTies: Bool = true, allowPartial: Bool = false, allowNoneAcceptable: Bool = false)
  {
    self.allowTies = allowTies
    self.allowPartial = allowPartial
    self.allowNoneAcceptable = allowNoneAcceptable
  }
}

/// When an optional question becomes required.
public enum Condition: Sendable, Hashable {
  /// "None acceptable" is chosen on any ranking.
  case noneAcceptable
  /// A rating (on any candidate, for per-candidate questions) is at most `value`.
  case atMost(question: String, value: Int)
  /// A rating is at least `value`.
  case atLeast(question: String, value: Int)
  /// A choice equals `value`.
  case equals(question: String, value: String)
  /// The top-ranked candidate carries a harm label in the given labels question.
  case topFlagged(question: String)

  /// The condition as the form file writes it.
  public var text: String {
    switch self {
    case .noneAcceptable: return "none_acceptable"
    case .atMost(let q, let v): return "\(q) <= \(v)"
    case .atLeast(let q, let v): return "\(q) >= \(v)"
    case .equals(let q, let v): return "\(q) = \(v)"
    case .topFlagged(let q): return "top_flagged \(q)"
    }
  }

  /// Parses the form file's notation; nil when it is not a condition.
  public static func parse(_ text: String) -> Condition? {
    let t = trimmed(text[...])
    if t == "none_acceptable" { return .noneAcceptable }
    if t.hasPrefix("top_flagged ") {
      let q = trimmed(t.dropFirst("top_flagged ".count))
      return q.isEmpty ? nil : .topFlagged(question: q)
    }
    for (op, make) in [
      (
        "<=",
        { (q: String, v: String) -> Condition? in Int(v).map { .atMost(question: q, value: $0) } }
      ),
      (
        ">=",
        { (q: String, v: String) -> Condition? in Int(v).map { .atLeast(question: q, value: $0) } }
      ),
      ("=", { (q: String, v: String) -> Condition? in .equals(question: q, value: v) }),
    ] {
      if let r = t.firstRange(of: op) {
        let q = trimmed(t[..<r.lowerBound])
        var v = trimmed(t[r.upperBound...])
        if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 {
          v = String(v.dropFirst().dropLast())
        }
        guard !q.isEmpty, !v.isEmpty else { return nil }
        return make(q, v)
      }
    }
    return nil
  }

  /// The text without white space but line breaks at either end, as Foundation's
  /// `.whitespaces` trims (U+200B ZERO WIDTH SPACE included, as Unicode once had it).
  static func trimmed(_ text: Substring) -> String { text.trimmingWhitespace(newlines: false) }
}

/// One question of the form.
public struct Question: Sendable, Hashable {
  public var id: String
  public var title: String
  public var help: String
  public var required: Bool
  public var scope: Scope
  public var kind: QuestionKind
  public var requiredIf: Condition?
  /// Options that name a content category (`content_warnings = { option = "category" }`):
  /// an annotator's submitted answer with one adds the category to the task for the others.
  public var warns: [String: String] = [:]

  public init(
    id: String, title: String, help: String = "", required: Bool = false, scope: Scope = .task,
    kind: QuestionKind, requiredIf: Condition? = nil
  ) {
    self.id = id
    self.title = title
    self.help = help
    self.required = required
    self.scope = scope
    self.kind = kind
    self.requiredIf = requiredIf
  }
}

/// The rating form: an ordered list of questions and display settings.
public struct Form: Sendable, Hashable {
  public var title: String
  public var version: String
  public var preset: String?
  public var instructions: String?
  /// Show model names beside candidates (hidden by default to avoid bias).
  public var showModel: Bool
  /// Show the imported prior to the annotator.
  public var showPrior: Bool
  public var questions: [Question] {
    didSet { rankingQuestionID = Form.firstRanking(in: questions)?.id }
  }
  /// The first ranking question's id, kept with the questions: a team's commands ask
  /// for it for each of a million answers, and finding the question copies it.
  public private(set) var rankingQuestionID: String?

  public init(
    title: String, version: String = "1", preset: String? = nil, instructions: String? = nil,
    showModel: Bool = false, showPrior: Bool = false, questions: [Question]
  ) {
    self.title = title
    self.version = version
    self.preset = preset
    self.instructions = instructions
    self.showModel = showModel
    self.showPrior = showPrior
    self.questions = questions
    rankingQuestionID = Form.firstRanking(in: questions)?.id
  }

  /// The question with the given id.
  public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

  /// The preference questions (pairwise tasks answer them with one digit each).
  public var preferenceQuestions: [Question] {
    questions.filter { if case .preference = $0.kind { return true } else { return false } }
  }

  /// The first ranking question, which drives pairs and the candidates pane.
  public var rankingQuestion: Question? { Form.firstRanking(in: questions) }

  static func firstRanking(in questions: [Question]) -> Question? {
    questions.first { if case .ranking = $0.kind { return true } else { return false } }
  }
}
