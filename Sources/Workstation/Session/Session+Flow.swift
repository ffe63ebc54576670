import Annotation
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
      sheet.notice = Notice(text: "Cannot submit: \(first.message)\(more)", kind: .error, blockers: [first.key])
      return
    }
    sheet.record([.status(old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted))], at: clock())
    let done = t.id
    if !nextUnfinished() {
      say("Submitted. \(allDone()) u undoes the submit.", .info)
    } else {
      say("Submitted \(done)" + (report.warnings.isEmpty ? "" : ", with a warning: \(report.warnings[0])"))
    }
  }

  /// Moves focus to the answer an issue is about.
  func focusIssue(_ issue: ValidationIssue) {
    if let qi = form.questions.firstIndex(where: { $0.id == issue.key.question }) {
      formPane.question = qi
      formPane.option = 0
    }
    if let c = issue.key.candidate, let i = order.firstIndex(of: c) { sheet.candidate = i }
    if case .ranking = focusedQuestion?.kind, !order.isEmpty { focus = .candidates } else { focus = .form }
  }

  func skip(reason: String) {
    guard !sheet.refuseEdit() else { return }
    let why = reason.trimmingCharacters(in: .whitespaces)
    guard !why.isEmpty else {
      say("A skip needs a reason", .warning)
      return
    }
    let id = task?.id ?? ""
    sheet.record([.status(old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.skipped, skipReason: why))], at: clock())
    if !nextUnfinished() { say("Skipped. \(allDone())") } else { say("Skipped \(id)") }
  }

  func undo() {
    guard !sheet.refuseEdit() else { return }
    guard let id = sheet.ledger.nextUndoTask else {
      say("Nothing to undo", .info)
      return
    }
    // Reopening a finished task on another page is asked for twice, like quitting.
    if task?.id != id, let step = sheet.ledger.nextUndo(on: id), step.edits.contains(where: \.finishesTask), undoArmedFor != id {
      undoArmedFor = id
      say("Press u again to undo \(Session.describe(step.edits, form: nil)) of task \(id): it reopens that task", .warning)
      return
    }
    undoArmedFor = nil
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      sheet.ledger.forgetNextUndo()
      say("Task \(id) cannot be opened; nothing to undo there", .warning)
      return
    }
    guard let edits = sheet.undo(id) else {
      say("Nothing to undo", .info)
      return
    }
    syncEditor()
    sheet.requestSave()
    let what = Session.describe(edits, form: form, order: order)
    let place = resolvedPosition.map { "task \($0 + 1) (\(id))" } ?? "task \(id)"
    say("Undid \(what) of \(place)" + (draft.status == .draft ? "" : "; the task is \(draft.status.rawValue)"))
  }

  /// An edit step in words: "submit", "skip", or the question (and candidate) it changed.
  static func describe(_ edits: [Edit], form: Form?, order: [String] = []) -> String {
    for e in edits {
      if case .status(let old, let new) = e {
        let finished = [old.status, new.status].first { $0 != .draft } ?? .draft
        return finished == .skipped ? "skip" : finished == .submitted ? "submit" : "status"
      }
    }
    for e in edits {
      if case .answer(let key, _, _) = e {
        let title = form?.question(key.question)?.title ?? key.question
        return key.candidate.map { "\(title) (\(candidateLetter($0, order: order)))" } ?? title
      }
    }
    return "change"
  }

  func redo() {
    guard !sheet.refuseEdit() else { return }
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
    guard sheet.redo(id) != nil else {
      say("Nothing to redo", .info)
      return
    }
    syncEditor()
    sheet.requestSave()
    say("Redone")
  }


  /// Searches the task: the first match, or with the same term (or an empty one) the next.
  ///
  /// Matches are the turns and then the candidates that contain the term, in screen
  /// order; `/` then Enter goes to the next one, as in less and vim.
  func search(_ term: String) {
    let typed = term.trimmingCharacters(in: .whitespaces)
    guard let t = typed.isEmpty ? searchTerm : typed, !t.isEmpty, let task else {
      searchTerm = nil
      return
    }
    let again = t == searchTerm
    searchTerm = t
    let needle = t.lowercased()
    var matches: [(pane: Pane, index: Int)] = []
    for (i, m) in task.context.enumerated() where m.content.lowercased().contains(needle) { matches.append((.conversation, i)) }
    for (i, id) in order.enumerated() where task.candidate(id)?.text.lowercased().contains(needle) == true {
      matches.append((.candidates, i))
    }
    guard !matches.isEmpty else {
      say("\"\(t)\" is not in this task", .warning)
      return
    }
    searchMatch = again ? (searchMatch + 1) % matches.count : 0
    let hit = matches[searchMatch]
    let place: String
    if hit.pane == .conversation {
      focus = .conversation
      conversation.reveal = hit.index
      conversation.revealContext = 0
      place = "turn \(hit.index + 1)"
    } else {
      focus = .candidates
      candidates.focus(hit.index, sheet: &sheet, shown: candidatesShown)
      candidates.reveal = t
      place = "candidate \(letter(hit.index))"
    }
    let next = matches.count > 1 ? " · / then Enter for the next" : ""
    say("Found in \(place) (match \(searchMatch + 1) of \(matches.count))\(next)")
  }

  func command(_ text: String) -> [Effect] {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let name = parts.first else { return [] }
    switch name {
    case "goto", "g":
      guard parts.count == 2 else {
        say("usage: :goto N or :goto TASK-ID", .warning)
        return []
      }
      guard let n = Int(parts[1]), n >= 1 else {
        store.indexNow()
        guard let i = store.index(of: parts[1]) else {
          say("No task has the id \"\(parts[1])\"", .warning)
          return []
        }
        go(to: i)
        return []
      }
      if n > store.count { store.indexNow() }
      guard n <= store.count else {
        say("There are \(store.count) tasks", .warning)
        return []
      }
      go(to: n - 1)
    case "next-unfinished", "nu":
      if !nextUnfinished() { say(allDone()) }
    case "filter":
      let value = parts.count > 1 ? parts[1] : "all"
      switch value {
      case "all":
        filter = nil
        filterUnfinished = false
      case "unfinished":
        filter = nil
        filterUnfinished = true
      default:
        guard let s = Status(rawValue: value) else {
          say("usage: :filter all|unfinished|draft|submitted|skipped", .warning)
          return []
        }
        filter = s
        filterUnfinished = false
      }
      // Stay only on a task the filter shows; otherwise go to the first that matches.
      store.indexNow()
      let here = resolvedPosition ?? position
      if !matchesFilter(here) {
        guard let first = (0..<store.count).first(where: matchesFilter) else {
          say("Filter: \(value); no task matches it", .warning)
          return []
        }
        go(to: first)
      }
      say("Filter: \(value); n and p move within it")
    case "q", "quit":
      flushSave()
      return [.quit]
    case "help":
      overlay = .help(scroll: 0)
    default:
      say("Unknown command :\(name) (try :goto N or ID, :next-unfinished, :filter STATUS, :q)", .warning)
    }
    return []
  }
}
