/// Where an annotation stands.
public enum Status: String, Sendable, Hashable, Codable {
  case draft, submitted, skipped
}

/// One annotator's work on one task: answers, status, timing and presentation.
public struct Annotation: Sendable, Hashable, Codable {
  public var taskId: String
  public var annotator: String
  public var status: Status
  /// Why the task was skipped, when it was.
  public var skipReason: String?
  /// Answers to per-task questions, by question id.
  public var answers: [String: Answer]
  /// Answers to per-candidate questions, by question id, then candidate id.
  public var candidateAnswers: [String: [String: Answer]]
  /// Candidate ids in the order they were shown (A, B, C…).
  public var orderShown: [String]
  /// The seed the order was drawn from.
  public var seed: UInt64
  /// Milliseconds of active work (gaps over 60 s without a key are left out).
  public var activeMs: Int
  /// ISO 8601 timestamps.
  public var created: String
  public var updated: String
  public var formVersion: String
  /// A reviewer's decision, on the reviewer's final answer (never on an annotator's).
  public var review: Review?
  /// The annotator revealed the task's masked text (their own record; never judged, never exported).
  public var revealed: Bool?
  /// Why the task is not the annotator's to do (their own settings): opted out, or held back for the day.
  public var withheld: Withheld?

  public init(
    taskId: String, annotator: String, status: Status = .draft, skipReason: String? = nil,
    answers: [String: Answer] = [:], candidateAnswers: [String: [String: Answer]] = [:],
    orderShown: [String] = [], seed: UInt64 = 0, activeMs: Int = 0, created: String = "",
    updated: String = "", formVersion: String = "1"
  ) {
    self.taskId = taskId
    self.annotator = annotator
    self.status = status
    self.skipReason = skipReason
    self.answers = answers
    self.candidateAnswers = candidateAnswers
    self.orderShown = orderShown
    self.seed = seed
    self.activeMs = activeMs
    self.created = created
    self.updated = updated
    self.formVersion = formVersion
  }

  enum CodingKeys: String, CodingKey {
    case taskId = "task_id"
    case annotator, status, answers, seed, created, updated
    case skipReason = "skip_reason"
    case candidateAnswers = "candidate_answers"
    case orderShown = "order_shown"
    case activeMs = "active_ms"
    case formVersion = "form_version"
    case review, revealed, withheld
  }

  /// The answer stored under a key.
  public subscript(key: AnswerKey) -> Answer? {
    get {
      if let c = key.candidate { return candidateAnswers[key.question]?[c] }
      return answers[key.question]
    }
    set {
      if let c = key.candidate {
        var inner = candidateAnswers[key.question] ?? [:]
        inner[c] = newValue
        candidateAnswers[key.question] = inner.isEmpty ? nil : inner
      } else {
        answers[key.question] = newValue
      }
    }
  }

  /// Whether the annotator has answered anything or finished the task.
  public var hasWork: Bool {
    status != .draft || !answers.isEmpty || !candidateAnswers.isEmpty
  }
}

/// A task kept from an annotator by their own settings: recorded so the lead sees
/// that the work needs someone else, never as a skip.
public struct Withheld: Sendable, Hashable, Codable {
  public enum Reason: String, Sendable, Hashable, Codable {
    /// A category the annotator chose not to see (`skip`).
    case optedOut = "opted_out"
    /// A category whose daily limit was reached (`limit`): back the next day.
    case heldBack = "held_back"
  }

  public var reason: Reason
  public var category: String
  /// The local date it was recorded (a hold lasts that day).
  public var day: String

  public init(reason: Reason, category: String, day: String) {
    self.reason = reason
    self.category = category
    self.day = day
  }
}

extension Annotation {
  /// Whether this record replaces `other` as the task's latest answer, wherever the
  /// two lines stand in the journal (a git merge of two machines' lines may put an
  /// older one last): the later `updated` wins, and on a tie the one read later
  /// (this one). Rubric writes `updated` as fixed-width UTC with milliseconds, so
  /// text order is time order.
  public func supersedes(_ other: Annotation) -> Bool { updated >= other.updated }
}
