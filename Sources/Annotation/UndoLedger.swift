/// Undo and redo across tasks: one `History` per task, and the global order in
/// which tasks were changed, so `u` walks back through the shift, task by task.
public struct UndoLedger: Sendable, Hashable {
  /// Each task's history, by task id.
  public private(set) var histories: [String: History] = [:]
  /// Task ids in the order their changes were made (the last is undone first).
  public private(set) var undoOrder: [String] = []
  /// Task ids of undone changes, the last redone first.
  public private(set) var redoOrder: [String] = []
  /// Steps kept per task.
  public var limit: Int
  /// Entries kept in the global order.
  public var orderLimit: Int

  public init(limit: Int = 500, orderLimit: Int = 5000) {
    self.limit = limit
    self.orderLimit = orderLimit
  }

  /// Records edits on a task's draft; `sealed` ends the step (typing keeps it open).
  public mutating func record(
    _ edits: [Edit], task: String, at ms: Int, on draft: inout Annotation, sealed: Bool,
    place: History.Place? = nil
  ) {
    var h = histories[task] ?? History(limit: limit)
    let before = h.done.count
    h.record(edits, at: ms, on: &draft, place: place)
    if sealed { h.seal() }
    histories[task] = h
    if h.done.count != before || undoOrder.last != task { undoOrder.append(task) }
    if undoOrder.count > orderLimit { undoOrder.removeFirst(undoOrder.count - orderLimit) }
    redoOrder.removeAll()
  }

  /// Ends the open step of a task, so the next edit starts a new one.
  public mutating func seal(_ task: String) { histories[task]?.seal() }

  /// The task the next undo is on.
  public var nextUndoTask: String? { undoOrder.last }

  /// The step the next undo on a task would take back.
  public func nextUndo(on task: String) -> History.Step? { histories[task]?.nextUndo }

  /// The step the next redo on a task would make again (the one last undone).
  public func nextRedo(on task: String) -> History.Step? { histories[task]?.nextRedo }

  /// Takes the latest task off the undo order and undoes its last step on `draft`
  /// (which must be that task's); the edits undone, or nil when there were none.
  public mutating func undo(_ task: String, on draft: inout Annotation) -> [Edit]? {
    if undoOrder.last == task { undoOrder.removeLast() }
    guard var h = histories[task], let edits = h.undo(&draft) else { return nil }
    histories[task] = h
    redoOrder.append(task)
    return edits
  }

  /// Drops the next undo's entry (its task can no longer be opened).
  public mutating func forgetNextUndo() { _ = undoOrder.popLast() }

  /// Drops the next redo's entry.
  public mutating func forgetNextRedo() { _ = redoOrder.popLast() }

  /// The task the next redo is on.
  public var nextRedoTask: String? { redoOrder.last }

  /// Redoes the last undone step of a task on `draft`.
  public mutating func redo(_ task: String, on draft: inout Annotation) -> [Edit]? {
    if redoOrder.last == task { redoOrder.removeLast() }
    guard var h = histories[task], let edits = h.redo(&draft) else { return nil }
    histories[task] = h
    undoOrder.append(task)
    return edits
  }
}
