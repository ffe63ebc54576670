/// The status part of an annotation that submit and skip change.
public struct StatusState: Sendable, Hashable, Codable {
  public var status: Status
  public var skipReason: String?

  public init(_ status: Status, skipReason: String? = nil) {
    self.status = status
    self.skipReason = skipReason
  }

  enum CodingKeys: String, CodingKey {
    case status
    case skipReason = "skip_reason"
  }
}

/// One change to a draft. Each edit carries the value before and after, so it
/// can be applied, inverted and journaled on its own.
public enum Edit: Sendable, Hashable, Codable {
  /// An answer changes (nil means unanswered).
  case answer(key: AnswerKey, old: Answer?, new: Answer?)
  /// Submit, skip or reopen.
  case status(old: StatusState, new: StatusState)
  /// A reviewer's decision is taken or withdrawn.
  case review(old: Review?, new: Review?)

  /// The edit that undoes this one.
  public var inverse: Edit {
    switch self {
    case .answer(let key, let old, let new): return .answer(key: key, old: new, new: old)
    case .status(let old, let new): return .status(old: new, new: old)
    case .review(let old, let new): return .review(old: new, new: old)
    }
  }

  /// Applies the edit to an annotation.
  public func apply(to a: inout Annotation) {
    switch self {
    case .answer(let key, _, let new): a[key] = new
    case .status(_, let new):
      a.status = new.status
      a.skipReason = new.skipReason
    case .review(_, let new): a.review = new
    }
  }

  /// Whether the edit submits or skips the task (so undoing it reopens the task).
  public var finishesTask: Bool {
    if case .status(let old, let new) = self { return old.status == .draft && new.status != .draft }
    return false
  }

  /// Whether the edit changes nothing.
  public var isNoOp: Bool {
    switch self {
    case .answer(_, let old, let new): return old.isSame(as: new)
    case .status(let old, let new): return old == new
    case .review(let old, let new): return old == new
    }
  }

  /// Makes the edit that sets `key` to `value` on `draft`.
  public static func set(_ key: AnswerKey, to value: Answer?, on draft: Annotation) -> Edit {
    .answer(key: key, old: draft[key], new: value)
  }

  /// The edits that turn `before` into `after`: each answer that differs, the
  /// status, and a reviewer's decision (for an undo step read back from a journal).
  public static func between(_ before: Annotation, _ after: Annotation) -> [Edit] {
    var keys = Set(before.answers.keys.map { AnswerKey($0) }).union(
      after.answers.keys.map { AnswerKey($0) })
    for (q, byCandidate) in before.candidateAnswers {
      for c in byCandidate.keys { keys.insert(AnswerKey(q, candidate: c)) }
    }
    for (q, byCandidate) in after.candidateAnswers {
      for c in byCandidate.keys { keys.insert(AnswerKey(q, candidate: c)) }
    }
    var edits: [Edit] = keys.sorted().compactMap { k in
      before[k] == after[k] ? nil : .answer(key: k, old: before[k], new: after[k])
    }
    let old = StatusState(before.status, skipReason: before.skipReason)
    let new = StatusState(after.status, skipReason: after.skipReason)
    if old != new { edits.append(.status(old: old, new: new)) }
    if before.review != after.review {
      edits.append(.review(old: before.review, new: after.review))
    }
    return edits
  }
}
