import Annotation
import TerminalKit
import TextKit

extension Session {
  /// Whether digits answer a preference from any pane: a two-candidate task on a form with one.
  var digitsAnswerPreference: Bool {
    order.count == 2 && form.rankingQuestion == nil && !form.preferenceQuestions.isEmpty
  }

  /// The preference question a digit answers: the focused one, else the first
  /// unanswered one (so the hh preset's two questions take one digit each), else the first.
  var preferenceTarget: Question? {
    let prefs = form.preferenceQuestions
    if focus == .form, let q = focusedQuestion, case .preference = q.kind { return q }
    return prefs.first { draft.answers[$0.id] == nil } ?? prefs.first
  }

  /// Answers a preference question with a point of its scale (1 = A much better).
  func answerPreference(_ q: Question, point: Int) {
    guard case .preference(let points, let labels) = q.kind else { return }
    guard !refuseEdit() else { return }
    guard point >= 1 && point <= points else {
      say("\(q.title) runs from 1 to \(points)", .warning)
      return
    }
    guard let answer = PreferenceAnswer(point: point, points: points, order: order) else {
      say("\(q.title) compares two candidates; this task has \(order.count)", .warning)
      return
    }
    record([.set(AnswerKey(q.id), to: .preference(answer), on: draft)])
    say("\(q.title): \(labels[point] ?? "\(point)")")
    // The next unanswered preference question takes the next digit.
    let prefs = form.preferenceQuestions
    if let next = prefs.first(where: { draft.answers[$0.id] == nil }),
      let qi = form.questions.firstIndex(where: { $0.id == next.id })
    {
      questionIndex = qi
    } else if let qi = form.questions.firstIndex(where: { $0.id == q.id }) {
      questionIndex = qi
    }
  }

  /// Steps a preference one point towards B (`step` > 0) or A.
  func stepPreference(_ q: Question, _ step: Int) {
    guard case .preference(let points, _) = q.kind else { return }
    let current = draft.answers[q.id]?.preference?.point(points: points, order: order)
    let next = current.map { max(1, min(points, $0 + step)) } ?? (points + 1) / 2
    answerPreference(q, point: next)
  }

  /// The point a preference question's answer is at, for the screen.
  func preferencePoint(_ q: Question) -> Int? {
    guard case .preference(let points, _) = q.kind else { return nil }
    return draft.answers[q.id]?.preference?.point(points: points, order: order)
  }
}
