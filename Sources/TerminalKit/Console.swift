import Platform

/// Where the command-line tools write text meant for people. Everything from a
/// store (names, ids, titles, file names that arrived through sync) may hold
/// escape sequences, so each line goes through the sanitiser: a control
/// character is shown as its placeholder, never sent to the terminal.
public enum Console {
  /// A line on standard output.
  public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

  /// A line on standard error.
  public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

  /// Data for programs (CSV): as it is when it goes to a file or a pipe, sanitised on a terminal.
  public static func data(_ text: String) {
    if isatty(STDOUT_FILENO) != 0 {
      out(text)
    } else {
      writeLine(text, to: STDOUT_FILENO)
    }
  }

  /// A line, sanitised, on a file descriptor.
  public static func write(_ text: String, to fd: Int32) {
    writeLine(Sanitizer.plainText(text), to: fd)
  }

  /// A line as it is; a closed pipe or a full disk ends it quietly.
  static func writeLine(_ text: String, to fd: Int32) {
    _ = Array((text + "\n").utf8).withUnsafeBytes { writeFully(fd, $0) }
  }
}
