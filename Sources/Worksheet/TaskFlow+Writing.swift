import Annotation
import TextKit

/// Which answer an editor may open on: a text or compose question, or the focused candidate's rewrite.
extension TaskFlow {
  /// The built-in editor on a text or compose question's answer; nil when it cannot be edited (saying why).
  package func editor(for q: Question) -> EditorPane? {
    guard !sheet.refuseEdit(), let k = sheet.key(for: q) else { return nil }
    return EditorPane(
      key: k, title: q.title, editor: TextEditor(draft[k]?.text ?? ""), original: nil,
      insertMode: true)
  }

  /// The editor on a rewrite of the focused candidate, starting from its text; nil when there is none (saying why).
  package func rewriteEditor() -> EditorPane? {
    guard let (k, original) = rewriteTarget() else { return nil }
    return EditorPane(
      key: k, title: "Rewrite of \(letter(sheet.candidate))",
      editor: TextEditor(draft[k]?.text ?? original), original: original, insertMode: true)
  }

  /// The focused candidate's rewrite answer and the candidate's text, or nil with a message:
  /// no rewrite question, no candidate, the task read-only or its text masked.
  package func rewriteTarget() -> (key: AnswerKey, original: String)? {
    guard !sheet.refuseEdit(), !refuseMasked() else { return nil }
    guard let q = form.questions.first(where: { $0.kind == .rewrite }) else {
      say("This form has no rewrite question", .warning)
      return nil
    }
    guard let id = sheet.focusedCandidate, let original = task?.candidate(id)?.text else {
      say("There is no candidate to rewrite", .warning)
      return nil
    }
    return (AnswerKey(q.id, candidate: id), original)
  }
}
