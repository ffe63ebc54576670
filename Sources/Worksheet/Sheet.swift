import Annotation
import Codecs
import Platform
import TaskStore

/// The task on screen and the annotator's answers to it: what every pane reads
/// and what a change goes through.
///
/// A change is an `Edit` recorded in the `UndoLedger` and applied to the draft;
/// it asks for a save (an `Effect.save`) at once, or after a pause for typing.
/// Nothing here writes to disk: the session carries the saves out.
package struct Sheet {
  package var task: ChatTask?
  /// Why the task at the current position cannot be shown.
  package var taskError: LineError?
  /// Whether the task's line needed UTF-8 repair.
  package var repaired = false
  /// Where the task's line is, recorded with each save for a fast reopen.
  package var pos: TaskPosition?
  package var form: Form
  package var draft: Annotation
  package var ledger = UndoLedger()
  /// The focused candidate, by its place in the order shown.
  package var candidate = 0
  /// Where the annotator was when the key being handled arrived: each undo step keeps it.
  package var place: History.Place?

  /// Saves asked for since the session last carried them out.
  package var saves: [Effect] = []
  /// Typed text not yet saved, and since when.
  package var dirty = false
  package var dirtySince = 0
  package var lastEditAt = 0
  /// Set once a save failed: editing stops and the error stays on screen.
  package var saveFailure: StoreError?
  /// Why this store cannot be changed here, when it cannot.
  package var readOnly: Bool
  /// The message line: what the last key did, or why it could not.
  package var notice: Notice?
  /// The answers as last written for this task: typing is journaled as edits against them.
  package var written: Annotation?
  /// Edits written since the last snapshot; a snapshot comes every `snapshotEvery`.
  package var editsSinceSnapshot = Sheet.snapshotEvery
  package static let snapshotEvery = 50
  /// The wall clock each save is stamped with (the session's, injected).
  package var wall: () -> Date = Date.init

  package init(form: Form, annotator: String, readOnly: Bool) {
    self.form = form
    draft = Annotation(taskId: "", annotator: annotator)
    self.readOnly = readOnly
  }

  /// Opens a task: its saved answers, or a new draft with the candidates in the
  /// annotator's own order (`shuffled`; a reviewer sees the task's order).
  package mutating func open(
    _ decoded: DecodedTask, form: Form, at pos: TaskPosition?, saved: Annotation?,
    annotator: String, shuffled: Bool, now: String
  ) {
    let t = decoded.task
    task = t
    taskError = nil
    repaired = decoded.repaired
    self.pos = pos
    self.form = form
    // The first save after opening a task is a snapshot; typing after it, edits.
    written = nil
    editsSinceSnapshot = Sheet.snapshotEvery
    let ids = t.candidates.map(\.id)
    if let saved {
      draft = saved
    } else {
      let seed = shuffled ? PresentationOrder.seed(annotator: annotator, taskId: t.id) : 0
      draft = Annotation(
        taskId: t.id, annotator: annotator,
        orderShown: shuffled ? PresentationOrder.shuffle(ids, seed: seed) : ids,
        seed: seed, created: now, updated: now, formVersion: form.version)
    }
    // Candidates added or removed since the order was recorded still show.
    if Set(draft.orderShown) != Set(ids) {
      draft.orderShown =
        draft.orderShown.filter(ids.contains) + ids.filter { !draft.orderShown.contains($0) }
    }
    candidate = 0
  }

  /// Candidate ids in screen order.
  package var order: [String] { draft.orderShown }

  /// The focused candidate's id.
  package var focusedCandidate: String? {
    order.indices.contains(candidate) ? order[candidate] : nil
  }

  /// The validation report of the draft.
  package var validation: ValidationReport? { task.map { form.validate(draft, task: $0) } }

  /// Puts a message on the message line. Once saving has failed, that error
  /// stays: news about the key that triggered it must not hide it.
  package mutating func say(_ text: String, _ kind: Notice.Kind = .info) {
    if saveFailure != nil && kind != .error { return }
    notice = Notice(text: text, kind: kind)
  }

  /// Whether edits are refused (read-only store, failed save, no task, a reviewer's
  /// decision taken), saying why. A decision changes only by another one or by undo.
  package mutating func refuseEdit(decision: Bool = false) -> Bool {
    if let f = saveFailure {
      say("Editing has stopped: \(f)", .error)
      return true
    }
    if readOnly {
      say("Read-only: this store cannot be changed here", .warning)
      return true
    }
    if task == nil {
      say("No task to edit", .warning)
      return true
    }
    if !decision && isDecided {
      say("Already decided: u undoes the decision, to change the answer", .warning)
      return true
    }
    return false
  }

  /// Whether the draft is a reviewer's decision, taken.
  package var isDecided: Bool { draft.review != nil && draft.status == .submitted }

  /// Records edits: the ledger, the draft, and a save (at once, or debounced for `text`).
  /// A reviewer's decision is changed only as a whole: by another decision or by undo.
  package mutating func record(_ edits: [Edit], at now: Int, text: Bool = false) {
    guard let t = task else { return }
    let edits = edits.filter { !$0.isNoOp }
    guard !edits.isEmpty else { return }
    if isDecided, !edits.contains(where: { if case .review = $0 { true } else { false } }) {
      return
    }
    ledger.record(edits, task: t.id, at: now, on: &draft, sealed: !text, place: place)
    if !dirty { dirtySince = now }
    dirty = true
    lastEditAt = now
    if !text { requestSave() }
  }

  /// Undoes the last step on task `id` (the one open); the edits undone.
  package mutating func undo(_ id: String) -> [Edit]? { ledger.undo(id, on: &draft) }

  /// Redoes the last undone step on task `id` (the one open).
  package mutating func redo(_ id: String) -> [Edit]? { ledger.redo(id, on: &draft) }

  /// Asks for the draft to be saved now.
  package mutating func requestSave() {
    dirty = false
    guard task != nil, saveFailure == nil, !readOnly else { return }
    draft.updated = Timestamp.string(wall())
    // Each save records the form version it was made under.
    draft.formVersion = form.version
    // Typing is written as small edits against what was written last; anything
    // else, every 50th save of a task and the first after opening it, as a snapshot.
    if let before = written, editsSinceSnapshot < Sheet.snapshotEvery,
      let edit = TextEdit.between(before, draft)
    {
      saves.append(.save(JournalRecord(annotation: draft, pos: pos, edit: edit)))
      editsSinceSnapshot += 1
    } else {
      saves.append(.save(JournalRecord(annotation: draft, pos: pos)))
      editsSinceSnapshot = 0
    }
    written = draft
  }

  /// Saves the draft as it is, without counting as a change (a reveal): `updated` stays,
  /// so nothing that names this answer by its time (a review decision) is disturbed.
  package mutating func saveAsIs() {
    guard task != nil, saveFailure == nil, !readOnly else { return }
    saves.append(.save(JournalRecord(annotation: draft, pos: pos)))
    written = draft
    editsSinceSnapshot = 0
  }

  /// The answer key of a question: per-candidate questions use the focused candidate.
  package func key(for q: Question) -> AnswerKey? {
    guard q.scope == .candidate else { return AnswerKey(q.id) }
    return focusedCandidate.map { AnswerKey(q.id, candidate: $0) }
  }

  /// Moves the candidate focus, clamped to the candidates there are.
  package mutating func focusCandidate(_ i: Int) {
    guard !order.isEmpty else { return }
    candidate = max(0, min(order.count - 1, i))
  }
}
