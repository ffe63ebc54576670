import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// Pairwise tasks: a violent one, a sexual one and two plain ones, in a team of ann and bob who both see everything.
func shiftStore() throws -> URL {
  let tasks = [
    #"{"id":"grim","context":[{"role":"user","content":"Describe the battlefield wounds."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Shrapnel tore through his arm."}]},{"id":"y","messages":[{"role":"assistant","content":"I would rather not describe injuries."}]}],"content_warnings":["violence"]}"#,
    #"{"id":"adult","context":[{"role":"user","content":"Write an explicit scene."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Explicit words."}]},{"id":"y","messages":[{"role":"assistant","content":"I cannot write that."}]}],"content_warnings":["sexual"]}"#,
    #"{"id":"colour","context":[{"role":"user","content":"Name a colour."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Blue."}]},{"id":"y","messages":[{"role":"assistant","content":"Loud."}]}]}"#,
    #"{"id":"fruit","context":[{"role":"user","content":"Name a fruit."}],"candidates":[{"id":"x","messages":[{"role":"assistant","content":"Apple."}]},{"id":"y","messages":[{"role":"assistant","content":"Carrot."}]}]}"#,
  ]
  let root = try cliStore(preset: "pairwise", tasks: tasks)
  let toml = root.appendingPathComponent("rubric.toml")
  try (try String(contentsOf: toml, encoding: .utf8) + "\n[team]\nannotators = [\"ann\", \"bob\"]\noverlap = 2\n")
    .write(to: toml, atomically: true, encoding: .utf8)
  return root
}

/// A config home whose `rubric/config.toml` holds `text`.
func configHome(_ text: String) throws -> URL {
  let home = tempDir("config")
  try FileManager.default.createDirectory(at: home.appendingPathComponent("rubric"), withIntermediateDirectories: true)
  try text.write(to: home.appendingPathComponent("rubric/config.toml"), atomically: true, encoding: .utf8)
  return home
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct WellbeingEndToEndTests {
  @Test func aMaskedTaskShowsNoWordUntilVAndExactlyTheTextAfter() throws {
    guard tmuxReady() else { return }
    let root = try shiftStore()
    let home = try configHome("[wellbeing]\nmask = [\"violence\"]\n")
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(root.path) --annotator ann", env: ["XDG_CONFIG_HOME": home.path])
    #expect(try t.waitFor("Masked: violence"))
    let masked = try t.capture()
    for word in ["battlefield", "wounds", "Shrapnel", "arm", "injuries"] { #expect(!masked.contains(word), "\(word)") }
    #expect(masked.contains("⚠ violence (masked)"))
    try t.send("v")
    #expect(try t.waitFor("Shrapnel tore through his arm."))
    let shown = try t.capture()
    #expect(shown.contains("Describe the battlefield wounds.") && shown.contains("I would rather not describe injuries."))
    #expect(!shown.contains("Masked:"))
    try t.send("q")
    _ = try t.waitForExit()
    #expect(try journal(root, "ann").last { $0.annotation.taskId == "grim" }?.annotation.revealed == true)
  }

  @Test func anOptedOutCategoryIsNeitherQueuedNorShownAndTheLeadSeesItOptedOut() throws {
    guard tmuxReady() else { return }
    let root = try shiftStore()
    let home = try configHome("[wellbeing]\nskip = [\"sexual\"]\n")
    let queue = try run(rubricBinary, ["queue", root.path, "--annotator", "ann"], env: ["XDG_CONFIG_HOME": home.path])
    #expect(queue.status == 0, "\(queue.err)")
    #expect(!queue.out.contains("adult") && queue.out.contains("grim") && queue.out.contains("fruit"))
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(root.path) --annotator ann", env: ["XDG_CONFIG_HOME": home.path])
    #expect(try t.waitFor("ann's queue"))
    var screens: [String] = []
    for _ in 0..<4 {
      screens.append(try t.capture())
      try t.send("2")
      try t.send("Enter")
      usleep(200_000)
    }
    #expect(try t.waitFor("All done: 3 submitted"))
    #expect(!screens.contains { $0.contains("adult") || $0.contains("explicit") })
    try t.send("q")
    _ = try t.waitForExit()
    let stats = try run(rubricBinary, ["stats", root.path])
    let row = try #require(stats.out.split(separator: "\n").first { $0.hasPrefix("ann ") })
    #expect(stats.out.contains("opted out"))
    // The last three columns: opted out, held back, blind.
    #expect(Array(row.split(separator: " ").suffix(3)) == ["1", "0", "0"], "\(stats.out)")
  }

  @Test func aBreakReminderWaitsForASubmitThenTheBreakStopsTheShiftClockAndTheTimesheetAddsUp() throws {
    guard tmuxReady() else { return }
    let root = try shiftStore()
    let home = try configHome("[wellbeing]\nbreak_every = 1\nbreak_length = 2\n")
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(root.path) --annotator ann", env: ["XDG_CONFIG_HOME": home.path])
    #expect(try t.waitFor("since break 0:00"))
    // A minute of work in keys under a minute apart, then typing a rationale: no reminder.
    try t.send("2")
    for _ in 0..<3 {
      sleep(21)
      try t.send("j")
    }
    try t.send("r")
    try t.type("close call")
    #expect(!(try t.capture().contains("starts a 2-minute break")))
    try t.send("Escape")
    try t.send("Enter")
    #expect(try t.waitFor("starts a 2-minute break"))
    let before = try shiftSeconds(t.capture())
    try t.send("b")
    #expect(try t.waitFor("The shift clock is paused."))
    let rest = try t.capture()
    #expect(!rest.contains("colour") && !rest.contains("Name a") && rest.contains("of 2:00"))
    sleep(3)
    try t.send("Enter")
    #expect(try t.waitFor("Welcome back"))
    let after = try shiftSeconds(t.capture())
    #expect(after - before <= 1, "shift \(before) s before the break, \(after) s after")
    try t.send("q")
    _ = try t.waitForExit()
    // The timesheet's active time is the journal's, to the millisecond.
    let csv = try run(rubricBinary, ["timesheet", root.path, "--annotator", "ann", "--format", "csv"])
    #expect(csv.status == 0, "\(csv.err)")
    let rows = csv.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let active = rows.compactMap { Double($0[3]) }.reduce(0, +)
    let latest = Dictionary(try journal(root, "ann").map { ($0.annotation.taskId, $0.annotation.activeMs) }, uniquingKeysWith: { _, b in b })
    #expect(abs(active - Double(latest.values.reduce(0, +)) / 1000) < 0.0005)
    #expect(rows.first.map { $0[4] } == "1")
  }
}

/// The shift clock on the status line, in seconds.
func shiftSeconds(_ screen: String) throws -> Int {
  let r = try #require(screen.range(of: "shift "))
  let clock = screen[r.upperBound...].prefix { $0.isNumber || $0 == ":" }
  return clock.split(separator: ":").reduce(0) { $0 * 60 + (Int($1) ?? 0) }
}
