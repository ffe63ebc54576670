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
      writeAll(Array((text + "\n").utf8), to: STDOUT_FILENO)
    }
  }

  /// A line, sanitised, on a file descriptor.
  public static func write(_ text: String, to fd: Int32) {
    writeAll(Array((Sanitizer.plainText(text) + "\n").utf8), to: fd)
  }

  /// Every byte, across short writes and interruptions; a closed pipe ends it.
  static func writeAll(_ bytes: [UInt8], to fd: Int32) {
    bytes.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = systemWrite(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
        if n > 0 {
          done += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}

/// The C library's `write`, which `Console.write` hides inside the enum.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  write(fd, bytes, count)
}
