import Foundation
import Testing

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct KeysEndToEndTests {
  @Test func keysShowsNamesSizeAndExitsOnSigterm() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(width: 100, height: 30, command: "\(rubricBinary) keys")
    #expect(try t.waitFor("terminal 100x30"))
    try t.send("C-s", "M-x", "F1", "Up")
    try t.type("é日")
    #expect(try t.waitFor("日"))
    let screen = try t.capture()
    for name in ["<C-s>", "<A-x>", "<F1>", "<Up>", "é", "日"] {
      #expect(screen.contains("\n  \(name)\n") || screen.contains("  \(name)\n"), "missing \(name) in:\n\(screen)")
    }
    try t.resize(90, 25)
    #expect(try t.waitFor("terminal 90x25"))
    #expect(try t.display("#{alternate_on}") == "1")
    kill(t.pid, SIGTERM)
    #expect(try t.waitForExit() == 143)
    #expect(try t.display("#{alternate_on}") == "0")
  }

  @Test func qTwiceQuits() throws {
    guard tmuxReady() else { return }
    let t = try Tmux(command: "\(rubricBinary) keys")
    #expect(try t.waitFor("terminal"))
    try t.send("q")
    #expect(!(try t.capture().contains("EXIT=")))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    #expect(try t.display("#{alternate_on}") == "0")
  }
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct ModifiedKeysEndToEndTests {
  /// Ctrl, Alt and Shift with cursor keys, under the TERMs people run Rubric in.
  @Test(arguments: ["xterm-256color", "tmux-256color", "screen-256color"])
  func modifiedCursorKeysAreNamed(term: String) throws {
    guard tmuxReady() else { return }
    let t = try Tmux(width: 100, height: 40, command: "\(rubricBinary) keys", env: ["TERM": term])
    #expect(try t.waitFor("terminal 100x40"))
    try t.send("C-Left", "C-Right", "C-Home", "C-End", "M-Left", "S-Up", "C-Up", "C-DC")
    let arrived = try t.waitFor("<C-Del>")
    let screen = try t.capture()
    #expect(arrived, "under \(term): \(screen)")
    for name in ["<C-Left>", "<C-Right>", "<C-Home>", "<C-End>", "<A-Left>", "<S-Up>", "<C-Up>"] {
      #expect(screen.contains("  \(name)\n"), "under \(term), missing \(name) in:\n\(screen)")
    }
  }
}
