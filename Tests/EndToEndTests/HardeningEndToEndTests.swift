import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// One hostile model output: the text, and what must be visible around it.
struct HostileCase: Sendable, CustomStringConvertible {
  var name: String
  var text: String
  /// Substrings the screen must show (the text before and after the trick, and its placeholder).
  var visible: [String]
  var description: String { name }
}

let hostileCases: [HostileCase] = [
  HostileCase(
    name: "csi", text: "BEFORE\u{1B}[2J\u{1B}[31mAFTER", visible: ["BEFORE^[[2J^[[31mAFTER"]),
  HostileCase(
    name: "osc-title", text: "BEFORE\u{1B}]0;PWNED\u{07}MID\u{1B}]2;PWNED2\u{1B}\\AFTER",
    visible: ["BEFORE^[]0;PWNED^GMID", "AFTER"]),
  HostileCase(
    name: "osc8", text: "BEFORE\u{1B}]8;;http://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\AFTER",
    visible: ["BEFORE^[]8;;http://evil.example", "AFTER"]),
  HostileCase(
    name: "osc52", text: "BEFORE\u{1B}]52;c;ZXZpbA==\u{07}AFTER",
    visible: ["BEFORE^[]52;c;ZXZpbA==^GAFTER"]),
  HostileCase(
    name: "dcs", text: "BEFORE\u{1B}P+q544e\u{1B}\\AFTER", visible: ["BEFORE^[P+q544e^[\\AFTER"]),
  HostileCase(
    name: "c1", text: "BEFORE\u{9B}31mMID\u{9D}0;x\u{9C}AFTER",
    visible: ["BEFORE<U+009B>31mMID<U+009D>0;x<U+009C>AFTER"]),
  HostileCase(
    name: "cr-overwrite", text: "BEFORE Status: FAILED\rStatus: OK AFTER",
    visible: ["Status: FAILED^MStatus: OK AFTER", "BEFORE"]),
  HostileCase(
    name: "bs-overwrite", text: "BEFORE rm -rf /\u{08}\u{08}\u{08}\u{08}\u{08}\u{08}ls AFTER",
    visible: ["BEFORE rm -rf /^H^H^H^H^H^Hls AFTER"]),
  HostileCase(
    name: "bidi", text: "BEFORE \u{202E}desrever\u{202C} AFTER",
    visible: ["BEFORE <RLO>desrever<PDF> AFTER"]),
  HostileCase(
    name: "zero-width", text: "BEFORE\u{200B}x\u{2060}y\u{FEFF}AFTER",
    visible: ["BEFORE<ZWSP>x<WJ>y<BOM>AFTER"]),
  HostileCase(
    name: "tags", text: "BEFORE\u{E0049}\u{E0047}AFTER", visible: ["BEFORE<TAG I><TAG G>AFTER"]),
  HostileCase(
    name: "combining", text: "BEFORE a" + String(repeating: "\u{301}", count: 10_000) + " AFTER",
    visible: ["BEFORE", "<+9996 marks>", "AFTER"]),
  HostileCase(name: "nul", text: "BEFORE\u{0}AFTER", visible: ["BEFORE^@AFTER"]),
  HostileCase(
    name: "huge-line", text: "BEFORE " + String(repeating: "x", count: 1_000_000) + " AFTER",
    visible: ["BEFORE xxxx"]),
]

/// A store whose tasks each carry one hostile output, plus an invalid-UTF-8 line and deeply nested JSON.
func hostileStore() throws -> URL {
  let root = tempDir("hostile").appendingPathComponent("store")
  try Store.create(at: root, preset: "pairwise", annotator: "e2e")
  var data = Data()
  for c in hostileCases {
    let t = ChatTask(
      id: "hostile-\(c.name)", context: [Message(role: .user, content: "Summarise the log.")],
      candidates: [Candidate(id: "x", messages: [Message(role: .assistant, content: c.text)])])
    data.append(try TaskCodec.encode(t))
    data.append(0x0A)
  }
  data.append(
    Data(
      #"{"id":"hostile-utf8","context":[{"role":"user","content":"q"}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"BEFORE "#
        .utf8))
  data.append(contentsOf: [0xFF, 0xFE, 0xC3])
  data.append(Data(#" AFTER"}]}]}"#.utf8 + [0x0A]))
  data.append(Data(#"{"id":"hostile-nested","context":[],"meta":"#.utf8))
  data.append(
    Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8))
  data.append(Data("}\n".utf8))
  try data.write(to: root.appendingPathComponent("tasks/hostile.jsonl"))
  return root
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct HardeningEndToEndTests {
  @Test func hostileOutputsShowAsPlaceholdersAndChangeNothing() throws {
    guard tmuxReady() else { return }
    let root = try hostileStore()
    let t = try Tmux(width: 180, height: 50, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of"))
    let title = try t.display("#{pane_title}")
    for (i, c) in hostileCases.enumerated() {
      if i > 0 { try t.send("n") }
      #expect(try t.waitFor("hostile-\(c.name)"), "task \(c.name) did not open")
      let screen = try t.capture()
      for v in c.visible {
        #expect(screen.contains(v), "\(c.name): \(v) not on screen:\n\(screen)")
      }
      #expect(
        screen.contains("hidden/control chars") || c.name == "huge-line",
        "\(c.name): no hostile badge")
      #expect(try t.display("#{pane_title}") == title, "\(c.name) changed the pane title")
      #expect(try t.display("#{alternate_on}") == "1")
    }
    try t.send("n")
    #expect(try t.waitFor("hostile-utf8"))
    let repaired = try t.capture()
    #expect(repaired.contains("BEFORE \u{FFFD}"), "invalid bytes not shown as U+FFFD:\n\(repaired)")
    #expect(repaired.contains("AFTER"))
    #expect(repaired.contains("repaired UTF-8"))
    try t.send("n")
    #expect(try t.waitFor("nested too deeply"))
    // Still responsive: help opens, and q quits cleanly.
    try t.send("?")
    #expect(try t.waitFor("Keys of the default keymap"))
    try t.send("Escape")
    usleep(100_000)
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    #expect(try t.display("#{alternate_on}") == "0")
  }

  @Test(arguments: [
    ("INT", SIGINT, 130), ("QUIT", SIGQUIT, 131), ("HUP", SIGHUP, 129), ("USR1", SIGUSR1, 138),
    ("USR2", SIGUSR2, 140),
    ("ALRM", SIGALRM, 142),
  ])
  func signalsSaveAndRestore(_ name: String, _ sig: Int32, _ code: Int) throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    try t.send("r")
    try t.type("saved on \(name)")
    kill(t.pid, sig)
    #expect(try t.waitForExit() == code)
    #expect(try t.display("#{alternate_on}") == "0")
    #expect(try journal(root).last?.annotation.answers["rationale"] == .text("saved on \(name)"))
  }

  /// A crash cannot run Swift code: the C handler puts the terminal back (alternate
  /// screen off, cursor shown, modes off), and the signal ends the program as it would.
  @Test(arguments: [
    ("SEGV", SIGSEGV), ("ABRT", SIGABRT), ("BUS", SIGBUS), ("ILL", SIGILL), ("FPE", SIGFPE),
  ])
  func aCrashRestoresTheTerminal(_ name: String, _ sig: Int32) throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    // No core files or backtraces from the runtime in the test's folder.
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(root.path)",
      env: ["SWIFT_BACKTRACE": "enable=no"])
    #expect(try t.waitFor("task 1 of 1"))
    #expect(try t.display("#{alternate_on}") == "1")
    kill(t.pid, sig)
    let status = try t.waitForExit()
    #expect(status == 128 + Int(sig), "\(name)")
    #expect(try t.display("#{alternate_on}") == "0", "\(name)")
    #expect(try t.display("#{cursor_flag}") == "1", "\(name)")
  }

  @Test func closingThePaneSavesTheDraft() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    let pid = t.pid
    try t.send("r")
    try t.type("typed before hangup")
    try t.tmux(["kill-pane", "-t", t.name])
    var alive = true
    for _ in 0..<100 where alive {
      alive = kill(pid, 0) == 0
      usleep(50_000)
    }
    #expect(!alive, "rubric still running after its terminal closed")
    #expect(try journal(root).last?.annotation.answers["rationale"] == .text("typed before hangup"))
  }

  @Test func ctrlZThenFgRepaints() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "bash --norc --noprofile -i")
    usleep(300_000)
    try t.type("\(rubricBinary) open \(root.path)", delayMs: 0)
    try t.send("Enter")
    #expect(try t.waitFor("task 1 of 1"))
    // The pane runs a shell that runs bash; rubric is bash's child.
    let pid = childPid(of: t.pid)
    #expect(pid > 0)
    try t.send("C-z")
    #expect(try t.waitFor("Stopped"))
    #expect(try t.display("#{alternate_on}") == "0")
    try t.type("fg", delayMs: 0)
    try t.send("Enter")
    #expect(try t.waitFor("task 1 of 1"))
    try t.send("1")
    #expect(try t.waitFor("A much better"))
    try t.send("q")
    var alive = true
    for _ in 0..<100 where alive {
      alive = kill(pid, 0) == 0
      usleep(50_000)
    }
    #expect(!alive, "rubric did not quit after fg and q")
    #expect(try journal(root).last?.annotation.answers["preference"] != nil)
  }

  @Test func resizeStormAndATinyTerminal() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("task 1 of 1"))
    for i in 0..<50 {
      try t.resize(60 + (i * 37) % 140, 16 + (i * 11) % 40)
      usleep(40_000)
    }
    try t.resize(120, 40)
    try t.send("?")
    #expect(try t.waitFor("Keys of the default keymap"))
    try t.send("Escape")
    try t.resize(20, 5)
    #expect(try t.waitFor("too small"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    #expect(try t.display("#{alternate_on}") == "0")
  }

  @Test func readOnlyOpenSaysSo() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(root.path) --read-only")
    #expect(try t.waitFor("Read-only"))
    try t.send("1")
    #expect(try t.waitFor("cannot be changed here"))
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent("annotations/e2e.jsonl").path))
  }
}
