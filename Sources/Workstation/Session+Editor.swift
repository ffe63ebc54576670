import Annotation
import Foundation
import TerminalKit
import TextKit

extension Session {
  /// Opens the built-in editor on a text or compose question.
  func openEditor(for q: Question) {
    guard !refuseEdit(), let k = key(for: q) else { return }
    if let qi = form.questions.firstIndex(where: { $0.id == q.id }) { questionIndex = qi }
    editor = EditorState(
      key: k, title: q.title, editor: TextEditor(draft[k]?.text ?? ""), original: nil, insertMode: true)
  }

  /// The rewrite question and the focused candidate, or nil with a message.
  func rewriteTarget() -> (Question, String)? {
    guard let q = form.questions.first(where: { $0.kind == .rewrite }) else {
      say("This form has no rewrite question", .warning)
      return nil
    }
    guard let id = focusedCandidate else {
      say("There is no candidate to rewrite", .warning)
      return nil
    }
    return (q, id)
  }

  /// Opens the editor on a rewrite of the focused candidate, starting from its text.
  func openRewrite() {
    guard !refuseEdit(), let (q, id) = rewriteTarget(), let original = task?.candidate(id)?.text else { return }
    let k = AnswerKey(q.id, candidate: id)
    if let qi = form.questions.firstIndex(where: { $0.id == q.id }) { questionIndex = qi }
    editor = EditorState(
      key: k, title: "Rewrite of \(letter(candidateIndex))", editor: TextEditor(draft[k]?.text ?? original),
      original: original, insertMode: true)
  }

  /// Takes back the text an external editor produced, as one undoable edit.
  public func finishExternalEdit(_ text: String?) {
    defer { externalKey = nil }
    guard let k = externalKey else { return }
    guard let text else {
      say("The editor failed; nothing changed", .warning)
      return
    }
    let original = k.candidate.flatMap { task?.candidate($0)?.text }
    if text == (draft[k]?.text ?? original) {
      say("No change")
      return
    }
    record([.set(k, to: text == original ? nil : .text(text), on: draft)])
    say("Rewrite taken from the editor")
  }

  func handleEditor(_ key: Key, _ state: consuming EditorState) -> [Effect] {
    var ed = state
    let contexts: [KeyContext] = ed.insertMode ? [.editor] : [.editorNormal]
    pendingKeys.append(key)
    var action: Action?
    switch keymap.lookup(pendingKeys, in: contexts) {
    case .pending: return []
    case .action(let a):
      action = a
      pendingKeys = []
    case .none:
      let typed = pendingKeys
      pendingKeys = []
      guard ed.insertMode else {
        // A normal-mode prefix that led nowhere: each key acts on its own.
        guard typed.count > 1 else { return [] }
        editor = ed
        var effects: [Effect] = []
        for k in typed {
          guard let current = editor, case .action = keymap.lookup([k], in: contexts) else { continue }
          effects += handleEditor(k, current)
        }
        return effects
      }
      var text = ""
      for k in typed {
        guard let t = k.typedText else { continue }
        text += t
      }
      guard !text.isEmpty else { return [] }
      // Let go of the session's copy so the text buffer is edited in place, not copied.
      editor = nil
      ed.editor.insert(text)
      commit(ed, text: true, boundary: text.count > 1)
      return []
    }
    guard let a = action else { return [] }
    switch a {
    case .editorLeave, .editorSubmit:
      editor = nil
      if let id = task?.id { ledger.seal(id) }
      flushSave()
      return a == .editorSubmit ? perform(.submit) : []
    case .editorNormalMode:
      ed.insertMode = false
      editor = ed
      return []
    case .editorInsertMode:
      ed.insertMode = true
    case .editorAppend:
      ed.editor.right()
      ed.insertMode = true
    case .editorAppendLineEnd:
      ed.editor.lineEnd()
      ed.insertMode = true
    case .editorOpenLine:
      ed.editor.lineEnd()
      ed.editor.insert("\n")
      ed.insertMode = true
      commit(ed, text: true, boundary: true)
      return []
    case .deleteLine:
      ed.editor.deleteLine()
      commit(ed, text: true, boundary: true)
      return []
    case .undo:
      editor = ed
      undo()
      return []
    case .redo:
      editor = ed
      redo()
      return []
    case .cursorLeft: ed.editor.left()
    case .cursorRight: ed.editor.right()
    case .cursorUp: ed.editor.up()
    case .cursorDown: ed.editor.down()
    case .wordLeft: ed.editor.wordLeft()
    case .wordRight: ed.editor.wordRight()
    case .lineStart: ed.editor.lineStart()
    case .lineEnd: ed.editor.lineEnd()
    case .textStart: ed.editor.textStart()
    case .textEnd: ed.editor.textEnd()
    case .newline:
      ed.editor.insert("\n")
      commit(ed, text: true, boundary: false)
      return []
    case .deleteBack:
      ed.editor.deleteBack()
      commit(ed, text: true, boundary: false)
      return []
    case .deleteForward:
      ed.editor.deleteForward()
      commit(ed, text: true, boundary: false)
      return []
    case .deleteWordBack:
      ed.editor.deleteWordBack()
      commit(ed, text: true, boundary: true)
      return []
    case .killLine:
      ed.editor.killLine()
      commit(ed, text: true, boundary: true)
      return []
    case .quit:
      flushSave()
      return [.quit]
    default:
      break
    }
    editor = ed
    return []
  }

  /// Records the editor's text as the answer; `boundary` starts a new undo step.
  func commit(_ ed: EditorState, text: Bool, boundary: Bool) {
    editor = ed
    guard !refuseEdit() else {
      editor = nil
      return
    }
    let value = ed.editor.text
    let new: Answer? = value.isEmpty && ed.original == nil ? nil : .text(value)
    if boundary, let id = task?.id { ledger.seal(id) }
    record([.set(ed.key, to: new, on: draft)], text: text)
    if boundary, let id = task?.id { ledger.seal(id) }
  }
}
