import Commands

/// The panes of the workstation.
public enum Pane: Int, Sendable, CaseIterable {
  case conversation, candidates, form
  /// The annotators' answers, on the review screen only.
  case answers

  package var title: String {
    switch self {
    case .conversation: return "Conversation"
    case .candidates: return "Candidates"
    case .form: return "Form"
    case .answers: return "Answers"
    }
  }

  package var context: KeyContext {
    switch self {
    case .conversation: return .conversation
    case .candidates: return .candidates
    case .form: return .form
    case .answers: return .answers
    }
  }
}

extension Pane {
  /// The pane a keymap section belongs to (nil for sections that are not panes).
  package init?(owner: KeyContext) {
    switch owner {
    case .conversation: self = .conversation
    case .candidates: self = .candidates
    case .form: self = .form
    case .answers: self = .answers
    case .global, .editor, .editorNormal, .help, .diff, .prompt: return nil
    }
  }
}
