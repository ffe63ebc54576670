import Annotation
import Codecs
import Platform
import TaskStore
import TerminalKit

/// Opening tasks: where the annotator left off, by position, by id, next and
/// previous, and the `:goto` and `:filter` commands.
extension TaskFlow {
  /// Opens where the annotator left off (or the task sent back first).
  package func openInitialTask() {
    if let target = nav.initial(status: status) {
      open(target)
    } else if let why = nav.whyNothingToOpen() {
      sheet.taskError = why
    } else {
      // The first task cannot be read: the index finds it, and the pane says why.
      store.indexNow()
      go(to: 0)
    }
  }

  /// The position of the current task; resolved lazily when it was opened by id.
  package var resolvedPosition: Int? {
    if let id = task?.id, let i = store.index(of: id) { return i }
    return store.isIndexed ? nav.position : (store.count > nav.position ? nav.position : nil)
  }

  /// Opens a task: its answers (as saved, or a new draft); the panes start over.
  package func open(_ target: Navigator.Target) {
    let (decoded, pos, position) = (target.task, target.pos, target.index)
    // Typed text not saved yet is saved with the rest of this key's effects.
    if sheet.dirty { sheet.requestSave() }
    let t = decoded.task
    if let p = position {
      nav.position = p
    } else if let i = store.index(of: t.id) {
      nav.position = i
    }
    var saved = savedAnnotation(for: t.id)
    if let s = saved, review.isStale(s) { saved = nil }
    // An answer sent back is open again: Enter resubmits it.
    if let s = saved, review.returnedDecision(s) != nil { saved?.status = .draft }
    sheet.open(
      decoded, form: store.form(for: t), at: pos, saved: saved, annotator: store.annotator,
      shuffled: review.desk == nil, now: Timestamp.string(clocks.wall()))
    refreshShown()
    // Clamped: a journal written elsewhere may hold any number here.
    let turn = min(
      max(0, draft.answers.values.compactMap(\.turn).first ?? t.context.count - 1),
      max(0, t.context.count - 1))
    var focus: Pane = t.candidates.isEmpty ? (hasTurnQuestion ? .conversation : .form) : .candidates
    if review.desk != nil {
      review.desk?.pane = AnswersPane()
      review.desk?.openedAt = nowMs
      focus = .answers
    }
    events.append(.opened(focus: focus, turn: turn))
    // A task its form cannot answer (one candidate under a pairwise form): say so at once.
    if review.desk == nil, draft.status == .draft, let why = store.whyUnanswerable(t) {
      say(
        "This task cannot be answered: \(why). \(keymap.keyName(for: .skip)) skips it with a reason for the lead",
        .warning)
    }
    // Coming back to a skipped task: why it was skipped.
    if draft.status == .skipped {
      say(
        "You skipped this task: \(draft.skipReason ?? "no reason given"). Answering it and Enter submits it instead"
      )
    }
  }

  package var hasTurnQuestion: Bool { form.questions.contains { $0.kind == .turn } }

  /// Opens the task at a 0-based position (indexing first if needed).
  package func go(to index: Int) {
    switch nav.target(at: index) {
    case .success(let target): open(target)
    case .failure(let error):
      if sheet.dirty { sheet.requestSave() }
      sheet.task = nil
      masking.shown = nil
      // No answers of the task before may show beside the error.
      sheet.draft = Annotation(taskId: "", annotator: store.annotator)
      sheet.taskError = error
      nav.position = index
      events.append(.failed)
    case nil: break
    }
  }

  /// Moves by `step` tasks, honouring the filter.
  package func move(_ step: Int) {
    if let i = nav.step(from: resolvedPosition ?? nav.position, by: step, status) {
      go(to: i)
    } else {
      say(
        step > 0
          ? "This is the last task\(nav.filterLabel)" : "This is the first task\(nav.filterLabel)")
    }
  }

  /// Goes to the next task not yet submitted or skipped, after the current one, wrapping.
  @discardableResult
  package func nextUnfinished() -> Bool {
    guard let i = nav.nextUnfinished(from: resolvedPosition ?? nav.position, status) else {
      return false
    }
    go(to: i)
    return true
  }

  /// Goes to the task with an id, indexing first.
  package func goToTask(id: String) {
    store.indexNow()
    if let i = store.index(of: id) { go(to: i) }
  }

  /// What "all done" means here.
  package func allDone() -> String { review.desk == nil ? nav.allDone(status) : reviewSummary() }

  /// `:goto N` (1-based) or `:goto ID`.
  package func goto(_ target: String) {
    let index: Int
    if let n = Int(target), n >= 1 {
      if n > store.count { store.indexNow() }
      guard n <= store.count else {
        say("There are \(store.count) tasks", .warning)
        return
      }
      index = n - 1
    } else {
      store.indexNow()
      guard let i = store.index(of: target) else {
        say("No task has the id \"\(target)\"", .warning)
        return
      }
      index = i
    }
    guard !refuseWithheld(index) else { return }
    go(to: index)
  }

  /// `:filter STATUS`: stays only on a task the filter shows; otherwise goes to the first that matches.
  package func filter(_ name: String) {
    guard nav.setFilter(name) else {
      say("usage: :filter all|unfinished|draft|submitted|skipped", .warning)
      return
    }
    store.indexNow()
    if !nav.matches(resolvedPosition ?? nav.position, status) {
      guard let first = nav.scope.first(where: { nav.matches($0, status) }) else {
        say("Filter: \(name); no task matches it", .warning)
        return
      }
      go(to: first)
    }
    say("Filter: \(name); n and p move within it")
  }
}
