import ArgumentParser
import Commands
import Curses
import TerminalKit
import Worksheet
import Workstation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `rubric keys`: shows the keymap name of every key pressed, and the terminal size.
struct KeysCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract:
      "Show the keymap name of each key you press (press q twice to quit), or print a keymap's table."
  )

  @Flag(help: "Print the keymap's bindings as a Markdown table (the README's key table) and exit.")
  var table = false
  @Option(help: "With --table: default, vim, emacs, or a TOML file.") var keymap: String?

  func run() throws {
    if table {
      print(KeyTable.markdown(try Keymap.load(keymap ?? "default")), terminator: "")
      return
    }
    let terminal = try Terminal.start()
    defer { terminal.stop() }
    var log: [String] = []
    var lastWasQ = false
    var redraw = true
    while true {
      if redraw {
        terminal.present(KeysView.render(log: log, width: terminal.width, height: terminal.height))
      }
      redraw = true
      switch terminal.next() {
      case .tick:
        redraw = false
      case .widthsChanged:
        break
      case .signal(let s):
        terminal.stop()
        throw ExitCode(128 + s)
      case .hangup:
        terminal.stop()
        throw ExitCode(129)
      case .key(let key):
        if key.base == .resize {
          log.append("<Resize> \(terminal.width)x\(terminal.height)")
          continue
        }
        if key == .ctrl("z") {
          terminal.suspend()
          continue
        }
        log.append(key.description)
        if key == .char("q") {
          if lastWasQ { return }
          lastWasQ = true
        } else {
          lastWasQ = false
        }
      }
    }
  }
}

/// The screen of `rubric keys`.
enum KeysView {
  static func render(log: [String], width: Int, height: Int) -> Grid {
    var grid = Grid(width: width, height: height)
    grid.put(" rubric keys ", x: 0, y: 0, style: Style(bold: true, reverse: true))
    grid.put(
      " terminal \(width)x\(height) · press keys to see their names · q twice quits", x: 13, y: 0,
      style: Style(dim: true))
    let rows = max(0, height - 2)
    let shown = log.suffix(rows)
    for (i, name) in shown.enumerated() {
      let sanitized = Sanitizer.sanitize(name)
      grid.put(sanitized.spans, x: 2, y: 2 + i)
    }
    if log.isEmpty {
      grid.put("(waiting for a key)", x: 2, y: 2, style: Style(dim: true))
    }
    return grid
  }
}
