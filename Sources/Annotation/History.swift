/// Undo and redo over every change to a draft.
///
/// Each step holds one or more edits. Typing in a text answer is coalesced
/// into one step per word or per pause, the way editors do: a keystroke joins
/// the previous step when it edits the same answer within `pauseMs` and does
/// not start a new word. A new step discards the redo branch. At most `limit`
/// steps are kept; the oldest fall off.
public struct History: Sendable, Hashable, Codable {
  /// Edits undone and redone together.
  public struct Step: Sendable, Hashable, Codable {
    public var edits: [Edit]
    /// When the step was last extended, in milliseconds on the caller's clock.
    public var at: Int
    /// Where the annotator was when the step began; undo and redo go back there.
    public var place: Place?

    public init(edits: [Edit], at: Int, place: Place? = nil) {
      self.edits = edits
      self.at = at
      self.place = place
    }
  }

  /// A position on the annotator's screen (pane, question, candidate), as the
  /// caller numbers them: what undo restores with the answer, like an editor's cursor.
  public struct Place: Sendable, Hashable, Codable {
    public var pane: Int
    public var question: Int
    public var candidate: Int

    public init(pane: Int, question: Int, candidate: Int) {
      self.pane = pane
      self.question = question
      self.candidate = candidate
    }
  }

  public private(set) var done: [Step] = []
  public private(set) var undone: [Step] = []
  public var limit: Int
  /// Keystrokes further apart than this start a new step.
  public var pauseMs: Int
  var sealed = false

  public init(limit: Int = 10_000, pauseMs: Int = 1_000) {
    self.limit = limit
    self.pauseMs = pauseMs
  }

  enum CodingKeys: String, CodingKey {
    case done, undone, limit, sealed
    case pauseMs = "pause_ms"
  }

  public var canUndo: Bool { !done.isEmpty }
  public var canRedo: Bool { !undone.isEmpty }

  /// Applies edits to the draft and records them as one step (or extends the last).
  public mutating func record(
    _ edits: [Edit], at ms: Int, on draft: inout Annotation, place: Place? = nil
  ) {
    let edits = edits.filter { !$0.isNoOp }
    guard !edits.isEmpty else { return }
    for e in edits { e.apply(to: &draft) }
    undone.removeAll()
    if edits.count == 1, let merged = coalesce(edits[0], at: ms) {
      done[done.count - 1] = Step(edits: [merged], at: ms, place: done[done.count - 1].place)
    } else {
      done.append(Step(edits: edits, at: ms, place: place))
      if done.count > limit { done.removeFirst(done.count - limit) }
    }
    sealed = false
  }

  /// Applies one edit and records it.
  public mutating func record(_ edit: Edit, at ms: Int, on draft: inout Annotation) {
    record([edit], at: ms, on: &draft)
  }

  /// Ends the current typing step, so the next keystroke starts a new one.
  public mutating func seal() { sealed = true }

  func coalesce(_ edit: Edit, at ms: Int) -> Edit? {
    guard !sealed, let last = done.last, last.edits.count == 1, ms - last.at < pauseMs else {
      return nil
    }
    guard case .answer(let key, let old, let new) = edit, case .text(let newText)? = new,
      case .answer(let lastKey, let firstOld, let lastNew) = last.edits[0], lastKey == key,
      case .text(let previous)? = lastNew, old.isSame(as: lastNew)
    else { return nil }
    // A word starts after whitespace as the text grows (counted in bytes: counting
    // characters walks the whole text on every keystroke).
    if let p = previous.last, p.isWhitespace, let n = newText.last, !n.isWhitespace,
      newText.utf8.count > previous.utf8.count
    {
      return nil
    }
    return .answer(key: key, old: firstOld, new: new)
  }

  /// The step `undo` would undo next.
  public var nextUndo: Step? { done.last }

  /// The step `redo` would redo next.
  public var nextRedo: Step? { undone.last }

  /// Undoes the last step on the draft; returns the edits applied to do so.
  @discardableResult
  public mutating func undo(_ draft: inout Annotation) -> [Edit]? {
    guard let step = done.popLast() else { return nil }
    let inverse = step.edits.reversed().map(\.inverse)
    for e in inverse { e.apply(to: &draft) }
    undone.append(step)
    sealed = true
    return inverse
  }

  /// Redoes the last undone step; returns the edits applied.
  @discardableResult
  public mutating func redo(_ draft: inout Annotation) -> [Edit]? {
    guard let step = undone.popLast() else { return nil }
    for e in step.edits { e.apply(to: &draft) }
    done.append(step)
    sealed = true
    return step.edits
  }
}
