import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// A shift without surprises, on the real binary: what the keys do is what the screen shows.
@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct ShiftEndToEndTests {
  @Test func keysBehindTheTooSmallScreenSaveNothing() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask, pairTask2])
    let t = try Tmux(width: 40, height: 10, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("too small"))
    for k in ["n", "1", "2", "?"] {
      try t.send(k)
      usleep(50_000)
    }
    #expect(try t.waitFor("4 keys ignored"))
    try t.resize(120, 40)
    #expect(try t.waitFor("task 1 of 2"))
    let screen = try t.capture()
    #expect(!screen.contains("Keys of the"), "the help opened unseen")
    #expect(!screen.contains("DRAFT"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    let url = root.appendingPathComponent("annotations/e2e.jsonl")
    let records = FileManager.default.fileExists(atPath: url.path) ? try journal(root) : []
    #expect(records.allSatisfy { $0.annotation.answers.isEmpty && $0.annotation.status == .draft })
  }

  @Test func writingTheRationaleAndUndoAcrossASubmitAsksTwiceAfterAnotherKey() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise-ranking", tasks: [pairTask, pairTask2])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 2"))
    // Rank, then focus the form's rationale: Tab to the form, two questions down, i writes.
    try t.send("1", "2", "Tab")
    try t.send("j", "j", "i")
    #expect(try t.waitFor("✎ WRITING"))
    try t.type("nice")
    usleep(300_000)
    try t.send("Escape")
    usleep(200_000)
    #expect(try t.capture().contains("task 1 of 2"))
    try t.send("Enter")
    #expect(try t.waitFor("task 2 of 2"))
    // Once another key came after the submit, u asks twice.
    try t.send("j")
    try t.send("u")
    #expect(try t.waitFor("Press u again"))
    #expect(try t.capture().contains("task 2 of 2"))
    try t.send("u")
    #expect(try t.waitFor("Undid submit of task 1 (p1)"))
    try t.send("q")
    _ = try t.waitForExit()
    let last = try #require(try journal(root).last { $0.annotation.taskId == "p1" }?.annotation)
    #expect(last.answers["rationale"] == .text("nice"))
    #expect(last.status == .draft)
  }
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct ResumeEndToEndTests {
  @Test func afterAKillRightAfterASubmitTheNextUnfinishedTaskShows() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask, pairTask2])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 2"))
    try t.send("1", "2", "Enter")
    #expect(try t.waitFor("task 2 of 2"))
    kill(t.pid, SIGKILL)
    _ = try t.waitForExit()
    let again = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try again.waitFor("Name a colour."))
    #expect(try again.capture().contains("p2"))
    try again.send("q")
    _ = try again.waitForExit()
  }
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct EmojiEndToEndTests {
  @Test func joinedSkinToneAndPresentationSequencesAreDrawnWholeAndAligned() throws {
    guard tmuxReady() else { return }
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
    let thumbs = "\u{1F44D}\u{1F3FD}"
    let snow = "\u{2744}\u{FE0F}"
    let task = #"{"id":"emoji","context":[{"role":"user","content":"Family \#(family) thumbs \#(thumbs) snow \#(snow) end"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"ok"}]},{"id":"b","messages":[{"role":"assistant","content":"no"}]}]}"#
    let root = try cliStore(preset: "pairwise", tasks: [task])
    let t = try Tmux(width: 120, height: 30, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("Family \(family) thumbs \(thumbs) snow \(snow) end"))
    // The pane's right border is where it is on a row without emoji: the widths agree with tmux's.
    let rows = try t.capture().split(separator: "\n").map(String.init)
    let line = try #require(rows.first { $0.contains("Family") })
    let blank = try #require(rows.first { $0.hasPrefix("│ ") && $0.contains("││") && !$0.contains("Family") })
    #expect(try tmuxColumn(of: "││", in: line, t) == tmuxColumn(of: "││", in: blank, t))
    // The samples measured on the last row were drawn over: no trace is left there.
    let last = try #require(rows.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    let samples: Set<UInt32> = [0x1F468, 0x1F44D, 0x1F3FD, 0x2744]
    #expect(!last.unicodeScalars.contains { samples.contains($0.value) }, "\(last)")
    try t.send("q")
    _ = try t.waitForExit()
  }
}

/// The column tmux puts a marker at in a captured row: the width of what precedes it, as tmux measures it
/// (printed alone in a scratch window and read back from the cursor).
func tmuxColumn(of marker: String, in row: String, _ t: Tmux) throws -> Int {
  guard let r = row.range(of: marker) else { return -1 }
  let before = String(row[..<r.lowerBound])
  let file = tempDir("col").appendingPathComponent("before.txt")
  try before.write(to: file, atomically: true, encoding: .utf8)
  try t.tmux(["new-window", "-d", "-n", "measure", "cat \(file.path); sleep 5"])
  usleep(300_000)
  let x = Int(try t.tmux(["display-message", "-p", "-t", "measure", "#{cursor_x}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  try t.tmux(["kill-window", "-t", "measure"])
  return x
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct CtrlEnterEndToEndTests {
  @Test func ctrlEnterIsReportedWhereTheTerminalCanSayIt() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(width: 80, height: 20, command: "sleep 600")
    // tmux passes modified keys on once the program asks (Rubric asks for modifyOtherKeys at start).
    try t.tmux(["set-option", "-g", "extended-keys", "on"])
    try t.tmux(["respawn-pane", "-k", "-t", "t", "env LANG=C.UTF-8 TERM=xterm-256color \(rubricBinary) keys"])
    #expect(try t.waitFor("press keys"))
    try t.send("C-Enter")
    try t.send("Enter")
    #expect(try t.waitFor("<C-Enter>"))
    let screen = try t.capture()
    #expect(screen.contains("  <Enter>"))
  }
}
