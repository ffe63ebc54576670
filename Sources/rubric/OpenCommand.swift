import ArgumentParser
import Commands
import Curses
import Platform
import Shift
import TaskStore
import TerminalKit
import TextKit
import Worksheet
import Workstation

/// `rubric open DIR` (or `rubric DIR`, or `rubric` for the sample): the workstation.
struct OpenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open",
    abstract: "Open a store in the workstation (the built-in sample store without DIR).")

  @Argument(help: "The store folder; without it, the built-in sample store.") var dir: String?
  @Option(help: "Who is labeling (default: rubric.toml's annotator, then $USER).") var annotator:
    String?
  @Option(help: "A keymap: default, vim, emacs, or a TOML file.") var keymap: String?
  @Flag(help: "Open read-only: look without saving.") var readOnly = false

  func run() throws {
    try Self.open(dir: dir, annotator: annotator, keymap: keymap, readOnly: readOnly)
  }

  /// Opens `dir` (the sample store when nil) on the terminal: the command's whole work,
  /// shared by the parsed command and the quick start (`QuickOpen`).
  static func open(dir: String?, annotator: String?, keymap: String?, readOnly: Bool) throws {
    let isSample = dir == nil
    // Checked before the store is opened, so a failed start leaves no journal or lock behind
    // (a store already open elsewhere is still named as such).
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      if let d = dir {
        let root = URL(fileURLWithPath: d)
        let name = Store.annotator(
          named: annotator, root: root, config: try? Store.loadConfig(root))
        try StoreLock.refuseIfHeld(root.appendingPathComponent(".rubric/\(name).lock"))
      }
      throw TerminalError.notATerminal
    }
    // The default keymap, which every keymap is merged over, is parsed on the other
    // core while the store opens (the first parse is most of a millisecond).
    let defaultKeymap = OnAnotherThread { () -> Keymap in
      let map = Keymap.defaultMap()
      // Then the first Markdown layout's one-time costs (the runtime's first look-ups
      // of the types it uses, its code read in), paid here instead of in the frame.
      _ = Markdown.render(
        "# Title\n\nSome **bold**, *em* and `code` [link](x) text é 日本 🙂\n\n- item\n1. step\n> quote\n\n```swift\nlet x = 1\n```\n| a | b |\n|---|---|\n| 1 | 2 |",
        width: 40)
      return map
    }
    // The sample store is the account's own practice store.
    let sampleName = annotator ?? Store.accountAnnotator
    let root: URL
    if let d = dir {
      root = URL(fileURLWithPath: d)
      guard Store.exists(at: root) else { throw StoreError.notAStore(path: d) }
    } else {
      root = try SampleStore.materialize(
        at: SampleStore.defaultLocation(), annotator: sampleName)
    }
    let store = try Store.open(
      root, annotator: isSample ? sampleName : annotator, readOnly: readOnly)
    // In a team's clone, the name given is remembered for the next open and sync.
    if !isSample, !readOnly, let name = annotator { try? Store.remember(annotator: name, in: root) }
    let map = try Keymap.load(keymap ?? store.config.keymap, over: defaultKeymap.value)
    let title = isSample ? SampleStore.title : root.lastPathComponent
    let session = Session(store: store, keymap: map, title: title, wellbeing: try Wellbeing.load())
    // The first frame is drawn before the index is built, so the index never delays it.
    try Runner.onTheTerminal(session, afterFirstFrame: { store.indexInBackground() })
  }
}

extension Runner {
  /// Runs a session on the real terminal, with $VISUAL or $EDITOR as the external editor;
  /// a signal or hangup ends the command with 128 + the signal.
  static func onTheTerminal(_ session: Session, afterFirstFrame: @escaping () -> Void = {}) throws {
    let terminal = try Terminal.start()
    defer { terminal.stop() }
    let runner = Runner(
      session: session, terminal: terminal, editExternally: ExternalEditor.edit,
      afterFirstFrame: afterFirstFrame)
    if let code = runner.run() { throw ExitCode(code) }
  }
}

/// Runs $VISUAL or $EDITOR on a temporary file.
enum ExternalEditor {
  static func edit(_ text: String) -> String? {
    let env = ProcessInfo.processInfo.environment
    let editor =
      env["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["EDITOR"].flatMap {
        $0.isEmpty ? nil : $0
      } ?? "vi"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rubric-edit-\(getpid()).md")
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      try text.write(to: url, atomically: true, encoding: .utf8)
    } catch {
      return nil
    }
    // The shell runs the variable's command line with the file as its argument.
    let status = run(["/bin/sh", "-c", "\(editor) \"$1\"", "rubric-editor", url.path])
    guard status == 0 else { return nil }
    return try? String(contentsOf: url, encoding: .utf8)
  }

  /// Runs a program on this terminal and waits for it: its exit status, or nil when it
  /// could not be started or ended by a signal. It starts with every signal at its
  /// default and none blocked, whatever the workstation set for itself.
  static func run(_ arguments: [String]) -> Int32? {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var all = sigset_t()
    var none = sigset_t()
    sigfillset(&all)
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let started = withCStrings(arguments) { argv in
      posix_spawn(&pid, arguments[0], nil, &attributes, argv, environ)
    }
    guard started == 0 else { return nil }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return nil }
    }
    // Exited (not signalled): the low seven bits are zero, the status is the next eight.
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
  }
}
