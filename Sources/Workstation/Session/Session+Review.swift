import Annotation
import Foundation
import Reports
import TaskStore
import TerminalKit

/// The review screen's state: the tasks to settle and how their answers show.
struct ReviewDesk {
  /// The tasks to review by id (the navigator's queue holds their order).
  var items: [String: ReviewItem]
  /// Annotators shown as "Annotator N".
  var hideNames = false
  var pane = AnswersPane()
  /// When the task on screen was opened, for marking quick decisions.
  var openedAt = 0

  init(items: [ReviewItem]) {
    self.items = Dictionary(items.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
  }
}

/// Reviewing: taking one annotator's answer, writing a final one, sending a task
/// back. Each decision is one undoable step on the reviewer's own journal.
extension Session {
  /// The task on screen as a review item (nil outside review).
  var reviewItem: ReviewItem? { task.flatMap { desk?.items[$0.id] } }

  /// Whether a reviewer's decision no longer settles the task's answers (one changed since).
  func isStale(_ a: Annotation) -> Bool {
    guard let review = a.review, let item = desk?.items[a.taskId] else { return false }
    return !review.settles(item.answers)
  }

  /// The reviewer's decision sending this task back to the annotator, while their answer is the one it judged.
  func returnedDecision(_ a: Annotation) -> Annotation? {
    guard desk == nil, a.status != .skipped, let d = returned[a.taskId], let review = d.review
    else { return nil }
    return review.settles.contains { $0.annotator == a.annotator && $0.updated == a.updated }
      ? d : nil
  }

  /// Accepts annotator `n`'s answer (1-based) as the decision.
  func take(_ n: Int) {
    guard let item = reviewItem else { return }
    guard let source = item.answers[safe: n - 1] else {
      say("This task has \(item.answers.count) annotators: 1 to \(item.answers.count)", .warning)
      return
    }
    let who = AnswersPane.name(self, n - 1, source)
    decide(.accepted, item, taking: source, done: "Accepted \(who)'s answer")
  }

  /// Starts the final answer from the focused annotator's, to be changed in the form and submitted.
  func editFinal() {
    guard let item = reviewItem, !sheet.refuseEdit() else { return }
    let i = desk?.pane.column ?? 0
    guard let source = item.answers[safe: i] else { return }
    sheet.record(answerEdits(to: source), at: clock())
    focus = form.rankingQuestion != nil && !order.isEmpty ? .candidates : .form
    let enter = keymap.keys(for: .submit, in: [.global]).map { Key.name(of: $0) } ?? "Enter"
    say(
      "Final answer started from \(AnswersPane.name(self, i, source))'s: change it, then \(enter) decides"
    )
  }

  /// Sends the task back with a note. Leading `@name` words (or `@2`, by column,
  /// when names are hidden) choose who it goes to; otherwise it goes to the
  /// annotators whose answer differs from the final answer in the form, or to all
  /// of them when the form holds none.
  func sendBack(note: String) {
    guard let item = reviewItem else { return }
    var words = note.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    var named: [String] = []
    while let w = words.first, w.hasPrefix("@"), w.count > 1 {
      named.append(String(w.dropFirst()))
      words.removeFirst()
    }
    let text = words.joined(separator: " ")
    guard !text.isEmpty else {
      say("Sending back needs a note for the annotators", .warning)
      return
    }
    let everyone = item.answers.map(\.annotator)
    var recipients: [String] = []
    for name in named {
      if everyone.contains(name) {
        recipients.append(name)
      } else if let n = Int(name), let a = item.answers[safe: n - 1] {
        recipients.append(a.annotator)
      } else {
        say(
          "No annotator \"\(name)\" answered this task: @ names one of them (or @1 to @\(everyone.count))",
          .warning)
        return
      }
    }
    if named.isEmpty {
      let hasFinal = !draft.answers.isEmpty || !draft.candidateAnswers.isEmpty
      recipients =
        hasFinal ? item.answers.filter { !sameAnswers($0, draft) }.map(\.annotator) : everyone
      if recipients.isEmpty { recipients = everyone }
    }
    let shown = item.answers.enumerated().filter { recipients.contains($0.element.annotator) }
      .map { AnswersPane.name(self, $0.offset, $0.element) }
    decide(
      .sentBack, item, taking: nil, note: text, sentTo: recipients,
      done: "Sent back to \(shown.joined(separator: ", "))")
  }

  /// Submit on the review screen: the final answer in the form is the decision
  /// (accepted when it equals an annotator's answer, edited otherwise).
  func decideFromForm() {
    guard let item = reviewItem, !sheet.refuseEdit(), let report = validation else { return }
    if let first = report.issues.first {
      focusIssue(first)
      sheet.notice = Notice(
        text: "Cannot decide: \(first.message)", kind: .error, blockers: [first.key])
      return
    }
    if let same = item.answers.firstIndex(where: { sameAnswers($0, draft) }) {
      decide(
        .accepted, item, taking: nil, accepted: item.answers[same].annotator,
        done: "Accepted \(AnswersPane.name(self, same, item.answers[same]))'s answer")
    } else {
      decide(.edited, item, taking: nil, done: "Decided with your own answer")
    }
  }

  /// Records a decision (with the answers it takes, if any) as one step, and moves on.
  func decide(
    _ decision: Review.Decision, _ item: ReviewItem, taking source: Annotation?,
    accepted: String? = nil, note: String? = nil, sentTo: [String]? = nil,
    done: String
  ) {
    guard !sheet.refuseEdit(decision: true) else { return }
    let now = clock()
    let review = Review(
      decision: decision,
      settles: item.answers.map { Review.Settled(annotator: $0.annotator, updated: $0.updated) },
      accepted: source?.annotator ?? accepted, note: note,
      quick: now - (desk?.openedAt ?? now) < Review.quickMs,
      agreement: item.agreement, sentTo: sentTo)
    var edits = source.map(answerEdits(to:)) ?? []
    edits.append(.review(old: draft.review, new: review))
    if draft.status != .submitted {
      edits.append(
        .status(
          old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted)
        ))
    }
    sheet.record(edits, at: now)
    let id = item.taskId
    let quick = review.quick ? " (under 2 s: marked quick)" : ""
    if nextUnfinished() {
      say("\(done) for \(id)\(quick)")
    } else {
      say("\(done) for \(id)\(quick). \(allDone()) u undoes the decision.")
    }
  }

  /// The edits that make the draft's answers those of `source`.
  func answerEdits(to source: Annotation) -> [Edit] {
    var keys = Set<AnswerKey>()
    for a in [draft, source] {
      for q in a.answers.keys { keys.insert(AnswerKey(q)) }
      for (q, byCandidate) in a.candidateAnswers {
        for c in byCandidate.keys { keys.insert(AnswerKey(q, candidate: c)) }
      }
    }
    return keys.sorted { ($0.question, $0.candidate ?? "") < ($1.question, $1.candidate ?? "") }
      .map { Edit.set($0, to: source[$0], on: draft) }
  }

  /// Whether two annotations give the same answers.
  func sameAnswers(_ a: Annotation, _ b: Annotation) -> Bool {
    a.answers == b.answers && a.candidateAnswers == b.candidateAnswers
  }

  /// "All decided: 5 of 5 (3 accepted, 1 edited, 1 sent back)".
  func reviewSummary() -> String {
    var counts: [Review.Decision: Int] = [:]
    var decided = 0
    for i in nav.scope {
      guard let id = store.taskID(at: i), status(id) == .submitted,
        let d = annotation(for: id)?.review?.decision
      else {
        continue
      }
      decided += 1
      counts[d, default: 0] += 1
    }
    let parts = [
      (Review.Decision.accepted, "accepted"), (.edited, "edited"), (.sentBack, "sent back"),
    ]
    .compactMap { d, word in counts[d].map { "\($0) \(word)" } }
    let total = nav.scope.count
    let head = decided == total ? "All decided" : "Decided"
    return "\(head): \(decided) of \(total)"
      + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))") + "."
  }

  /// Toggles the annotators' names on the review screen.
  func toggleNames() {
    desk?.hideNames.toggle()
    say(desk?.hideNames == true ? "Names hidden: annotators are numbered" : "Names shown")
  }

  /// `:feedback`: the reviewers' notes on the annotator's work, newest first.
  func showFeedback() {
    guard desk == nil else {
      say(":feedback is for annotators; the review screen shows every answer", .info)
      return
    }
    readFeedback()
    overlay = .feedback(scroll: 0)
  }

  /// Reads the reviewers' decisions on this annotator's answers (a store without
  /// reviews has none), and which of them still ask for a new answer.
  func readFeedback() {
    guard let decisions = try? Reviews.feedback(store.root, for: store.annotator) else { return }
    feedback = decisions
    let back = (try? Reviews.sentBack(store, to: store.annotator, feedback: decisions)) ?? []
    returned = Dictionary(back.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// How a reviewer's letters (the task's own order) read on this annotator's
  /// screen: "A is your B, B is your A"; nil when the orders are the same.
  func reviewerLetters(_ decision: Annotation) -> String? {
    guard let mine = annotation(for: decision.taskId) else { return nil }
    return CandidateLetters.legend(writer: decision.orderShown, reader: mine.orderShown)
  }

  /// Puts the tasks sent back to this annotator first in their queue; the notice
  /// that says so ("2 tasks sent back to you…"), or nil when there are none.
  func sentBackFirst() -> Notice? {
    let ids = returned.keys.filter { id in
      annotation(for: id).map { returnedDecision($0) != nil } ?? false
    }
    guard !ids.isEmpty else { return nil }
    store.indexNow()
    let positions = ids.compactMap { store.index(of: $0) }.sorted()
    if var queue = nav.queue {
      let first = Set(positions)
      queue.removeAll { first.contains($0) }
      nav.queue = positions + queue
    }
    // The first sent-back task is where the annotator starts, whatever they did last.
    nav.startAt = positions.first
    let n = ids.count
    return Notice(
      text:
        "\(n) task\(n == 1 ? "" : "s") sent back to you: \(n == 1 ? "it comes" : "they come") first; :feedback shows the reviewer's notes",
      kind: .warning)
  }
}
