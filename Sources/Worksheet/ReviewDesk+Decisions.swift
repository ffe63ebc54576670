import Annotation
import Commands
import Reports

/// The review screen's commands: taking one annotator's answer, starting a final
/// answer from one, sending a task back, hiding names. Each decision is one
/// undoable step on the reviewer's own journal (`Sheet.record`); moving on to the
/// next task is the session's, asked for with `PaneEffect.decided`.
extension ReviewDesk {
  /// The desk's own commands and its answers pane's; nil for a command not theirs.
  package mutating func handle(
    _ a: Action, item: ReviewItem?, sheet: inout Sheet, page: Int, now: Int
  )
    -> [PaneEffect]?
  {
    if let moved = pane.handle(a, count: item?.answers.count ?? 0, page: page) { return moved }
    switch a {
    case .take1, .take2, .take3, .take4, .take5, .take6, .take7, .take8, .take9:
      guard let item else { return [] }
      let n = a.takeNumber ?? 0
      guard let source = item.answers[safe: n - 1] else {
        let count = item.answers.count
        sheet.say("This task has \(count) annotators: 1 to \(count)", .warning)
        return []
      }
      let done = "Accepted \(name(n - 1, source))'s answer"
      return decide(.accepted, item, taking: source, sheet: &sheet, now: now, done: done)
    case .editFinal:
      guard let item, !sheet.refuseEdit(), let source = item.answers[safe: pane.column] else {
        return []
      }
      sheet.record(ReviewDesk.answerEdits(sheet.draft, to: source), at: now)
      sheet.say(
        "Final answer started from \(name(pane.column, source))'s: change it, then \(submitKey) decides"
      )
      return [
        .focus(sheet.form.rankingQuestion != nil && !sheet.order.isEmpty ? .candidates : .form)
      ]
    case .sendBack:
      guard item != nil, !sheet.refuseEdit(decision: true) else { return [] }
      return [.prompt(.sendBackNote)]
    case .hideNames:
      hideNames.toggle()
      sheet.say(hideNames ? "Names hidden: annotators are numbered" : "Names shown")
      return []
    default: return nil
    }
  }

  /// Sends the task back with a note (`recipients` says to whom).
  package func sendBack(note: String, _ item: ReviewItem, sheet: inout Sheet, now: Int)
    -> [PaneEffect]
  {
    switch ReviewDesk.recipients(of: note, item, final: sheet.draft) {
    case .failure(let refusal):
      sheet.say(refusal.message, .warning)
      return []
    case .success(let (to, text)):
      let names = item.answers.enumerated().filter { to.contains($0.element.annotator) }
        .map { name($0.offset, $0.element) }
      return decide(
        .sentBack, item, taking: nil, note: text, sentTo: to, sheet: &sheet, now: now,
        done: "Sent back to \(names.joined(separator: ", "))")
    }
  }

  /// Submit on the review screen: the final answer in the form is the decision
  /// (accepted when it equals an annotator's answer, edited otherwise).
  package func decideFromForm(_ item: ReviewItem, sheet: inout Sheet, now: Int) -> [PaneEffect] {
    guard !sheet.refuseEdit(), let report = sheet.validation else { return [] }
    if let first = report.issues.first {
      sheet.notice = Notice(
        text: "Cannot decide: \(first.message)", kind: .error, blockers: [first.key])
      return [.focusIssue(first)]
    }
    guard let same = item.answers.firstIndex(where: { ReviewDesk.sameAnswers($0, sheet.draft) })
    else {
      return decide(
        .edited, item, taking: nil, sheet: &sheet, now: now, done: "Decided with your own answer")
    }
    return decide(
      .accepted, item, taking: nil, accepted: item.answers[same].annotator, sheet: &sheet, now: now,
      done: "Accepted \(name(same, item.answers[same]))'s answer")
  }

  /// Records a decision (with the answers it takes, if any) as one step, and asks to move on.
  package func decide(
    _ decision: Review.Decision, _ item: ReviewItem, taking source: Annotation?,
    accepted: String? = nil, note: String? = nil, sentTo: [String]? = nil,
    sheet: inout Sheet, now: Int, done: String
  ) -> [PaneEffect] {
    guard !sheet.refuseEdit(decision: true) else { return [] }
    let decided = Review(
      decision: decision,
      settles: item.answers.map { Review.Settled(annotator: $0.annotator, updated: $0.updated) },
      accepted: source?.annotator ?? accepted, note: note, quick: now - openedAt < Review.quickMs,
      agreement: item.agreement, sentTo: sentTo)
    let draft = sheet.draft
    var edits = source.map { ReviewDesk.answerEdits(draft, to: $0) } ?? []
    edits.append(.review(old: draft.review, new: decided))
    if draft.status != .submitted {
      edits.append(
        .status(
          old: StatusState(draft.status, skipReason: draft.skipReason), new: StatusState(.submitted)
        ))
    }
    sheet.record(edits, at: now)
    let quick = decided.quick ? " (under 2 s: marked quick)" : ""
    return [.decided("\(done) for \(item.taskId)\(quick)")]
  }
}
