import Annotation
import Commands
import Platform
import Reports
import TaskStore
import TerminalKit
import Worksheet

/// Reviewing: taking one annotator's answer, writing a final one, sending a task
/// back. Each decision is one undoable step on the reviewer's own journal.
extension Session {
  /// Sends the task on screen back with the note typed at the prompt.
  func sendBack(note: String) {
    guard let desk = flow.review.desk, let item = flow.reviewItem else { return }
    for e in desk.sendBack(note: note, item, sheet: &flow.sheet, now: clock()) { _ = apply(e, nil) }
  }

  /// `:feedback`: the reviewers' notes on the annotator's work, newest first (read again first).
  func showFeedback() -> [Effect] {
    guard flow.review.desk == nil else {
      say(":feedback is for annotators; the review screen shows every answer", .info)
      return []
    }
    overlay = .feedback(scroll: 0)
    return [.load(.feedback)]
  }
}
