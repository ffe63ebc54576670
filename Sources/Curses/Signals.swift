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
    signal(SIGPIPE, SIG_IGN)
    // A parent may have started us with signals blocked; unblock the ones we rely on.
    var set = sigset_t()
    sigemptyset(&set)
    for sig in terminating + [SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&set, sig) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
  }

  /// The pending signal, if any, clearing it.
  public static func take() -> Int32? {
    let s = pendingSignal
    guard s != 0 else { return nil }
    pendingSignal = 0
    return s
  }
}
