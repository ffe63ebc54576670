import Annotation
import Codecs
import Platform
import Shift
import TaskStore

/// The annotator's own settings in the flow: masked text and revealing it, tasks
/// opted out of or held back for the day, and the shift's active time.
extension TaskFlow {
  /// The task's categories masked right now (none once revealed).
  package var maskedCategories: [String] { masking.masked(task, draft: draft) }

  /// Today, as a local day on the session's wall clock.
  package var today: String { Timestamp.localDay(clocks.wall()) }

  /// Recomputes the task as drawn: with masked categories, every message and candidate is a placeholder.
  package func refreshShown() {
    masking.refresh(task, draft: draft, key: keymap.keyName(for: .reveal))
  }

  /// Shows the task's masked text (`all`: every task's, for the rest of the session),
  /// recorded in the annotator's own journal.
  package func reveal(all: Bool) {
    guard task != nil else { return }
    let had = !maskedCategories.isEmpty
    if all { masking.revealAll = true }
    if had, !sheet.readOnly, sheet.saveFailure == nil {
      sheet.draft.revealed = true
      sheet.saveAsIs()
    }
    refreshShown()
    if all {
      say("Masked text is shown for the rest of this session")
    } else {
      say(
        had
          ? "Shown. Your reveal is in your own journal, never used to judge you"
          : "Nothing on this task is masked")
    }
  }

  /// Whether the task's text is masked (so no editor may show it), saying how to show it.
  package func refuseMasked() -> Bool {
    guard !maskedCategories.isEmpty else { return false }
    say(
      "The text is masked (\(maskedCategories.joined(separator: ", "))): \(keymap.keyName(for: .reveal)) shows it first",
      .warning)
    return true
  }

  /// Why a task in these categories is kept from the annotator today, if it is.
  package func withholding(_ categories: [String]) -> Withheld? {
    masking.withholding(categories, day: today) { shift.limitReached($0, masking.wellbeing) }
  }

  /// Whether the task at a position is kept from the annotator by their settings
  /// (recorded as opted out or held back the first time it is met).
  package func withholds(_ i: Int) -> Bool {
    guard masking.withholdsAny, review.desk == nil,
      let w = withholding(masking.categories(at: i, in: store))
    else { return false }
    if let id = store.taskID(at: i) { recordWithheld(id, w) }
    return true
  }

  /// The same for a task already read.
  package func withholds(_ t: ChatTask) -> Bool {
    guard review.desk == nil, let w = withholding(masking.categories(of: t)) else { return false }
    recordWithheld(t.id, w)
    return true
  }

  /// Whether the task at a position is kept from the annotator, saying so (for `:goto`).
  package func refuseWithheld(_ i: Int) -> Bool {
    guard withholds(i), let w = withholding(masking.categoriesAt[i] ?? []) else { return false }
    let why =
      w.reason == .heldBack
      ? "held back for today (your limit for \(w.category))"
      : "in a category you opted out of (\(w.category))"
    say("That task is \(why); it is recorded for the lead, not as a skip", .info)
    return true
  }

  /// Writes that a task was kept from the annotator, once per reason and day; a task already finished is left alone.
  package func recordWithheld(_ id: String, _ w: Withheld) {
    guard !id.isEmpty, !sheet.readOnly, sheet.saveFailure == nil, task?.id != id else { return }
    let before = savedAnnotation(for: id)
    guard before?.status ?? .draft == .draft, before?.withheld != w else { return }
    let now = Timestamp.string(clocks.wall())
    var a = before ?? Annotation(taskId: id, annotator: store.annotator, created: now, updated: now)
    a.withheld = w
    sheet.saves.append(.save(JournalRecord(annotation: a)))
  }

  /// Counts a key's gap as active time: the task's, the shift's, and today's per category.
  package func countActive(_ gap: Int) {
    sheet.draft.activeMs += gap
    let limited = !masking.wellbeing.limits.isEmpty
    shift.count(gap, categories: limited ? task.map { masking.categories(of: $0) } ?? [] : [])
  }

  /// What to say after a submit: a break is due, or a daily limit was reached.
  package func afterSubmitReminder() -> String? {
    shift.reminder(masking.wellbeing, breakKey: keymap.keyName(for: .takeBreak))
  }
}
