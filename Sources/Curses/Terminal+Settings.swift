import CNcursesw

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
    let asked = env("LC_ALL") ?? env("LC_CTYPE") ?? env("LANG") ?? ""
    if !(setlocale(LC_CTYPE, "C.UTF-8") != nil && isUTF8()) {
      // A static release binary reads no system locale: it carries C.UTF-8's table.
      guard let dir = AppendedFiles.extracted() else { throw TerminalError.locale(named) }
      setenv("LOCPATH", dir + "/locale", 1)
      guard setlocale(LC_CTYPE, "C.UTF-8") != nil, isUTF8() else {
        throw TerminalError.locale(named)
      }
    }
    let upper = asked.uppercased()
    if upper == "C.UTF-8" || upper == "C.UTF8" { return nil }
    return upper.contains("UTF-8") || upper.contains("UTF8")
      ? "\(named) is not installed here: showing text as C.UTF-8"
      : "\(named) is not UTF-8: showing text as C.UTF-8 (set LANG=C.UTF-8 to silence this)"
  }

  /// Whether the character set now in effect is UTF-8.
  static func isUTF8() -> Bool {
    guard let set = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: set).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Checks TERM against the terminfo database: an unknown one falls back to
  /// xterm-256color (with the notice), one that cannot move the cursor is refused.
  /// Where the system has neither, the entries a release binary carries are used.
  static func settleTerm() throws(TerminalError) -> String? {
    let term = environmentValue("TERM") ?? ""
    // One terminfo lookup per type: 1 can move the cursor, 0 cannot, -1 unknown.
    var found = term.isEmpty ? -1 : rb_terminfo_check(term)
    if found >= 0 {
      guard found == 1 else { throw TerminalError.noCursorAddressing(term) }
      return nil
    }
    let fallback = "xterm-256color"
    let missing = term.isEmpty ? "TERM is not set" : "TERM=\(term) has no terminfo entry here"
    var builtIn = false
    var chosen = term
    // The type itself, from the entries built in, before any other type.
    if AppendedFiles.carriesTerminfo(for: term), useBuiltInEntries() {
      builtIn = true
      found = rb_terminfo_check(term)
    }
    if found < 0 {
      builtIn = false
      chosen = fallback
      found = rb_terminfo_check(chosen)
      if found < 0, AppendedFiles.carriesTerminfo(for: chosen), useBuiltInEntries() {
        builtIn = true
        found = rb_terminfo_check(chosen)
      }
      guard found >= 0 else { throw TerminalError.unknownTerminal(term) }
      setenv("TERM", chosen, 1)
    }
    guard found == 1 else { throw TerminalError.noCursorAddressing(chosen) }
    let source = builtIn ? "the \(chosen) entry built into rubric" : "\(chosen)"
    if chosen == term {
      return
        "no terminfo database here: drawing with \(source) (install ncurses-base or ncurses-term)"
    }
    return "\(missing): drawing as \(source) (Debian's ncurses-term has more terminfo entries)"
  }

  /// Points terminfo at the entries this binary carries; whether it carries any.
  static func useBuiltInEntries() -> Bool {
    guard let dir = AppendedFiles.extracted() else { return false }
    setenv("TERMINFO", dir + "/terminfo", 1)
    return true
  }
}

/// An environment variable, read from the C environment (setenv above changes it).
func environmentValue(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}
