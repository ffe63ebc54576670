import CSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The last terminating signal received, or 0. Written only by the handler.
nonisolated(unsafe) private var pendingSignal: sig_atomic_t = 0
/// 1 when the window's size may have changed since the loop last looked.
nonisolated(unsafe) private var pendingResize: sig_atomic_t = 0

/// Routes SIGTERM, SIGINT, SIGHUP and SIGQUIT to the main loop.
///
/// Installed before `initscr`, so ncurses (which only replaces default
/// handlers) never installs its own SIGTERM/SIGINT handler that would exit
/// without running our code. The handler only records the signal; the loop
/// polls `Signals.take()` and shuts down in order.
public enum Signals {
  /// The signals that end the program in order (the draft saved, the terminal restored).
  public static let terminating: [Int32] = [
    SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
  ]

  /// Installs the handlers and ignores SIGPIPE. A crash (SIGSEGV, SIGABRT, SIGBUS,
  /// SIGILL, SIGFPE) cannot run Swift code safely: a C handler restores the terminal.
  public static func install() {
    csystem_install_fatal_handlers()
    for sig in terminating {
      var action = sigaction()
      // The handler field's name is the one libc difference here.
      #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = { sig in pendingSignal = sig }
      #else
        action.__sigaction_handler.sa_handler = { sig in pendingSignal = sig }
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(sig, &action, nil)
    }
    // The window's size is Rubric's to read, not curses': curses installs its own
    // handler only where none is, and that handler makes the next update ask the
    // terminal's size through standard output, which `Terminal.present` points at
    // memory while curses writes a frame (see `csystem_gather_begin`).
    var resize = sigaction()
    #if canImport(Darwin)
      resize.__sigaction_u.__sa_handler = { _ in pendingResize = 1 }
    #else
      resize.__sigaction_handler.sa_handler = { _ in pendingResize = 1 }
    #endif
    sigemptyset(&resize.sa_mask)
    resize.sa_flags = 0
    sigaction(SIGWINCH, &resize, nil)
    signal(SIGPIPE, SIG_IGN)
    // A parent may have started us with signals blocked; unblock the ones we rely on.
    var set = sigset_t()
    sigemptyset(&set)
    for sig in terminating + [SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&set, sig) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
  }

  /// Whether the window was resized since the last call, clearing it.
  public static func takeResize() -> Bool {
    guard pendingResize != 0 else { return false }
    pendingResize = 0
    return true
  }

  /// The pending signal, if any, clearing it.
  public static func take() -> Int32? {
    let s = pendingSignal
    guard s != 0 else { return nil }
    pendingSignal = 0
    return s
  }
}
