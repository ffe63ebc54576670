import Foundation
import Testing
import TestSupport

/// The locale and the terminal type an annotator's machine may have, on the real binary.
@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct TerminalSettingsEndToEndTests {
  func sampleEnv(_ extra: [String: String]) -> [String: String] {
    let data = scratchRoot.appendingPathComponent(
      "rubric-term-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    return extra.merging(["XDG_DATA_HOME": data.path, "USER": "e2e"]) { a, _ in a }
  }

  @Test func aLocaleThatIsNotUTF8IsShownAsCUTF8WithANotice() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(
      width: 120, height: 40, command: rubricBinary, env: sampleEnv(["LANG": "C", "LC_ALL": ""]))
    #expect(try t.waitFor("LANG=C is not UTF-8: showing text as C.UTF-8"))
    try t.type(":goto 3")
    try t.send("Enter")
    #expect(try t.waitFor("请用通俗的语言解释一下什么是量子纠缠。"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
  }

  @Test func anUnknownTermFallsBackToXterm256colorWithANotice() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(
      width: 120, height: 40, command: rubricBinary, env: sampleEnv(["TERM": "xterm-nosuchterm"]))
    #expect(
      try t.waitFor("TERM=xterm-nosuchterm has no terminfo entry here: drawing as xterm-256color"))
    #expect(try t.waitFor("task 1 of 20"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
  }

  @Test func aTerminalThatCannotMoveTheCursorIsRefusedWithAMessage() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(
      width: 120, height: 40, command: rubricBinary, env: sampleEnv(["TERM": "dumb"]))
    #expect(try t.waitForExit() == 1)
    #expect(try t.capture().contains("TERM=dumb cannot move the cursor"))
  }

  @Test func aCursorReplySplitBySlowLinkIsReadAsOneReplyNotAsKeys() throws {
    guard tmuxReady() else { return }
    let data = scratchRoot.appendingPathComponent(
      "rubric-slow-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    let journal = data.appendingPathComponent("rubric/sample/annotations/e2e.jsonl")
    let relay = repoRoot.appendingPathComponent("Tests/EndToEndTests/Helpers/slow_link.py").path
    let t = try Tmux(
      width: 120, height: 40, command: "python3 \(relay) \(rubricBinary)",
      env: ["XDG_DATA_HOME": data.path, "USER": "e2e"])
    #expect(try t.waitFor("task 1 of 20"))
    // Three replies, each split 300 ms apart: wait for all of them to arrive.
    usleep(1_500_000)
    let screen = try t.capture()
    #expect(!screen.contains("(•)"), "a reply's digits were taken as a rating:\n\(screen)")
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    // Nothing was typed, so nothing was saved: the journal is made by its first record.
    #expect(
      !FileManager.default.fileExists(atPath: journal.path), "saved: \(readText(journal.path))")
  }
}
