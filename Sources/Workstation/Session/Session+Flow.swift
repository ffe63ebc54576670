import Annotation
import Commands
import Platform
import TaskStore
import TerminalKit
import Worksheet

/// Following the task flow's moves, search and the command line.
extension Session {
  /// Does what the task flow's moves ask of the screen: a task opened starts
  /// every pane over; an undo goes back to where its step was made.
  func follow() {
    let events = flow.events
    flow.events.removeAll()
    for e in events {
      switch e {
      case .opened(let pane, let turn):
        cache.clear()
        conversation = ConversationPane(turn: turn)
        candidates = CandidatesPane(view: candidates.view, linked: candidates.linked)
        formPane = FormPane()
        editor = nil
        overlay = .none
        focus = pane
      case .failed:
        editor = nil
        overlay = .none
      case .returned(let place):
        restore(place)
        syncEditor()
      case .issue(let issue): focusIssue(issue)
      }
    }
  }

  /// Opens the task at a 0-based position (indexing first if needed).
  public func go(to index: Int) {
    flow.go(to: index)
    follow()
  }

  /// Moves focus to the answer an issue is about.
  func focusIssue(_ issue: ValidationIssue) {
    if let qi = form.questions.firstIndex(where: { $0.id == issue.key.question }) {
      formPane.question = qi
      formPane.option = 0
    }
    if let c = issue.key.candidate, let i = order.firstIndex(of: c) { flow.sheet.candidate = i }
    if case .ranking = focusedQuestion?.kind, !order.isEmpty {
      focus = .candidates
    } else {
      focus = .form
    }
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
      candidates.focus(i, sheet: &flow.sheet, shown: candidatesShown)
      candidates.reveal = pending.search.term
    }
    say(found.message)
  }

  /// Runs a `:` command.
  func lineCommand(_ text: String) -> [Effect] {
    switch LineCommand.parse(text) {
    case .none: break
    case .goto(let target): flow.goto(target)
    case .nextUnfinished:
      if !flow.nextUnfinished() { say(flow.allDone()) }
    case .filter(let name): flow.filter(name)
    case .quit:
      flushSave()
      return [.quit]
    case .help: overlay = .help(scroll: 0)
    case .feedback: return showFeedback()
    case .pace: return [.load(.pace(today: flow.today))]
    case .usage(let text): say(text, .warning)
    case .unknown(let name):
      say("Unknown command :\(name) (try \(LineCommand.listed))", .warning)
    }
    return []
  }
}
