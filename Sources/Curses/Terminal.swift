import CNcursesw
import CSystem
import TerminalKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Owns the terminal for the program's life: set up, draw grids, read keys, restore.
///
/// Only this type calls curses. Create it once with `start()`, and call
/// `stop()` on every exit path (it is idempotent and also runs at exit).
public final class Terminal: TerminalScreen {
  /// Columns and rows of the terminal.
  public private(set) var width: Int
  public private(set) var height: Int
  let monochrome: Bool
  var pairs: [Int: Int16] = [:]
  var nextPair: Int16 = 1
  var previous: Grid?
  var decoder = InputDecoder()
  var queued: [Key] = []
  var stopped = false
  var fastErrors = 0
  /// Rows that hold emoji sequences written past curses (see `present`).
  var overlayRows: Set<Int> = []
  /// What starting changed about the locale or the terminal type, for the message line.
  public private(set) var notices: [String] = []

  private init(width: Int, height: Int, monochrome: Bool) {
    self.width = width
    self.height = height
    self.monochrome = monochrome
  }

  /// Takes over the terminal: signals, locale, raw mode, colors, bracketed paste.
  public static func start() throws -> Terminal {
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      throw TerminalError.notATerminal
    }
    Signals.install()
    let notices = [try TerminalSettings.settleLocale(), try TerminalSettings.settleTerm()]
      .compactMap { $0 }
    setenv("ESCDELAY", "25", 0)
    guard initscr() != nil else { throw TerminalError.initFailed }
    atexit { if isendwin() == false { endwin() } }
    raw()
    rb_disable_ixon()
    noecho()
    nonl()
    keypad(rb_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    leaveok(rb_stdscr(), true)
    wtimeout(rb_stdscr(), 100)
    let noColor = (getenv("NO_COLOR").map { String(cString: $0) } ?? "").isEmpty == false
    var mono = true
    if !noColor && has_colors() {
      start_color()
      use_default_colors()
      mono = false
    }
    let t = Terminal(width: Int(rb_cols()), height: Int(rb_lines()), monochrome: mono)
    t.notices = notices
    t.writeRaw(Terminal.enterModes)
    return t
  }

  /// Bracketed paste on, and xterm's modifyOtherKeys at level 1: keys with no code of
  /// their own (Ctrl-Enter) are reported as `ESC [27;5;13~`, every other key as before.
  /// Terminals without it ignore the request.
  static let enterModes = "\u{1B}[?2004h\u{1B}[>4;1m"
  /// Both back off.
  static let leaveModes = "\u{1B}[>4;0m\u{1B}[?2004l"

  /// Restores the terminal. Safe to call more than once.
  public func stop() {
    guard !stopped else { return }
    stopped = true
    writeRaw(Terminal.leaveModes)
    endwin()
  }

  func writeRaw(_ s: String) {
    var bytes = Array(s.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
  }

  /// Takes the terminal back after `stop()` (for example after running an external editor).
  public func resume() {
    guard stopped else { return }
    stopped = false
    CNcursesw.refresh()
    writeRaw(Terminal.enterModes)
    refreshSize()
    previous = nil
    clearok(rb_stdscr(), true)
  }

  /// Suspends the program (as Ctrl-Z does in a shell) and repaints fully on return.
  public func suspend() {
    writeRaw(Terminal.leaveModes)
    endwin()
    raise(SIGTSTP)
    // Resumed.
    writeRaw(Terminal.enterModes)
    CNcursesw.refresh()
    refreshSize()
    previous = nil
    clearok(rb_stdscr(), true)
  }

  /// Gives curses the window's size as the terminal reports it now and queues a
  /// resize key for it, as curses' own handler would have.
  func followResize() {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0
    else { return }
    resize_term(Int32(size.ws_row), Int32(size.ws_col))
    ungetch(KEY_RESIZE)
  }

  func refreshSize() {
    width = Int(rb_cols())
    height = Int(rb_lines())
  }

  /// Draws a grid, changing only the rows that differ from the last one drawn.
  public func present(_ grid: Grid) {
    let rows = min(grid.height, height)
    let cols = min(grid.width, width)
    let full = previous == nil || previous?.width != grid.width || previous?.height != grid.height
    if full { werase(rb_stdscr()) }
    var buffer = [wchar_t](repeating: 0, count: 8)
    // Emoji sequences curses cannot hold in a cell (several spacing characters) get
    // blanks from curses, then their own bytes at their place once curses is done.
    var overlays: [(y: Int, x: Int, text: String, style: Style)] = []
    for y in 0..<rows {
      if !full, let prev = previous, rowEqual(prev, grid, y) { continue }
      // A changed row that held such a sequence is redrawn whole, so none lingers.
      if overlayRows.remove(y) != nil { wredrawln(rb_stdscr(), Int32(y), 1) }
      for x in 0..<cols {
        let cell = grid[x, y]
        if cell.width == 0 { continue }
        if cell.text.unicodeScalars.count > 1, let ch = cell.text.first,
          EmojiWidths.kind(of: ch) != nil,
          x + Int(cell.width) <= cols
        {
          let (attrs, pair) = attributes(cell.style)
          for k in 0..<Int(cell.width) {
            _ = rb_put_cell(Int32(y), Int32(x + k), [0x20, 0], attrs, pair)
          }
          overlays.append((y, x, cell.text, cell.style))
          overlayRows.insert(y)
          continue
        }
        buffer.removeAll(keepingCapacity: true)
        for s in cell.text.unicodeScalars where s.value != 0 && buffer.count < 6 {
          // wchar_t is Int32 on x86_64 Linux and UInt32 on aarch64; a scalar fits both.
          buffer.append(wchar_t(truncatingIfNeeded: s.value))
        }
        if buffer.isEmpty || (cell.width == 2 && x + 1 >= cols) { buffer = [0x20] }
        buffer.append(0)
        let (attrs, pair) = attributes(cell.style)
        _ = rb_put_cell(Int32(y), Int32(x), buffer, attrs, pair)
      }
    }
    previous = grid
    // Curses writes an update in many small pieces (it flushes before each change of
    // attributes); gathered in memory, a frame reaches the terminal in one write.
    let gathering = csystem_gather_begin(STDOUT_FILENO) == 0
    CNcursesw.refresh()
    if gathering { _ = csystem_gather_end() }
    if !overlays.isEmpty {
      // Saved and restored around the writes: the cursor and attributes curses left.
      var out = "\u{1B}7"
      for o in overlays {
        out += "\u{1B}[\(o.y + 1);\(o.x + 1)H" + sgr(o.style) + o.text + "\u{1B}[0m"
      }
      writeRaw(out + "\u{1B}8")
    }
  }

  /// The SGR sequence for a style (after a reset).
  func sgr(_ style: Style) -> String {
    var codes = ["0"]
    if style.bold { codes.append("1") }
    if style.dim { codes.append("2") }
    if style.underline { codes.append("4") }
    if style.reverse { codes.append("7") }
    if !monochrome {
      if style.fg != .terminalDefault { codes.append("\(30 + style.fg.rawValue)") }
      if style.bg != .terminalDefault { codes.append("\(40 + style.bg.rawValue)") }
    }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  /// Asks the terminal how wide it draws each kind of emoji sequence: each sample is
  /// written on the last row and followed by a cursor position request; the answers
  /// arrive as input (`next` returns `.widthsChanged` once all have). A terminal that
  /// does not answer leaves the widths unmeasured, and sequences drawn as their base.
  public func measureEmoji() {
    guard height > 1, getenv("RUBRIC_EMOJI").map({ String(cString: $0) }) != "base" else { return }
    decoder.reportRow = height
    decoder.awaitedReports = EmojiWidths.Kind.allCases.count
    var out = "\u{1B}7"
    for kind in EmojiWidths.Kind.allCases {
      out += "\u{1B}[\(height);1H" + kind.sample + "\u{1B}[6n"
    }
    writeRaw(out + "\u{1B}8")
    // The samples were written on the last row behind curses' back: that row is
    // thrown away and drawn again on the next refresh, the rest stays as it is.
    wredrawln(rb_stdscr(), Int32(height - 1), 1)
  }

  /// Takes the cursor reports that measure the emoji widths; whether they are complete.
  func takeEmojiReports() -> Bool {
    let kinds = EmojiWidths.Kind.allCases.count
    guard decoder.cursorReports.count >= kinds else { return false }
    let w = decoder.cursorReports.prefix(kinds).map { $0.col - 1 }
    decoder.cursorReports.removeAll()
    decoder.reportRow = nil
    decoder.awaitedReports = 0
    DisplayWidth.emoji = EmojiWidths(joined: w[0], modified: w[1], presentation: w[2])
    // Every row is put again for the new widths. Curses writes only the cells
    // that change: until now each sequence was drawn as its base character,
    // whose width every terminal agrees on, so the screen holds what curses
    // believes it does (the rows with sequences drawn over curses' blanks are
    // redrawn whole as they change, in `present`).
    previous = nil
    return true
  }

  func rowEqual(_ a: Grid, _ b: Grid, _ y: Int) -> Bool {
    let start = y * a.width
    return a.cells[start..<start + a.width] == b.cells[start..<start + b.width]
  }

  func attributes(_ style: Style) -> (attr_t, Int16) {
    var a = rb_a_normal()
    if style.bold { a |= rb_a_bold() }
    if style.dim { a |= rb_a_dim() }
    if style.underline { a |= rb_a_underline() }
    var reverse = style.reverse
    var pair: Int16 = 0
    if monochrome {
      if style.bg != .terminalDefault { reverse.toggle() }
    } else if style.fg != .terminalDefault || style.bg != .terminalDefault {
      pair = colorPair(style.fg, style.bg)
    }
    if reverse { a |= rb_a_reverse() }
    return (a, pair)
  }

  func colorPair(_ fg: Color, _ bg: Color) -> Int16 {
    let key = (fg.rawValue + 1) * 16 + (bg.rawValue + 1)
    if let p = pairs[key] { return p }
    guard Int32(nextPair) < rb_color_pairs() else { return 0 }
    let p = nextPair
    init_pair(p, Int16(fg.rawValue), Int16(bg.rawValue))
    pairs[key] = p
    nextPair += 1
    return p
  }

  /// Waits up to the poll interval for input and returns the next event.
  public func next() -> TerminalEvent {
    if let s = Signals.take() { return .signal(s) }
    if !queued.isEmpty { return .key(queued.removeFirst()) }
    while true {
      var wch: wint_t = 0
      let before = monotonicMs()
      if Signals.takeResize() { followResize() }
      let rc = wget_wch(rb_stdscr(), &wch)
      if let s = Signals.take() { return .signal(s) }
      if Signals.takeResize() {
        // Read as a resize key on the next turn (a key read with it is put back first).
        if rc == KEY_CODE_YES {
          ungetch(Int32(wch))
        } else if rc != ERR {
          unget_wch(wchar_t(truncatingIfNeeded: wch))
        }
        followResize()
        continue
      }
      if rc == ERR {
        if stdinHungUp() { return .hangup }
        if monotonicMs() - before < 2 {
          fastErrors += 1
          if fastErrors > 200 { return .hangup }
        } else {
          fastErrors = 0
        }
        let keys = decoder.feed(.idle)
        if !keys.isEmpty { return deliver(keys) }
        return .tick
      }
      fastErrors = 0
      let unit: InputDecoder.Unit
      if rc == KEY_CODE_YES {
        guard let k = Terminal.key(forCode: Int32(wch)) else { continue }
        if k.base == .resize {
          refreshSize()
          previous = nil
        }
        unit = .key(k)
      } else if let scalar = Unicode.Scalar(UInt32(wch)) {
        unit = .char(Character(scalar))
      } else {
        continue
      }
      let keys = decoder.feed(unit)
      if !decoder.cursorReports.isEmpty, takeEmojiReports() {
        queued.append(contentsOf: keys)
        return .widthsChanged
      }
      if !keys.isEmpty { return deliver(keys) }
      if decoder.isWaiting { wtimeout(rb_stdscr(), 25) }
    }
  }

  func deliver(_ keys: [Key]) -> TerminalEvent {
    wtimeout(rb_stdscr(), 100)
    queued.append(contentsOf: keys.dropFirst())
    return .key(keys[0])
  }

  func stdinHungUp() -> Bool {
    var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    let n = poll(&fds, 1, 0)
    if n < 0 { return errno != EINTR }
    return fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
  }

  func monotonicMs() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }

  /// The key for a curses key code, or nil for codes the app ignores.
  static func key(forCode code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_NPAGE: return .pageDown
    case KEY_PPAGE: return .pageUp
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_IC: return Key(.insert)
    case KEY_ENTER: return .enter
    case KEY_BTAB: return .backTab
    case KEY_RESIZE: return .resize
    case KEY_SR: return Key(.up, shift: true)
    case KEY_SF: return Key(.down, shift: true)
    case KEY_SLEFT: return Key(.left, shift: true)
    case KEY_SRIGHT: return Key(.right, shift: true)
    case KEY_SHOME: return Key(.home, shift: true)
    case KEY_SEND: return Key(.end, shift: true)
    default:
      if code >= rb_key_f(1) && code <= rb_key_f(63) {
        return Key(.function(Int(code - rb_key_f(0))))
      }
      // Keys terminfo names beyond the standard set: Ctrl-Left is kLFT5, and so on.
      if let name = keyname(code) { return ModifiedKeys.key(terminfoName: String(cString: name)) }
      return nil
    }
  }
}

/// Why the terminal could not be taken over.
public enum TerminalError: Error, CustomStringConvertible {
  case notATerminal
  case initFailed
  /// The locale is not UTF-8 and the system has no C.UTF-8.
  case locale(String)
  /// Neither TERM nor xterm-256color has a terminfo entry.
  case unknownTerminal(String)
  /// The terminal type cannot move the cursor (TERM=dumb).
  case noCursorAddressing(String)

  public var description: String {
    switch self {
    case .notATerminal: return "rubric needs a terminal: stdin and stdout must be a tty"
    case .initFailed: return "could not initialise the terminal (is TERM set?)"
    case .locale(let named):
      return
        "\(named) is not a UTF-8 locale and this system has no C.UTF-8: set LANG (or LC_ALL) to a UTF-8 locale, for example LANG=en_US.UTF-8"
    case .unknownTerminal(let term):
      return
        "TERM=\(term) has no terminfo entry here, and neither has xterm-256color: install Debian's ncurses-base and ncurses-term, or set TERM to a terminal this system knows"
    case .noCursorAddressing(let term):
      return
        "TERM=\(term) cannot move the cursor, and Rubric draws a full screen: run it in a terminal emulator (TERM=xterm-256color, screen-256color, tmux-256color)"
    }
  }
}
