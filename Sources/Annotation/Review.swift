/// A reviewer's decision on a task whose annotators disagreed, kept with the
/// reviewer's final answer in the reviewer's own journal (`reviews/NAME.jsonl`).
public struct Review: Sendable, Hashable, Codable {
  /// What the reviewer decided.
  public enum Decision: String, Sendable, Hashable, Codable {
    /// One annotator's answer, taken as it was.
    case accepted
    /// A final answer the reviewer wrote with the form.
    case edited
    /// No answer is fit: the annotators are asked to look again, with a note.
    case sentBack = "sent_back"
  }

  /// One annotator's answer a decision settles: whose, and when it was last saved.
  public struct Settled: Sendable, Hashable, Codable {
    public var annotator: String
    public var updated: String

    public init(annotator: String, updated: String) {
      self.annotator = annotator
      self.updated = updated
    }
  }

  public var decision: Decision
  /// The answers the decision settles; when any of them changes, the task needs a new one.
  public var settles: [Settled]
  /// Whose answer was accepted.
  public var accepted: String?
  /// The reviewer's note to the annotators.
  public var note: String?
  /// For a task sent back: the annotators asked to look again (nil, as in records
  /// written before it was kept: every annotator the decision settles).
  public var sentTo: [String]?
  /// The rule the decision stands for in a consensus export.
  public var rule: String
  /// Decided in under `quickMs` of looking at the task: reported, never hidden.
  public var quick: Bool
  /// The annotators' agreement on the task when it was decided.
  public var agreement: Double?

  enum CodingKeys: String, CodingKey {
    case decision, settles, accepted, note, rule, quick, agreement
    case sentTo = "sent_to"
  }

  /// A decision faster than this (2 s, as Potato flags rushed adjudication) is marked quick.
  public static let quickMs = 2_000

  public init(
    decision: Decision, settles: [Settled], accepted: String? = nil, note: String? = nil,
    rule: String = "adjudicated",
    quick: Bool = false, agreement: Double? = nil, sentTo: [String]? = nil
  ) {
    self.decision = decision
    self.settles = settles
    self.accepted = accepted
    self.note = note
    self.rule = rule
    self.quick = quick
    self.agreement = agreement
    self.sentTo = sentTo
  }

  /// Whether a sent-back decision asks `annotator` to look again.
  public func isSentBack(to annotator: String) -> Bool {
    decision == .sentBack && (sentTo ?? settles.map(\.annotator)).contains(annotator)
  }

  /// Whether the decision still settles these answers (none changed since).
  public func settles(_ answers: [Annotation]) -> Bool {
    Set(settles) == Set(answers.map { Settled(annotator: $0.annotator, updated: $0.updated) })
  }
}
