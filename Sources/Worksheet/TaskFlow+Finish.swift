import Annotation
import Platform
import TaskStore

/// Submitting, skipping, and undo and redo across tasks.
extension TaskFlow {
  /// Submits the task's answers and opens the next unfinished task, or says what blocks it.
  package func submit() {
    guard !sheet.refuseEdit(), let t = task, let report = sheet.validation else { return }
    if draft.status == .submitted {
      if !nextUnfinished() { say("Already submitted. \(allDone())", .info) }
      return
    }
    if let first = report.issues.first {
      events.append(.issue(first))
      let more = report.issues.count > 1 ? " (and \(report.issues.count - 1) more)" : ""
      sheet.notice = Notice(
        text: "Cannot submit: \(first.message)\(more)", kind: .error, blockers: [first.key])
      return
    }
    // Submitted without ever showing the masked text: the record says so (a blind
    // submit, counted by stats and left out of a consensus on request).
    if !maskedCategories.isEmpty { sheet.draft.revealed = false }
    sheet.record(
      [
        .status(
          old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted)
        )
      ], at: nowMs)
    let done = t.id
    let feedback =
      store.config.goldFeedback
      ? t.gold?.feedback(draft, form: form, order: sheet.order) : nil
    if !nextUnfinished() {
      say("Submitted. \(allDone()) u undoes the submit.", .info)
    } else {
      say(
        "Submitted \(done)"
          + (report.warnings.isEmpty ? "" : ", with a warning: \(report.warnings[0])")
          + nav.passedNote)
    }
    if let feedback { say(feedback.text, feedback.kind) }
    // u as the very next key undoes this submit at once, from wherever it led.
    undoArmedFor = done
    // A break that is due, or a limit reached, is said after a submit: never while typing.
    if let reminder = afterSubmitReminder() { say(reminder, .warning) }
  }

  /// Skips the task with the annotator's reason and opens the next unfinished one.
  package func skip(reason: String) {
    guard !sheet.refuseEdit() else { return }
    let why = reason.trimmingWhitespace(newlines: false)
    guard !why.isEmpty else {
      say("A skip needs a reason", .warning)
      return
    }
    let id = task?.id ?? ""
    sheet.record(
      [
        .status(
          old: StatusState(draft.status, skipReason: draft.skipReason),
          new: StatusState(.skipped, skipReason: why))
      ], at: nowMs)
    if !nextUnfinished() {
      say("Skipped. \(allDone())")
    } else {
      say("Skipped \(id)" + nav.passedNote)
    }
    undoArmedFor = id
  }

  /// Undoes the last change on any task, opening it (asking twice when that reopens a finished one).
  package func undo() {
    guard !sheet.refuseEdit(decision: true) else { return }
    // Nothing changed in this run yet: the first undo reaches back into the last one
    // (read from the journal now, not at start-up).
    if sheet.ledger.histories.isEmpty { seedUndoFromJournal() }
    guard let id = sheet.ledger.nextUndoTask else {
      say("Nothing to undo", .info)
      return
    }
    // Reopening a finished task on another page is asked for twice, like quitting.
    if task?.id != id, let step = sheet.ledger.nextUndo(on: id),
      step.edits.contains(where: \.finishesTask), undoArmedFor != id
    {
      undoArmedFor = id
      say(
        "Press u again to undo \(Edit.describe(step.edits, form: nil)) of task \(id): it reopens that task",
        .warning)
      return
    }
    undoArmedFor = nil
    guard reach(id, "undo", forget: { $0.forgetNextUndo() }) else { return }
    let at = sheet.ledger.nextUndo(on: id)?.place
    guard let edits = sheet.undo(id) else {
      say("Nothing to undo", .info)
      return
    }
    events.append(.returned(at))
    sheet.requestSave()
    let what = Edit.describe(edits, form: form, order: sheet.order)
    let place = resolvedPosition.map { "task \($0 + 1) (\(id))" } ?? "task \(id)"
    say(
      "Undid \(what) of \(place)"
        + (draft.status == .draft ? "" : "; the task is \(draft.status.rawValue)"))
  }

  /// Opens the task an undo or redo step is on; when it cannot be opened, drops
  /// the step (`forget`) and says so.
  private func reach(_ id: String, _ what: String, forget: (inout UndoLedger) -> Void) -> Bool {
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      forget(&sheet.ledger)
      say("Task \(id) cannot be opened; nothing to \(what) there", .warning)
      return false
    }
    return true
  }

  /// Makes the annotator's last change of an earlier run an undo step, read back
  /// from the journal: `u` after a reopen takes it back, asking twice when that
  /// reopens a finished task on another page, as any such undo does.
  package func seedUndoFromJournal() {
    guard review.desk == nil, !store.readOnly, let last = store.journal.lastRecord?.annotation,
      last.annotator == store.annotator
    else { return }
    var before =
      store.journal.previousRecord(for: last.taskId)?.annotation
      ?? Annotation(taskId: last.taskId, annotator: last.annotator, orderShown: last.orderShown)
    let edits = Edit.between(before, last)
    guard !edits.isEmpty else { return }
    sheet.ledger.record(edits, task: last.taskId, at: nowMs, on: &before, sealed: true)
  }

  /// Redoes the last undone change, opening its task.
  package func redo() {
    guard !sheet.refuseEdit(decision: true) else { return }
    guard let id = sheet.ledger.nextRedoTask else {
      say("Nothing to redo", .info)
      return
    }
    guard reach(id, "redo", forget: { $0.forgetNextRedo() }) else { return }
    let at = sheet.ledger.nextRedo(on: id)?.place
    guard sheet.redo(id) != nil else {
      say("Nothing to redo", .info)
      return
    }
    events.append(.returned(at))
    sheet.requestSave()
    say("Redone")
  }
}
