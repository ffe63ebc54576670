import Annotation
import Codecs
import Foundation
import TaskStore
import TerminalKit

/// Opening tasks: where the annotator left off, by position, by id, next and previous.
extension Session {
  /// The status of a task as the annotator sees it now (the draft, a pending save, the store).
  /// A submitted answer a reviewer sent back, and a decision whose answers changed since,
  /// are to be done again.
  var status: (String) -> Status? {
    { [unowned self] id in
      guard let a = self.annotation(for: id) else { return nil }
      if a.status == .submitted
        && (self.review.isStale(a) || self.review.returnedDecision(a) != nil)
      {
        return .draft
      }
      return a.status
    }
  }

  func openInitialTask() {
    if let target = nav.initial(status: status) {
      load(target)
    } else if let why = nav.whyNothingToOpen() {
      sheet.taskError = why
    } else {
      // The first task cannot be read: the index finds it, and the pane says why.
      store.indexNow()
      go(to: 0)
    }
  }

  /// The number of tasks known so far, and whether that is all of them.
  public var taskCount: (count: Int, complete: Bool) { (store.count, store.isIndexed) }

  /// The 0-based position of the task on screen.
  public var position: Int { nav.position }

  /// The position of the current task; resolved lazily when it was opened by id.
  var resolvedPosition: Int? {
    if let id = task?.id, let i = store.index(of: id) { return i }
    return store.isIndexed ? nav.position : (store.count > nav.position ? nav.position : nil)
  }

  /// Opens a task: its answers (as saved, or a new draft), and every pane at its start.
  func load(_ target: Navigator.Target) {
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
    conversation = ConversationPane(turn: turn)
    candidates = CandidatesPane(view: candidates.view, linked: candidates.linked)
    formPane = FormPane()
    editor = nil
    overlay = .none
    focus = t.candidates.isEmpty ? (hasTurnQuestion ? .conversation : .form) : .candidates
    if review.desk != nil {
      review.desk?.pane = AnswersPane()
      review.desk?.openedAt = clock()
      focus = .answers
    }
    // A task its form cannot answer (one candidate under a pairwise form): say so at once.
    if review.desk == nil, draft.status == .draft, let why = store.whyUnanswerable(t) {
      let skip = keymap.keys(for: .skip, in: [.global]).map { Key.name(of: $0) } ?? "S"
      say(
        "This task cannot be answered: \(why). \(skip) skips it with a reason for the lead",
        .warning)
    }
    // Coming back to a skipped task: why it was skipped.
    if draft.status == .skipped {
      say(
        "You skipped this task: \(draft.skipReason ?? "no reason given"). Answering it and Enter submits it instead"
      )
    }
  }

  var hasTurnQuestion: Bool { form.questions.contains { $0.kind == .turn } }

  /// Opens the task at a 0-based position (indexing first if needed).
  public func go(to index: Int) {
    switch nav.target(at: index) {
    case .success(let target): load(target)
    case .failure(let error):
      if sheet.dirty { sheet.requestSave() }
      sheet.task = nil
      masking.shown = nil
      // No answers of the task before may show beside the error.
      sheet.draft = Annotation(taskId: "", annotator: store.annotator)
      sheet.taskError = error
      nav.position = index
      editor = nil
      overlay = .none
    case nil: break
    }
  }

  /// The latest answers to a task: the draft on screen, a save not yet carried out, or the store's.
  func annotation(for id: String) -> Annotation? {
    task?.id == id ? draft : savedAnnotation(for: id)
  }

  /// A task's answers as saved: by a save not yet carried out, or in the store.
  func savedAnnotation(for id: String) -> Annotation? {
    for case .save(let r) in sheet.saves.reversed() where r.annotation.taskId == id {
      return r.annotation
    }
    return store.annotation(for: id)
  }

  /// Moves by `step` tasks, honouring the filter.
  func move(_ step: Int) {
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
  func nextUnfinished() -> Bool {
    guard let i = nav.nextUnfinished(from: resolvedPosition ?? nav.position, status) else {
      return false
    }
    go(to: i)
    return true
  }

  /// Goes to the task with an id, indexing first.
  func goToTask(id: String) {
    store.indexNow()
    if let i = store.index(of: id) { go(to: i) }
  }

  /// What "all done" means here.
  func allDone() -> String { review.desk == nil ? nav.allDone(status) : reviewSummary() }
}
