import ArgumentParser
import Commands
import Curses
import Platform
import Reports
import Shift
import TaskStore
import TerminalKit
import Worksheet
import Workstation

/// `rubric review DIR --reviewer NAME`: the review screen over the tasks whose annotators disagree.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract:
      "Settle the tasks whose annotators disagree: accept an answer, write a final one, or send it back."
  )

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "Who reviews (decisions go to reviews/NAME.jsonl).") var reviewer: String
  @Option(help: "Review tasks whose annotators agree less than this share (0 to 1).")
  var threshold = Reviews.defaultThreshold
  @Flag(help: "Review every task two or more annotators submitted, however far they agree.")
  var all = false
  @Option(help: "A keymap: default, vim, emacs, or a TOML file.") var keymap: String?
  @Flag(
    help:
      "Print the queue (task id, agreement, annotators), most disagreement first, instead of opening the screen."
  )
  var list = false

  func run() throws {
    guard (0...1).contains(threshold) else {
      throw ValidationError("--threshold is a share from 0 to 1")
    }
    let root = URL(fileURLWithPath: dir)
    guard Store.exists(at: root) else { throw StoreError.notAStore(path: dir) }
    if list {
      // The queue the screen opens on, kept under .rubric/results/ while no input changes.
      let store = try Store.open(root, annotator: reviewer, readOnly: true, asReviewer: true)
      let text = try Reviews.keptQueue(store, threshold: threshold, all: all).map { item in
        let agreement = item.agreement.map { String(cFormat: "%.2f", $0) } ?? "-"
        return "\(item.taskId)  \(agreement)  \(item.annotators.joined(separator: ","))"
      }.joined(separator: "\n")
      if !text.isEmpty { Console.out(text) }
      return
    }
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      try StoreLock.refuseIfHeld(root.appendingPathComponent(".rubric/\(reviewer).review.lock"))
      throw TerminalError.notATerminal
    }
    let store = try Store.open(root, annotator: reviewer, asReviewer: true)
    let items = try Reviews.screenQueue(store, threshold: threshold, all: all)
    guard !items.isEmpty else {
      let scope =
        all
        ? "no task has answers from two or more annotators"
        : "no task's annotators agree less than \(threshold)"
      Console.out("Nothing to review in \(dir): \(scope).")
      return
    }
    let map = try Keymap.load(keymap ?? store.config.keymap)
    let session = Session(
      store: store, keymap: map, title: root.lastPathComponent, review: items,
      wellbeing: try Wellbeing.load())
    try Runner.onTheTerminal(session)
  }
}
