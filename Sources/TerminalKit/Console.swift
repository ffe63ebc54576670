import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the command-line tools write text meant for people. Everything from a
/// store (names, ids, titles, file names that arrived through sync) may hold
/// escape sequences, so each line goes through the sanitiser: a control
/// character is shown as its placeholder, never sent to the terminal.
public enum Console {
  /// A line on standard output.
  public static func out(_ text: String) { write(text, to: FileHandle.standardOutput) }

  /// A line on standard error.
  public static func err(_ text: String) { write(text, to: FileHandle.standardError) }

  /// Data for programs (CSV): as it is when it goes to a file or a pipe, sanitised on a terminal.
  public static func data(_ text: String) {
    if isatty(STDOUT_FILENO) != 0 {
      out(text)
    } else {
      FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
  }

  public static func write(_ text: String, to handle: FileHandle) {
    handle.write(Data((Sanitizer.plainText(text) + "\n").utf8))
  }
}
