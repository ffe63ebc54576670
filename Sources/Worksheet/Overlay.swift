import Commands
import TextKit

/// A one-line prompt at the bottom of the screen.
public struct LineInput: Sendable, Equatable {
  public enum Purpose: Sendable, Equatable { case command, search, skipReason, sendBackNote }
  public var purpose: Purpose
  public var editor = TextEditor("")

  package init(purpose: Purpose, editor: TextEditor = TextEditor("")) {
    self.purpose = purpose
    self.editor = editor
  }
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
  package var countsAsWork: Bool { if case .rest = self { false } else { true } }

  /// The keymap section a scrolling overlay reads its keys from (nil for the others).
  package var keyContext: KeyContext? {
    switch self {
    case .help, .feedback: return .help
    case .diff: return .diff
    case .none, .prompt, .rest: return nil
    }
  }

  /// The overlay after one of its section's commands: scrolled by it, or closed by any other.
  package func after(_ a: Action, page: Int) -> Overlay {
    guard let by = Scrolling.step(a, page: page) else { return .none }
    switch self {
    case .help(let top), .diff(let top), .feedback(let top):
      return scrolled(to: Scrolling.apply(by, to: top))
    case .none, .prompt, .rest: return self
    }
  }

  /// The same scrolling overlay at another line.
  package func scrolled(to top: Int) -> Overlay {
    switch self {
    case .help: return .help(scroll: top)
    case .diff: return .diff(scroll: top)
    case .feedback: return .feedback(scroll: top)
    default: return self
    }
  }
}
