import Annotation
import Platform
import TerminalKit
import TextKit
import Worksheet

/// Opening the editor, routing its keys, and taking its text back as answers.
extension Session {
  /// What an unbound key in a pane is told: on a text question, how writing starts.
  func unboundMessage(_ key: Key) -> String {
    if focus == .form, let q = focusedQuestion, q.kind.isTextual, key.typedText != nil {
      let start = keymap.allKeys(for: .toggle, in: .form).map { Key.name(of: $0) }
      let how = start.isEmpty ? "r" : start.joined(separator: " or ")
      return "\(key) is not typed here: \(how) starts writing \"\(q.title)\""
    }
    return "\(key) does nothing here; press ? for help"
  }

  /// Opens the built-in editor on a text or compose question.
  func openEditor(for q: Question) {
    guard let ed = flow.editor(for: q) else { return }
    if let qi = form.questions.firstIndex(where: { $0.id == q.id }) { formPane.question = qi }
    editor = ed
  }

  /// Opens the editor on a rewrite of the focused candidate, starting from its text.
  func openRewrite() {
    guard let ed = flow.rewriteEditor() else { return }
    if let qi = form.questions.firstIndex(where: { $0.id == ed.key.question }) {
      formPane.question = qi
    }
    editor = ed
  }

  /// Asks the runner to open the focused candidate's rewrite in $VISUAL or $EDITOR.
  func rewriteExternally() -> [Effect] {
    guard let (key, original) = flow.rewriteTarget() else { return [] }
    editor = nil
    pending.externalKey = key
    return [.externalEdit(draft[key]?.text ?? original)]
  }

  /// Takes back the text an external editor produced, as one undoable edit.
  public func finishExternalEdit(_ text: String?) {
    defer { pending.externalKey = nil }
    guard let k = pending.externalKey else { return }
    guard let text else {
      say("The editor failed; nothing changed", .warning)
      return
    }
    let original = k.candidate.flatMap { task?.candidate($0)?.text }
    if text == (draft[k]?.text ?? original) {
      say("No change")
      return
    }
    flow.sheet.record([.set(k, to: text == original ? nil : .text(text), on: draft)], at: clock())
    _ = carryOut(flow.sheet.saves)
    flow.sheet.saves.removeAll()
    say("Rewrite taken from the editor")
  }

  /// A key in the editor: its section's commands edit; in insert mode, other keys type.
  ///
  /// The editor is taken out of the session while a key changes it, so its text
  /// buffer has one owner and is edited in place, never copied (a 100 KB rewrite).
  func editorKey(_ key: Key) -> [Effect] {
    guard let context = editor?.context else { return [] }
    // Esc and the key after it, arriving together, read as one Alt chord (a terminal
    // cannot tell them apart): one the editor has no use for is Esc, then the key.
    if key.alt, pending.keys.isEmpty, case .none = keymap.lookup([key], in: [context]) {
      var plain = key
      plain.alt = false
      return editorKey(.esc) + dispatch(plain)
    }
    return lookUp(key, in: [context], unbound: { self.type($0) }) { a in
      guard var ed = self.editor else { return [] }
      self.editor = nil
      switch ed.apply(a) {
      case .ignored, .moved:
        self.editor = ed
        return []
      case .edited(let boundary):
        self.commit(ed, boundary: boundary)
        return []
      case .leave(let submit):
        if let id = self.task?.id { self.flow.sheet.ledger.seal(id) }
        self.flushSave()
        return submit ? self.perform(.submit) : []
      case .command(let c):
        self.editor = ed
        if c == .quit {
          self.flushSave()
          return [.quit]
        }
        c == .undo ? self.flow.undo() : self.flow.redo()
        return []
      }
    }
  }

  /// Types keys that no editor command took (insert mode only).
  func type(_ keys: [Key]) -> [Effect] {
    guard var ed = editor, ed.insertMode else { return [] }
    let text = keys.compactMap(\.typedText).joined()
    guard !text.isEmpty else { return [] }
    flow.undoArmedFor = nil
    editor = nil
    ed.editor.insert(text)
    commit(ed, boundary: text.count > 1)
    return []
  }

  /// Records the editor's text as the answer; `boundary` starts a new undo step.
  func commit(_ ed: EditorPane, boundary: Bool) {
    editor = ed
    guard !flow.sheet.refuseEdit() else {
      editor = nil
      return
    }
    if boundary, let id = task?.id { flow.sheet.ledger.seal(id) }
    flow.sheet.record([.set(ed.key, to: ed.answer, on: draft)], at: clock(), text: true)
    if boundary, let id = task?.id { flow.sheet.ledger.seal(id) }
  }

  /// After an undo or redo, the open editor shows the answer's text.
  func syncEditor() {
    guard var ed = editor else { return }
    ed.editor.reset(draft[ed.key]?.text ?? ed.original ?? "")
    editor = ed
  }
}
