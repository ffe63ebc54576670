import Foundation
import Testing

@testable import Annotation
@testable import TaskStore
@testable import TerminalKit
@testable import Worksheet
@testable import Workstation

/// A terminal that plays a script of events and keeps every frame and call.
final class ScriptedTerminal: TerminalScreen {
  var width = 120
  var height = 40
  var notices: [String] = []
  var script: [TerminalEvent]
  var frames: [Grid] = []
  var calls: [String] = []
  /// Runs before each event is handed out (the test's clock moves here).
  var beforeEach: () -> Void = {}

  init(_ script: [TerminalEvent]) { self.script = script }

  func next() -> TerminalEvent {
    beforeEach()
    guard !script.isEmpty else {
      // A script that ends without quitting is a test fault: end it as a hangup would.
      Issue.record("the script ran out before the loop ended")
      return .hangup
    }
    return script.removeFirst()
  }
  func present(_ grid: Grid) { frames.append(grid) }
  func measureEmoji() { calls.append("measureEmoji") }
  func suspend() { calls.append("suspend") }
  func stop() { calls.append("stop") }
  func resume() { calls.append("resume") }
}

/// The run loop, driven without tmux: what it draws, saves and returns.
@Suite struct RunnerTests {
  func keys(_ names: String) -> [TerminalEvent] {
    names.split(separator: " ").compactMap { Key(name: String($0)).map(TerminalEvent.key) }
  }

  @Test func theFirstFrameAndTheProbeComeBeforeTheIndexAndQuitSavesTypedText() throws {
    let h = try Harness(task: "sample-01-code")
    let terminal = ScriptedTerminal(
      [.tick] + keys("r") + "half".map { .key(.char($0)) } + keys("<Esc> q"))
    terminal.notices = ["LANG was not UTF-8"]
    terminal.beforeEach = { h.clock.advance(10) }
    var framesAtFirstCall: Int?
    var callsAtFirstCall: [String]?
    let code = Runner(
      session: h.session, terminal: terminal, editExternally: { _ in nil },
      afterFirstFrame: {
        framesAtFirstCall = terminal.frames.count
        callsAtFirstCall = terminal.calls
      }
    ).run()
    #expect(code == nil)
    // The background work starts after the frame, the emoji probe and the probe's row
    // drawn again, and before any key is read.
    #expect(framesAtFirstCall == 2)
    #expect(callsAtFirstCall == ["measureEmoji"])
    #expect(terminal.calls.first == "measureEmoji")
    #expect(terminal.calls.last == "stop")
    // The terminal's notice reaches the message line of the first frame.
    #expect(terminal.frames.first?.text.contains("LANG was not UTF-8") == true)
    // Typed text was saved, though quit came within the typing pause.
    #expect(try h.journal().last?.annotation.answers["rationale"] == .text("half"))
    #expect(terminal.frames.last?.text.contains("half") == true)
  }

  @Test func aSignalSavesTypedTextAndEndsWithItsStatus() throws {
    let h = try Harness(task: "sample-01-code")
    let terminal = ScriptedTerminal(keys("r") + "cut".map { .key(.char($0)) } + [.signal(15)])
    terminal.beforeEach = { h.clock.advance(10) }
    let code = Runner(session: h.session, terminal: terminal, editExternally: { _ in nil }).run()
    #expect(code == Int32(128 + 15))
    #expect(try h.journal().last?.annotation.answers["rationale"] == .text("cut"))
  }

  @Test func theExternalEditorGetsTheTextWithTheScreenGivenUp() throws {
    let h = try Harness(task: "sample-11-rewrite-email")
    let terminal = ScriptedTerminal(keys("E"))
    terminal.beforeEach = { h.clock.advance(10) }
    var handed: String?
    var callsWhileEditing: [String] = []
    let runner = Runner(
      session: h.session, terminal: terminal,
      editExternally: { text in
        handed = text
        callsWhileEditing = terminal.calls
        terminal.script.append(.key(.char("q")))
        return "Dear landlord, the kitchen tap has leaked for a week."
      })
    #expect(runner.run() == nil)
    #expect(handed?.hasPrefix("hey,") == true)
    #expect(callsWhileEditing.last == "stop")
    #expect(terminal.calls.contains("resume"))
    let saved = try #require(try h.journal().last).annotation.candidateAnswers.values
    #expect(
      saved.contains {
        $0.values.contains(.text("Dear landlord, the kitchen tap has leaked for a week."))
      })
  }

  @Test func aResizeReachesTheSessionBeforeTheNextFrame() throws {
    let h = try Harness(task: "sample-01-code")
    // As curses reports one: the size changes, then a resize key arrives; a signal ends
    // the run, so no other key can tell the session the size.
    let terminal = ScriptedTerminal([.key(.resize), .signal(15)])
    terminal.beforeEach = { [unowned terminal] in
      if terminal.script.count == 2 { (terminal.width, terminal.height) = (70, 20) }
    }
    _ = Runner(session: h.session, terminal: terminal, editExternally: { _ in nil }).run()
    #expect(terminal.frames.count == 3)
    #expect(terminal.frames.last.map { [$0.width, $0.height] } == [70, 20])
    #expect(h.session.viewport.map { $0 == (70, 20) } == true)
  }
}
