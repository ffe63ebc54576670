/// What the input loop hands to the program.
public enum TerminalEvent: Sendable, Equatable {
  case key(Key)
  /// No key within the poll interval: a chance to run timers.
  case tick
  /// Text widths changed (the terminal's emoji widths were measured): lay out and draw again.
  case widthsChanged
  /// A terminating signal arrived (SIGTERM, SIGINT, SIGHUP, SIGQUIT).
  case signal(Int32)
  /// The terminal went away (EIO or hangup on stdin).
  case hangup
}

/// What a program's run loop needs of a terminal: its size, the next event, a frame
/// drawn, and the screen given up and taken back. `Curses.Terminal` is the real one;
/// tests drive the run loop with a scripted one.
public protocol TerminalScreen: AnyObject {
  /// Columns and rows.
  var width: Int { get }
  var height: Int { get }
  /// What starting changed about the locale or the terminal type, for the message line.
  var notices: [String] { get }
  /// Waits for the next key, tick, signal or hangup.
  func next() -> TerminalEvent
  /// Draws a frame (only the cells that changed reach the terminal).
  func present(_ grid: Grid)
  /// Asks the terminal how wide it draws emoji sequences (answers arrive as input).
  func measureEmoji()
  /// Stops the program as Ctrl-Z would, giving the screen back until it resumes.
  func suspend()
  /// Gives the screen back to the shell (idempotent).
  func stop()
  /// Takes the screen again after `stop` (around an external editor).
  func resume()
}
