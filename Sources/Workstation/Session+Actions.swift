import Annotation
import Foundation
import TaskStore
import TerminalKit
import TextKit

extension Session {
  /// Performs a named action (the keymap's target), as if its key were pressed.
  @discardableResult
  public func perform(_ a: Action) -> [Effect] {
    if a != .undo { undoArmedFor = nil }
    switch a {
    case .help: overlay = .help(scroll: 0)
    case .quit:
      flushSave()
      return [.quit]
    case .cancel:
      pendingKeys = []
      overlay = .none
      searchTerm = nil
      notice = nil
    case .suspend:
      flushSave()
      return [.suspend]
    case .nextPane: cycleFocus(1)
    case .prevPane: cycleFocus(-1)
    case .submit: submit()
    case .skip:
      if !refuseEdit() { overlay = .prompt(LineInput(purpose: .skipReason)) }
    case .nextTask: move(1)
    case .prevTask: move(-1)
    case .undo: undo()
    case .redo: redo()
    case .commandLine: overlay = .prompt(LineInput(purpose: .command))
    case .search: overlay = .prompt(LineInput(purpose: .search))
    case .editRationale:
      if let q = form.questions.first(where: { if case .text = $0.kind { return true } else { return false } }) {
        openEditor(for: q)
      } else {
        say("This form has no text answer", .warning)
      }
    case .scrollDown: scrollBy(1)
    case .scrollUp: scrollBy(-1)
    case .pageDown: scrollBy(max(1, (viewHeights[focus] ?? 10) - 2))
    case .pageUp: scrollBy(-max(1, (viewHeights[focus] ?? 10) - 2))
    case .halfPageDown: scrollBy(max(1, (viewHeights[focus] ?? 10) / 2))
    case .halfPageUp: scrollBy(-max(1, (viewHeights[focus] ?? 10) / 2))
    case .scrollTop: scroll[focus] = 0
    case .scrollBottom: scroll[focus] = Int.max / 2
    case .scrollLeft: sideScroll[focus] = max(0, (sideScroll[focus] ?? 0) - 8)
    case .scrollRight: sideScroll[focus] = (sideScroll[focus] ?? 0) + 8
    case .prevCandidate: focusCandidate(candidateIndex - 1)
    case .nextCandidate: focusCandidate(candidateIndex + 1)
    case .rank1, .rank2, .rank3, .rank4, .rank5, .rank6, .rank7, .rank8, .rank9:
      if digitsAnswerPreference, let q = preferenceTarget {
        answerPreference(q, point: a.rankNumber ?? 0)
      } else {
        rankFocused(a.rankNumber ?? 0)
      }
    case .unrank: rankFocused(0)
    case .toggleNoneAcceptable: toggleNoneAcceptable()
    case .rewrite: openRewrite()
    case .rewriteExternal:
      guard !refuseEdit(), let (q, id) = rewriteTarget() else { return [] }
      editor = nil
      let key = AnswerKey(q.id, candidate: id)
      externalKey = key
      return [.externalEdit(draft[key]?.text ?? task?.candidate(id)?.text ?? "")]
    case .diff:
      if order.count < 2 { say("There is no other candidate to compare with", .info) } else { overlay = .diff(scroll: 0) }
    case .nextQuestion: focusQuestion(questionIndex + 1)
    case .prevQuestion: focusQuestion(questionIndex - 1)
    case .decrease: adjust(-1)
    case .increase: adjust(1)
    case .pick1, .pick2, .pick3, .pick4, .pick5, .pick6, .pick7, .pick8, .pick9:
      if focus != .form || focusedQuestion.map({ if case .preference = $0.kind { return true } else { return false } }) == true {
        // Outside the form, digits answer a pairwise preference only.
        guard digitsAnswerPreference, let q = preferenceTarget else {
          say("Digits answer the form here: \(Key.name(of: keymap.keys(for: .nextPane, in: [.global]) ?? [.tab])) to it", .info)
          return []
        }
        answerPreference(q, point: a.pickNumber ?? 0)
      } else {
        pick(a.pickNumber ?? 0)
      }
    case .toggle: toggle()
    case .nextTurn: moveTurn(1)
    case .prevTurn: moveTurn(-1)
    case .pickTurn: pickTurn(turnIndex)
    case .editorLeave, .editorSubmit, .editorNormalMode, .editorAppendLineEnd, .editorOpenLine, .deleteLine, .editorInsertMode, .editorAppend, .cursorLeft, .cursorRight, .cursorUp,
      .cursorDown, .wordLeft, .wordRight, .lineStart, .lineEnd, .textStart, .textEnd, .deleteBack, .deleteForward,
      .deleteWordBack, .killLine, .newline:
      say("\(a.rawValue) works in the editor only", .info)
    }
    return []
  }

  func cycleFocus(_ step: Int) {
    let panes = Pane.allCases
    let i = panes.firstIndex(of: focus) ?? 0
    focus = panes[(i + step + panes.count) % panes.count]
  }

  func scrollBy(_ n: Int) {
    scroll[focus] = max(0, min((scroll[focus] ?? 0), Int.max / 4) + n)
  }

  func focusCandidate(_ i: Int) {
    guard !order.isEmpty else { return }
    candidateIndex = max(0, min(order.count - 1, i))
    scroll[.candidates] = 0
    sideScroll[.candidates] = 0
  }

  func focusQuestion(_ i: Int) {
    guard !form.questions.isEmpty else { return }
    let clamped = max(0, min(form.questions.count - 1, i))
    if clamped != questionIndex { optionIndex = 0 }
    questionIndex = clamped
  }

  var focusedQuestion: Question? {
    form.questions.indices.contains(questionIndex) ? form.questions[questionIndex] : nil
  }

  /// The answer key for a question: per candidate questions use the focused candidate.
  func key(for q: Question) -> AnswerKey? {
    if q.scope == .candidate {
      guard let c = focusedCandidate else { return nil }
      return AnswerKey(q.id, candidate: c)
    }
    return AnswerKey(q.id)
  }

  // MARK: Ranking

  func rankFocused(_ n: Int) {
    guard !refuseEdit() else { return }
    guard let rq = form.rankingQuestion else {
      say("This form has no ranking", .warning)
      return
    }
    guard let id = focusedCandidate else {
      say("This task has no candidates to rank", .warning)
      return
    }
    if n > order.count {
      say("There are only \(order.count) candidates", .warning)
      return
    }
    let r = draft.answers[rq.id]?.ranking ?? Ranking()
    var placed = r.placing(id, at: n)
    if case .ranking(let opts) = rq.kind, !opts.allowTies, n > 0,
      let other = placed.ranks.first(where: { $0.key != id && $0.value == n })?.key
    {
      placed = placed.placing(other, at: 0)
    }
    record([.set(AnswerKey(rq.id), to: placed.isEmpty ? nil : .ranking(placed), on: draft)])
    let letterName = letter(candidateIndex)
    say(n == 0 ? "\(letterName) removed from the ranking" : "\(letterName) at rank \(n)")
    // Move on to the next unranked candidate, as annotators rank in one pass.
    if n > 0, let next = order.indices.first(where: { placed.rank(of: order[$0]) == nil }) {
      focusCandidate(next)
    }
  }

  func toggleNoneAcceptable() {
    guard !refuseEdit(), let rq = form.rankingQuestion else { return }
    guard case .ranking(let opts) = rq.kind, opts.allowNoneAcceptable else {
      say("\"None acceptable\" is not allowed in this form", .warning)
      return
    }
    var r = draft.answers[rq.id]?.ranking ?? Ranking()
    r.noneAcceptable.toggle()
    record([.set(AnswerKey(rq.id), to: r.isEmpty ? nil : .ranking(r), on: draft)])
    say(r.noneAcceptable ? "Marked: none acceptable" : "None acceptable cleared")
  }

  // MARK: Form values

  func adjust(_ step: Int) {
    guard let q = focusedQuestion else { return }
    switch q.kind {
    case .rating(let lo, let hi, _):
      guard !refuseEdit(), let k = key(for: q) else { return }
      // Clamped before stepping: a stored value from outside the scale must not overflow.
      let current = draft[k]?.rating.map { max(lo, min(hi, $0)) }
      let next = current.map { max(lo, min(hi, $0 + step)) } ?? (step > 0 ? lo : hi)
      record([.set(k, to: .rating(next), on: draft)])
    case .choice(let options):
      guard !refuseEdit(), let k = key(for: q) else { return }
      let i = draft[k]?.choice.flatMap { CandidateChoice.shown($0, options: options, order: order) }.flatMap { options.firstIndex(of: $0) }
      let next = i.map { max(0, min(options.count - 1, $0 + step)) } ?? (step > 0 ? 0 : options.count - 1)
      record([.set(k, to: .choice(CandidateChoice.stored(options[next], order: order)), on: draft)])
    case .labels(let options, _):
      optionIndex = max(0, min(options.count - 1, optionIndex + step))
    case .turn:
      moveTurn(step)
      pickTurn(turnIndex)
    case .ranking:
      focusCandidate(candidateIndex + step)
    case .preference:
      stepPreference(q, step)
    default:
      break
    }
  }

  func pick(_ n: Int) {
    guard let q = focusedQuestion else { return }
    switch q.kind {
    case .rating(let lo, let hi, _):
      guard !refuseEdit(), let k = key(for: q) else { return }
      guard (lo...hi).contains(n) else {
        say("\(q.title) runs from \(lo) to \(hi)", .warning)
        return
      }
      record([.set(k, to: .rating(n), on: draft)])
    case .choice(let options):
      guard !refuseEdit(), let k = key(for: q) else { return }
      guard n >= 1 && n <= options.count else {
        say("\(q.title) has \(options.count) options", .warning)
        return
      }
      record([.set(k, to: .choice(CandidateChoice.stored(options[n - 1], order: order)), on: draft)])
    case .labels(let options, _):
      guard n >= 1 && n <= options.count else {
        say("\(q.title) has \(options.count) options", .warning)
        return
      }
      optionIndex = n - 1
      toggleLabel(q, options[n - 1])
    case .ranking:
      rankFocused(n)
    case .turn:
      guard let t = task, n >= 1 && n <= t.context.count else {
        say("Pick a turn from 1 to \(task?.context.count ?? 0)", .warning)
        return
      }
      turnIndex = n - 1
      pickTurn(n - 1)
    default:
      break
    }
  }

  func toggle() {
    guard let q = focusedQuestion else { return }
    switch q.kind {
    case .labels(let options, _):
      guard options.indices.contains(optionIndex) else { return }
      toggleLabel(q, options[optionIndex])
    case .text, .compose: openEditor(for: q)
    case .rewrite: openRewrite()
    case .turn: pickTurn(turnIndex)
    case .ranking: toggleNoneAcceptable()
    case .rating, .choice, .preference: adjust(1)
    }
  }

  func toggleLabel(_ q: Question, _ option: String) {
    guard !refuseEdit(), let k = key(for: q) else { return }
    var labels = draft[k]?.labels ?? []
    if let i = labels.firstIndex(of: option) { labels.remove(at: i) } else { labels.append(option) }
    record([.set(k, to: labels.isEmpty ? nil : .labels(labels), on: draft)])
  }

  // MARK: Turns

  func moveTurn(_ step: Int) {
    guard let t = task, !t.context.isEmpty else { return }
    turnIndex = max(0, min(t.context.count - 1, turnIndex + step))
    turnScrollPending = true
  }

  func pickTurn(_ i: Int) {
    guard let q = form.questions.first(where: { $0.kind == .turn }) else {
      say("This form does not ask for a turn", .info)
      return
    }
    guard !refuseEdit(), let t = task, t.context.indices.contains(i) else { return }
    record([.set(AnswerKey(q.id), to: .turn(i), on: draft)])
    say("Turn \(i + 1) (\(t.context[i].role.rawValue)) picked")
  }

  // MARK: Submit, skip, undo

  func submit() {
    guard !refuseEdit(), let t = task, let report = validation else { return }
    if draft.status == .submitted {
      if !nextUnfinished() { say("Already submitted. \(allDone())", .info) }
      return
    }
    if let first = report.issues.first {
      focusIssue(first)
      let more = report.issues.count > 1 ? " (and \(report.issues.count - 1) more)" : ""
      notice = Notice(text: "Cannot submit: \(first.message)\(more)", kind: .error, blockers: [first.key])
      return
    }
    record([.status(old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted))])
    let done = t.id
    if !nextUnfinished() {
      say("Submitted. \(allDone()) u undoes the submit.", .info)
    } else {
      say("Submitted \(done)" + (report.warnings.isEmpty ? "" : ", with a warning: \(report.warnings[0])"))
    }
  }

  /// The key for each option of a choice or labels question: 1 to 9, then letters
  /// that no pane or global binding uses, so every option can be picked in one key.
  func optionKeys(_ count: Int) -> [Character] {
    Array("123456789".prefix(count)) + freeLetters.prefix(max(0, count - 9))
  }

  /// Picks the option of the focused question whose key is `c` (for options past 9); whether one was.
  func pickOptionByLetter(_ c: Character) -> Bool {
    guard let q = focusedQuestion else { return false }
    let count: Int
    switch q.kind {
    case .choice(let o): count = o.count
    case .labels(let o, _): count = o.count
    default: return false
    }
    guard count > 9, let i = optionKeys(count).firstIndex(of: c), i >= 9 else { return false }
    pick(i + 1)
    return true
  }

  /// What "all done" means here: how many submitted and skipped, and how to see the skipped ones.
  func allDone() -> String {
    store.indexNow()
    var submitted = 0
    var skipped = 0
    for i in 0..<store.count {
      switch status(ofTaskAt: i) {
      case .submitted: submitted += 1
      case .skipped: skipped += 1
      default: break
      }
    }
    let seeSkipped = skipped > 0 ? " (:filter skipped to see them)" : ""
    return "All done: \(submitted) submitted, \(skipped) skipped\(seeSkipped)."
  }

  /// Moves focus to the answer an issue is about.
  func focusIssue(_ issue: ValidationIssue) {
    if let qi = form.questions.firstIndex(where: { $0.id == issue.key.question }) {
      questionIndex = qi
      optionIndex = 0
    }
    if let c = issue.key.candidate, let i = order.firstIndex(of: c) { candidateIndex = i }
    if case .ranking = focusedQuestion?.kind, !order.isEmpty { focus = .candidates } else { focus = .form }
  }

  func skip(reason: String) {
    guard !refuseEdit() else { return }
    let why = reason.trimmingCharacters(in: .whitespaces)
    guard !why.isEmpty else {
      say("A skip needs a reason", .warning)
      return
    }
    let id = task?.id ?? ""
    record([.status(old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.skipped, skipReason: why))])
    if !nextUnfinished() { say("Skipped. \(allDone())") } else { say("Skipped \(id)") }
  }

  func undo() {
    guard !refuseEdit() else { return }
    guard let id = ledger.nextUndoTask else {
      say("Nothing to undo", .info)
      return
    }
    // Reopening a finished task on another page is asked for twice, like quitting.
    if task?.id != id, let step = ledger.nextUndo(on: id), step.edits.contains(where: \.finishesTask), undoArmedFor != id {
      undoArmedFor = id
      say("Press u again to undo \(Session.describe(step.edits, form: nil)) of task \(id): it reopens that task", .warning)
      return
    }
    undoArmedFor = nil
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      ledger.forgetNextUndo()
      say("Task \(id) cannot be opened; nothing to undo there", .warning)
      return
    }
    guard let edits = ledger.undo(id, on: &draft) else {
      say("Nothing to undo", .info)
      return
    }
    syncEditor()
    save()
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
    guard !refuseEdit() else { return }
    guard let id = ledger.nextRedoTask else {
      say("Nothing to redo", .info)
      return
    }
    if task?.id != id { goToTask(id: id) }
    guard task?.id == id else {
      ledger.forgetNextRedo()
      say("Task \(id) cannot be opened; nothing to redo there", .warning)
      return
    }
    guard ledger.redo(id, on: &draft) != nil else {
      say("Nothing to redo", .info)
      return
    }
    syncEditor()
    save()
    say("Redone")
  }

  func goToTask(id: String) {
    store.indexNow()
    if let i = store.index(of: id) { go(to: i) }
  }

  func syncEditor() {
    guard var ed = editor else { return }
    ed.editor.reset(draft[ed.key]?.text ?? ed.original ?? "")
    editor = ed
  }

  // MARK: Prompts

  func handlePrompt(_ key: Key, _ input: LineInput) -> [Effect] {
    var input = input
    if key == .esc || key == .ctrl("g") || key == .ctrl("c") {
      overlay = .none
      return []
    }
    if key == .enter {
      overlay = .none
      let text = input.editor.text
      switch input.purpose {
      case .skipReason: skip(reason: text)
      case .search: search(text)
      case .command: return command(text)
      }
      return []
    }
    switch key {
    case .backspace:
      if input.editor.text.isEmpty {
        overlay = .none
        return []
      }
      input.editor.deleteBack()
    case .left: input.editor.left()
    case .right: input.editor.right()
    case .home, .ctrl("a"): input.editor.lineStart()
    case .end, .ctrl("e"): input.editor.lineEnd()
    case .ctrl("w"): input.editor.deleteWordBack()
    default:
      if let t = key.typedText { input.editor.insert(t.replacingOccurrences(of: "\n", with: " ")) }
    }
    overlay = .prompt(input)
    return []
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
      searchScrollPending = (pane: .conversation, message: hit.index)
      place = "turn \(hit.index + 1)"
    } else {
      focus = .candidates
      focusCandidate(hit.index)
      searchScrollPending = (pane: .candidates, message: 0)
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
