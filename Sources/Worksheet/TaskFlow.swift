import Annotation
import Commands
import Platform
import Reports
import Shift
import TaskStore

/// The task flow: the task on screen with its answers, and moving through the
/// store. Opening, submitting, skipping, undo and redo across tasks, `:goto` and
/// `:filter`, with the annotator's settings (masking, withheld tasks, the shift)
/// and the reviewers' decisions applied. It knows no pane: what the screen must
/// do about a move comes back as `FlowEvent`s, which the session follows.
///
/// A class, not a value: the navigator asks it, in the middle of a walk, whether
/// a task is withheld, and that answer records the withholding on the sheet.
package final class TaskFlow {
  package let store: Store
  /// For the names of keys in messages.
  package let keymap: Keymap
  package let clocks: Clocks
  /// The task on screen and its answers.
  package var sheet: Sheet
  /// Where in the store, and what `n`/`p` show.
  package var nav: Navigator
  /// The annotator's settings applied to the screen: masked text, withheld tasks.
  package var masking: Masking
  /// The review screen's desk, or the reviewers' decisions on this annotator's work.
  package var review = ReviewState()
  /// The shift's time: active, since the last break, per category today.
  package var shift: ShiftClock
  /// The task whose submit an undo is waiting to be confirmed for (a second `u`),
  /// or the one just finished, which a `u` as the very next key undoes.
  package var undoArmedFor: String?
  /// What the screen must do about the flow's moves, in order; the session takes them.
  package var events: [FlowEvent] = []

  /// A flow over a store; with `desk`, the review screen's.
  package init(
    store: Store, keymap: Keymap, clocks: Clocks, wellbeing: Wellbeing, desk: ReviewDesk?
  ) {
    self.store = store
    self.keymap = keymap
    self.clocks = clocks
    sheet = Sheet(form: store.config.form, annotator: store.annotator, readOnly: store.readOnly)
    sheet.wall = clocks.wall
    nav = Navigator(store: store)
    masking = Masking(wellbeing: wellbeing)
    shift = ShiftClock(lastKeyAt: clocks.monotonic())
    review.desk = desk
    // Tasks the annotator's settings keep from them are passed over (and recorded) as they are met.
    nav.withheld = { [unowned self] in self.withholds($0) }
    nav.withheldTask = { [unowned self] in self.withholds($0) }
    if desk == nil { nav.unanswerable = { [unowned store] in store.whyUnanswerable($0) != nil } }
  }

  package var task: ChatTask? { sheet.task }
  package var form: Form { sheet.form }
  package var draft: Annotation { sheet.draft }
  /// Now on the monotonic clock, in milliseconds (durations, undo steps).
  package var nowMs: Int { clocks.monotonic() }
  package func say(_ text: String, _ kind: Notice.Kind = .info) { sheet.say(text, kind) }

  /// The status of a task as the annotator sees it now (the draft, a pending save, the store).
  /// A submitted answer a reviewer sent back, and a decision whose answers changed since,
  /// are to be done again.
  package var status: (String) -> Status? {
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

  /// The latest answers to a task: the draft on screen, a save not yet carried out, or the store's.
  package func annotation(for id: String) -> Annotation? {
    task?.id == id ? draft : savedAnnotation(for: id)
  }

  /// A task's answers as saved: by a save not yet carried out, or in the store.
  package func savedAnnotation(for id: String) -> Annotation? {
    for case .save(let r) in sheet.saves.reversed() where r.annotation.taskId == id {
      return r.annotation
    }
    return store.annotation(for: id)
  }

  /// Takes what a load found (the effect runner read it from the journals).
  package func receive(_ loaded: Loaded) {
    switch loaded {
    case .feedback(let decisions, let back): review.take(decisions: decisions, sentBack: back)
    case .flagged(let map): masking.flagged = map
    case .pace(nil): say("No journal to measure yet", .info)
    case .pace(let pace?):
      say(pace.summary ?? "Nothing submitted yet: your pace shows once you have", .info)
    case .todaysShift(let day):
      shift.todayMs = day?.byCategory ?? [:]
      shift.activeMs += day?.activeMs ?? 0
    case .todaysShiftLater(let reading): shift.earlier = reading
    }
  }
}

/// What the screen must do after the task flow moved.
package enum FlowEvent: Equatable {
  /// A task opened: every pane starts over, focused here, the conversation at this turn.
  case opened(focus: Pane, turn: Int)
  /// No task could be opened (its error shows): no editor or overlay stays.
  case failed
  /// An undo or redo went back to where its step was made; an open editor shows the answer.
  case returned(History.Place?)
  /// A submit was refused: the focus goes to the answer this issue is about.
  case issue(ValidationIssue)
}
