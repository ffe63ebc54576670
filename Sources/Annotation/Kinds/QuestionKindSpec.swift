/// Everything Rubric knows about one kind of question: how the form file writes it,
/// which answers it accepts, how several annotators' answers merge and agree, and which
/// keys answer it.
///
/// Each kind is one file in `Annotation/Kinds/`. `QuestionKind.spec` is the only switch
/// over the kinds themselves; the rest of Rubric asks the specification, or switches
/// over what it returns (`AnswerKeys`, `AgreementMeasure`), so a new kind that answers
/// and agrees like an existing one touches no other code.
public protocol QuestionKindSpec: Sendable {
  /// The kind's name as the form file writes it.
  static var name: String { get }
  /// The keys its question's table may hold in the form file, beyond the common ones.
  static var fileKeys: [String] { get }
  /// The scope a question of the kind has when the form file names none.
  static var defaultScope: Scope { get }
  /// Why a question of the kind cannot have `scope`; nil when it can.
  static func refusal(of scope: Scope) -> String?
  /// Reads the kind's settings from its question's table in the form file.
  static func read<F: KindFields>(_ fields: F) throws(F.Failure) -> QuestionKind

  /// Whether the answer is text typed in the editor.
  var isTextual: Bool { get }
  /// Whether the answer orders the candidates (a ranking or a preference).
  var isOrdering: Bool { get }
  /// How agreement between annotators is measured on the answers.
  var agreement: AgreementMeasure { get }
  /// What the answering keys do on a question of the kind.
  var keys: AnswerKeys { get }
  /// The options an answer picks from (the form file's `content_warnings` name them).
  var options: [String] { get }

  /// What is wrong with an answer given to the question; nil when nothing is.
  func problem(with answer: Answer, in context: AnswerContext) -> String?
  /// One answer from several annotators' submitted ones (`Consensus.merge`).
  func merge(_ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule)
    -> [AnswerKey: Answer]
  /// The dataset's prior ranking (tiers of candidate ids, best first) as an answer, when it says one.
  func priorAnswer(tiers: [[String]], candidates: [String]) -> Answer?
  /// The answer in a few words, as the review screen lists it; nil lists nothing.
  func brief(_ answer: Answer, order: [String]) -> AnswerBrief?
}

extension QuestionKindSpec {
  public static var defaultScope: Scope { .task }
  public static func refusal(of scope: Scope) -> String? { nil }
  public var isTextual: Bool { false }
  public var isOrdering: Bool { false }
  public var options: [String] { [] }
  public func priorAnswer(tiers: [[String]], candidates: [String]) -> Answer? { nil }

  /// The message for an answer of another kind than its question.
  func mismatch() -> String { "expects a \(Self.name) answer" }

  /// An answer of another kind than its question (a journal written elsewhere), shown as it is.
  func asItIs(_ answer: Answer) -> AnswerBrief { AnswerBrief("\(answer)", .plain) }

  /// Nothing merges (free text, a turn): a consensus has none.
  public func merge(
    _ submitted: [Annotation], _ q: Question, candidates: [String], rule: Consensus.Rule
  ) -> [AnswerKey: Answer] { [:] }
}

/// Where an answer is checked: the task, the candidate it is about, the order shown.
public struct AnswerContext: Sendable {
  public var task: ChatTask
  /// The candidate a per-candidate answer is about.
  public var candidate: String?
  /// Candidate ids in the order the annotator saw them.
  public var order: [String]

  public init(task: ChatTask, candidate: String?, order: [String]) {
    self.task = task
    self.candidate = candidate
    self.order = order
  }
}

/// An answer in a few words and how strongly to show them.
public struct AnswerBrief: Sendable, Hashable {
  /// How the words read beside the others.
  public enum Tone: Sendable, Hashable {
    /// An ordinary answer.
    case plain
    /// A decided value (a rank, a point, an option).
    case firm
    /// A flag or a refusal worth noticing.
    case alarm
    /// An answer that changed the candidate (a rewrite).
    case changed
    /// Nothing chosen.
    case quiet
  }

  public var text: String
  public var tone: Tone

  public init(_ text: String, _ tone: Tone) {
    self.text = text
    self.tone = tone
  }
}

/// What the answering keys do on a question: each kind answers in one of these ways,
/// and the form pane and `Sheet` implement each way once.
public enum AnswerKeys: Sendable, Hashable {
  /// Digits rank the focused candidate, steps move between candidates, toggle is "none acceptable".
  case ranks
  /// Digits pick a point of `lo...hi`; steps move along the scale.
  case scale(lo: Int, hi: Int)
  /// Digits pick one option; steps move along the options.
  case oneOf([String])
  /// Digits and toggle turn options on and off; steps move between options.
  case anyOf([String])
  /// Digits pick a point of the preference scale; steps move along it.
  case preference(points: Int)
  /// Toggle opens the editor on the answer's text.
  case written
  /// Toggle opens the editor on a copy of the candidate.
  case rewritten
  /// Steps and digits pick a turn of the conversation.
  case turn
}

/// How agreement between annotators is measured on a question kind's answers (`rubric agreement`).
public enum AgreementMeasure: Sendable, Hashable {
  /// Pairs of candidates ordered alike (pairwise agreement, Kendall's τ-b).
  case pairwise
  /// A point on a scale (Krippendorff's α, ordinal and interval).
  case scale
  /// One of the options (nominal α).
  case nominal(options: [String])
  /// Each option as yes or no (nominal α per label).
  case perLabel(options: [String])
  /// Not measured (free text, a turn).
  case none
}

/// A question's table in the form file, as a kind reads its settings from it; each
/// failure names the file, the line and the field.
public protocol KindFields {
  /// What reading a field can throw.
  associatedtype Failure: Error
  /// A true/false field, nil when absent.
  func bool(_ key: String) throws(Failure) -> Bool?
  /// An integer field, nil when absent.
  func int(_ key: String) throws(Failure) -> Int?
  /// A list of strings, nil when absent.
  func strings(_ key: String) throws(Failure) -> [String]?
  /// A scale's `labels = { 1 = "poor" }` table, each key a point of `lo...hi`.
  func pointLabels(lo: Int, hi: Int) throws(Failure) -> [Int: String]
  /// An error about the field `keys[0]`, at the line of the first of `keys` the table has.
  func failure(_ keys: [String], _ message: String) -> Failure
}
