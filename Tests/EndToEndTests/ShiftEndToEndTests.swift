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

  @Test func typingOnTheRationaleWritesItAndUndoAcrossASubmitAsksTwice() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise-ranking", tasks: [pairTask, pairTask2])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 2"))
    // Rank, then focus the form's rationale: Tab to the form, two questions down.
    try t.send("1", "2", "Tab")
    try t.send("j", "j")
    try t.type("nice")
    usleep(300_000)
    try t.send("Escape")
    usleep(200_000)
    #expect(try t.capture().contains("task 1 of 2"))
    try t.send("Enter")
    #expect(try t.waitFor("task 2 of 2"))
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
