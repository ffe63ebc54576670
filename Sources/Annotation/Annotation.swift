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
    case review
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
