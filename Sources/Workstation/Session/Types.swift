import Annotation
import Commands
import Shift
import TaskStore
import TextKit

/// The panes of the workstation.
public enum Pane: Int, Sendable, CaseIterable {
  case conversation, candidates, form
  /// The annotators' answers, on the review screen only.
  case answers

  var title: String {
    switch self {
    case .conversation: return "Conversation"
    case .candidates: return "Candidates"
    case .form: return "Form"
    case .answers: return "Answers"
    }
  }

  var context: KeyContext {
    switch self {
    case .conversation: return .conversation
    case .candidates: return .candidates
    case .form: return .form
    case .answers: return .answers
    }
  }
}

/// What key handling asks to be done outside the session's state.
public enum Effect: Sendable, Equatable {
  /// Append this record to the annotator's journal.
  case save(JournalRecord)
  case quit
  case suspend
  /// Hand the text to $VISUAL/$EDITOR and call `finishExternalEdit` with the result.
  case externalEdit(String)
  /// Remember the annotator's candidates view (`CandidatesPane.View`'s raw value).
  case rememberView(String)
  /// Add a break to the annotator's own break log.
  case logBreak(ShiftLog.Break)
  /// Read the journals for something the session shows (`Loaded` brings it back).
  case load(Load)
}

/// A one-line prompt at the bottom of the screen.
public struct LineInput: Sendable, Equatable {
  public enum Purpose: Sendable, Equatable { case command, search, skipReason, sendBackNote }
  public var purpose: Purpose
  public var editor = TextEditor("")
}

/// An overlay drawn over the panes, with its own keymap section.
public enum Overlay: Sendable, Equatable {
  case none
  case help(scroll: Int)
  case diff(scroll: Int)
  /// The reviewers' notes on the annotator's work (`:feedback`); scrolls with the help keys.
  case feedback(scroll: Int)
  case prompt(LineInput)
  /// A break: the calm screen, since a moment on the session's clock, started at a time of day.
  case rest(since: Int, started: String)

  /// Whether time with this overlay up is work (a break is not).
  var countsAsWork: Bool { if case .rest = self { false } else { true } }

  /// The keymap section a scrolling overlay reads its keys from (nil for the others).
  var keyContext: KeyContext? {
    switch self {
    case .help, .feedback: return .help
    case .diff: return .diff
    case .none, .prompt, .rest: return nil
    }
  }

  /// The overlay after one of its section's commands: scrolled by it, or closed by any other.
  func after(_ a: Action, page: Int) -> Overlay {
    guard let by = Scrolling.step(a, page: page) else { return .none }
    switch self {
    case .help(let top), .diff(let top), .feedback(let top):
      return scrolled(to: Scrolling.apply(by, to: top))
    case .none, .prompt, .rest: return self
    }
  }

  /// The same scrolling overlay at another line.
  func scrolled(to top: Int) -> Overlay {
    switch self {
    case .help: return .help(scroll: top)
    case .diff: return .diff(scroll: top)
    case .feedback: return .feedback(scroll: top)
    default: return self
    }
  }
}

/// A message on the message line.
public struct Notice: Sendable, Equatable {
  public enum Kind: Sendable { case info, warning, error }
  public var text: String
  public var kind: Kind
  /// The answers whose problems the notice is about; once none has a problem, it goes.
  public var blockers: [AnswerKey] = []
}
