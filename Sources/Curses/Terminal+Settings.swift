import CNcursesw
import Glibc

/// The locale and the terminal type, settled before curses starts: a wrong one
/// is fixed where it can be (with a notice for the message line) or refused with
/// a message that says what to set, never a garbled screen or curses' own exit.
enum TerminalSettings {
  /// Sets the locale from the environment; a locale that is not UTF-8 becomes
  /// C.UTF-8 when the system has it. The notice, or nil when nothing changed.
  static func settleLocale() throws(TerminalError) -> String? {
    setlocale(LC_ALL, "")
    if isUTF8() { return nil }
    let env = environmentValue
    let named =
      ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { k in
        env(k).flatMap { $0.isEmpty ? nil : "\(k)=\($0)" }
      }.first
      ?? "LANG unset"
    if setlocale(LC_CTYPE, "C.UTF-8") != nil, isUTF8() {
      return "\(named) is not UTF-8: showing text as C.UTF-8 (set LANG=C.UTF-8 to silence this)"
    }
    throw TerminalError.locale(named)
  }

  /// Whether the character set now in effect is UTF-8.
  static func isUTF8() -> Bool {
    guard let set = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: set).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Checks TERM against the terminfo database: an unknown one falls back to
  /// xterm-256color (with the notice), one that cannot move the cursor is refused.
  static func settleTerm() throws(TerminalError) -> String? {
    let term = environmentValue("TERM") ?? ""
    var notice: String?
    var chosen = term
    // One terminfo lookup per type: 1 can move the cursor, 0 cannot, -1 unknown.
    var found = term.isEmpty ? -1 : rb_terminfo_check(term)
    if found < 0 {
      chosen = "xterm-256color"
      found = rb_terminfo_check(chosen)
      guard found >= 0 else { throw TerminalError.unknownTerminal(term) }
      setenv("TERM", chosen, 1)
      notice =
        (term.isEmpty ? "TERM is not set" : "TERM=\(term) has no terminfo entry here")
        + ": drawing as xterm-256color (Debian's ncurses-term has more terminfo entries)"
    }
    guard found == 1 else { throw TerminalError.noCursorAddressing(chosen) }
    return notice
  }
}

/// An environment variable, read from the C environment (setenv above changes it).
func environmentValue(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}
