import Platform
import TerminalKit
import Worksheet

/// The run loop: drives a session on a terminal, keys in, frames out, the effects
/// only the terminal's owner can carry out (quit, suspend, the external editor).
public struct Runner {
  let session: Session
  let terminal: any TerminalScreen
  /// Hands text to an external editor and returns what it saved (nil: nothing saved).
  let editExternally: (String) -> String?
  let afterFirstFrame: () -> Void

  /// A loop over this session and terminal; `afterFirstFrame` runs once the first frame is drawn.
  public init(
    session: Session, terminal: any TerminalScreen,
    editExternally: @escaping (String) -> String?, afterFirstFrame: @escaping () -> Void = {}
  ) {
    self.session = session
    self.terminal = terminal
    self.editExternally = editExternally
    self.afterFirstFrame = afterFirstFrame
  }

  /// Runs until quit (nil) or a signal or hangup (the exit status, 128 + the signal);
  /// typed text is saved before it returns either way.
  public func run() -> Int32? {
    for notice in terminal.notices { session.warn(notice) }
    var exitCode: Int32?
    var first = true
    var redraw = true
    var shown: Grid?
    loop: while true {
      // Idle ticks redraw only when something changed, so an open session costs no CPU.
      if redraw {
        fitViewport()
        let grid = Screen.render(session, width: terminal.width, height: terminal.height)
        terminal.present(grid)
        shown = grid
      }
      redraw = true
      if first, let grid = shown {
        first = false
        // How wide this terminal draws emoji sequences (its answers arrive as input).
        // The probe's row is drawn again from the frame just shown: nothing else has
        // changed, so the frame is not rendered twice.
        terminal.measureEmoji()
        terminal.present(grid)
        // Background work (the task index) starts once the frame and the probe are
        // written, so that on two cores it does not compete with the terminal reading them.
        afterFirstFrame()
      }
      switch terminal.next() {
      case .tick:
        redraw = session.tick()
      case .widthsChanged:
        session.layoutChanged()
      case .signal(let sig):
        session.flushSave()
        exitCode = 128 + sig
        break loop
      case .hangup:
        session.flushSave()
        exitCode = 128 + SIGHUP
        break loop
      case .key(let key):
        fitViewport()
        for effect in session.handle(key) {
          switch effect {
          case .quit:
            session.flushSave()
            break loop
          case .suspend:
            terminal.suspend()
          case .externalEdit(let text):
            terminal.stop()
            let result = editExternally(text)
            terminal.resume()
            session.finishExternalEdit(result)
          case .save, .rememberView, .logBreak, .load:
            // Carried out by the session's handle.
            break
          }
        }
      }
    }
    terminal.stop()
    return exitCode
  }

  /// Tells the session the terminal's size when it changed: it settles its scrolling
  /// for the size it will be drawn at, and a key is handled at the size on screen.
  private func fitViewport() {
    if session.viewport.map({ $0 != (terminal.width, terminal.height) }) ?? true {
      session.viewport = (terminal.width, terminal.height)
    }
  }
}
