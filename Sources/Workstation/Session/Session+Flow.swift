import Annotation
import Commands
import Foundation
import TaskStore
import TerminalKit

/// Submitting, skipping, undo across tasks, search and the command line.
extension Session {
  // MARK: Submit, skip, undo

  func submit() {
    guard !sheet.refuseEdit(), let t = task, let report = validation else { return }
    if draft.status == .submitted {
      if !nextUnfinished() { say("Already submitted. \(allDone())", .info) }
      return
    }
    if let first = report.issues.first {
      focusIssue(first)
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
      ], at: clock())
    let done = t.id
    let feedback =
      store.config.goldFeedback ? t.gold?.feedback(draft, form: form, order: order) : nil
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
    pending.undoArmedFor = done
    // A break that is due, or a limit reached, is said after a submit: never while typing.
    if let reminder = afterSubmitReminder() { say(reminder, .warning) }
  }

  /// Moves focus to the answer an issue is about.
  func focusIssue(_ issue: ValidationIssue) {
    if let qi = form.questions.firstIndex(where: { $0.id == issue.key.question }) {
      formPane.question = qi
      formPane.option = 0
    }
    if let c = issue.key.candidate, let i = order.firstIndex(of: c) { sheet.candidate = i }
    if case .ranking = focusedQuestion?.kind, !order.isEmpty {
      focus = .candidates
    } else {
      focus = .form
    }
  }

  func skip(reason: String) {
    guard !sheet.refuseEdit() else { return }
    let why = reason.trimmingCharacters(in: .whitespaces)
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
      ], at: clock())
    if !nextUnfinished() {
      say("Skipped. \(allDone())")
    } else {
      say("Skipped \(id)" + nav.passedNote)
    }
    pending.undoArmedFor = id
  }

  func undo() {
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
      step.edits.contains(where: \.finishesTask), pending.undoArmedFor != id
    {
      pending.undoArmedFor = id
      say(
        "Press u again to undo \(Edit.describe(step.edits, form: nil)) of task \(id): it reopens that task",
        .warning)
      return
    }
    pending.undoArmedFor = nil
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      sheet.ledger.forgetNextUndo()
      say("Task \(id) cannot be opened; nothing to undo there", .warning)
      return
    }
    let at = sheet.ledger.nextUndo(on: id)?.place
    guard let edits = sheet.undo(id) else {
      say("Nothing to undo", .info)
      return
    }
    restore(at)
    syncEditor()
    sheet.requestSave()
    let what = Edit.describe(edits, form: form, order: order)
    let place = resolvedPosition.map { "task \($0 + 1) (\(id))" } ?? "task \(id)"
    say(
      "Undid \(what) of \(place)"
        + (draft.status == .draft ? "" : "; the task is \(draft.status.rawValue)"))
  }

  /// Makes the annotator's last change of an earlier run an undo step, read back
  /// from the journal: `u` after a reopen takes it back, asking twice when that
  /// reopens a finished task on another page, as any such undo does.
  func seedUndoFromJournal() {
    guard review.desk == nil, !store.readOnly, let last = store.journal.lastRecord?.annotation,
      last.annotator == store.annotator
    else { return }
    var before =
      store.journal.previousRecord(for: last.taskId)?.annotation
      ?? Annotation(taskId: last.taskId, annotator: last.annotator, orderShown: last.orderShown)
    let edits = Edit.between(before, last)
    guard !edits.isEmpty else { return }
    sheet.ledger.record(edits, task: last.taskId, at: clock(), on: &before, sealed: true)
  }

  func redo() {
    guard !sheet.refuseEdit(decision: true) else { return }
    guard let id = sheet.ledger.nextRedoTask else {
      say("Nothing to redo", .info)
      return
    }
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      sheet.ledger.forgetNextRedo()
      say("Task \(id) cannot be opened; nothing to redo there", .warning)
      return
    }
    let at = sheet.ledger.nextRedo(on: id)?.place
    guard sheet.redo(id) != nil else {
      say("Nothing to redo", .info)
      return
    }
    restore(at)
    syncEditor()
    sheet.requestSave()
    say("Redone")
  }

  /// Searches the task on screen and shows the match.
  func search(_ typed: String) {
    // Masked text is not searched: only what is on screen.
    guard let task = shown else { return }
    guard let found = pending.search.find(typed, in: task, order: order) else {
      if let t = pending.search.term { say("\"\(t)\" is not in this task", .warning) }
      return
    }
    switch found.hit {
    case .turn(let i):
      focus = .conversation
      conversation.reveal = i
      conversation.revealContext = 0
    case .candidate(let i):
      focus = .candidates
      candidates.focus(i, sheet: &sheet, shown: candidatesShown)
      candidates.reveal = pending.search.term
    }
    say(found.message)
  }

  /// Runs a `:` command.
  func lineCommand(_ text: String) -> [Effect] {
    switch LineCommand.parse(text) {
    case .none: break
    case .goto(let target):
      if let n = Int(target), n >= 1 {
        if n > store.count { store.indexNow() }
        guard n <= store.count else {
          say("There are \(store.count) tasks", .warning)
          return []
        }
        guard !refuseWithheld(n - 1) else { return [] }
        go(to: n - 1)
      } else {
        store.indexNow()
        guard let i = store.index(of: target) else {
          say("No task has the id \"\(target)\"", .warning)
          return []
        }
        guard !refuseWithheld(i) else { return [] }
        go(to: i)
      }
    case .nextUnfinished:
      if !nextUnfinished() { say(allDone()) }
    case .filter(let name):
      guard nav.setFilter(name) else {
        say("usage: :filter all|unfinished|draft|submitted|skipped", .warning)
        return []
      }
      // Stay only on a task the filter shows; otherwise go to the first that matches.
      store.indexNow()
      if !nav.matches(resolvedPosition ?? nav.position, status) {
        guard let first = nav.scope.first(where: { nav.matches($0, status) }) else {
          say("Filter: \(name); no task matches it", .warning)
          return []
        }
        go(to: first)
      }
      say("Filter: \(name); n and p move within it")
    case .quit:
      flushSave()
      return [.quit]
    case .help: overlay = .help(scroll: 0)
    case .feedback: return showFeedback()
    case .usage(let text): say(text, .warning)
    case .unknown(let name):
      say(
        "Unknown command :\(name) (try :goto N or ID, :next-unfinished, :filter STATUS, :feedback, :q)",
        .warning)
    }
    return []
  }
}
