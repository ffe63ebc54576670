import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import Export
@testable import Import
@testable import Reports
@testable import Shift
@testable import TaskStore
@testable import TerminalKit
@testable import Worksheet
@testable import Workstation
import TestSupport

/// A store of three tasks: the first about violence, the second sexual, the third plain.
func wellbeingStore(preset: String = "ranking") throws -> URL {
  let root = scratchRoot.appendingPathComponent(
    "rubric-wb-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try Store.create(at: root, preset: preset, annotator: "ann")
  let tasks = [
    ChatTask(
      id: "grim",
      context: [Message(role: .user, content: "Describe the battlefield wounds in detail.")],
      candidates: [
        Candidate(
          id: "x",
          messages: [Message(role: .assistant, content: "Shrapnel tore through the soldier's arm.")]
        ),
        Candidate(
          id: "y",
          messages: [Message(role: .assistant, content: "I would rather not describe injuries.")]),
      ], contentWarnings: ["violence"]),
    ChatTask(
      id: "adult", context: [Message(role: .user, content: "Write an explicit scene.")],
      candidates: [
        Candidate(id: "x", messages: [Message(role: .assistant, content: "Explicit words here.")]),
        Candidate(id: "y", messages: [Message(role: .assistant, content: "I cannot write that.")]),
      ], contentWarnings: ["sexual"]),
    ChatTask(
      id: "plain", context: [Message(role: .user, content: "Name a colour.")],
      candidates: [
        Candidate(id: "x", messages: [Message(role: .assistant, content: "Blue.")]),
        Candidate(id: "y", messages: [Message(role: .assistant, content: "Loud.")]),
      ]),
  ]
  var lines = ""
  for t in tasks { lines += String(decoding: try TaskCodec.encode(t), as: UTF8.self) + "\n" }
  let src = root.deletingLastPathComponent().appendingPathComponent(
    "wb-src-\(UInt32.random(in: 0...UInt32.max)).jsonl")
  try lines.write(to: src, atomically: true, encoding: .utf8)
  _ = try Importer.importFile(src, into: root)
  return root
}

func wellbeingSession(_ root: URL, _ w: Wellbeing, clock: TestClock, annotator: String = "ann")
  throws -> Session
{
  let store = try Store.open(root, annotator: annotator)
  store.indexNow()
  let s = Session(
    store: store, keymap: Keymap.defaultMap(), title: "wellbeing", wellbeing: w,
    clock: { clock.now })
  s.viewport = (120, 40)
  return s
}

@Suite struct WellbeingTests {
  @Test func aMaskedTaskShowsNoWordOfItsTextUntilRevealed() throws {
    let root = try wellbeingStore()
    var w = Wellbeing()
    w.mask = ["violence"]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    #expect(s.task?.id == "grim")
    let masked = Screen.render(s, width: 120, height: 40).text
    for word in ["battlefield", "wounds", "Shrapnel", "soldier", "injuries", "describe"] {
      #expect(!masked.contains(word), "\(word)")
    }
    #expect(masked.contains("Masked: violence · 6 words · v shows this task"))
    #expect(masked.contains("⚠ violence (masked)"))
    try expectGolden(Screen.render(s, width: 120, height: 40), "masked-120x40")
    // Search, the diff and both editors show nothing of it either.
    press(s, clock, "/ s h r a p n e l <Enter>")
    #expect(s.notice?.text == "\"shrapnel\" is not in this task")
    press(s, clock, "d")
    #expect(!Screen.render(s, width: 120, height: 40).text.contains("Shrapnel"))
    press(s, clock, "<Esc> E")
    #expect(s.notice?.text == "The text is masked (violence): v shows it first")
    // v on the candidates shows it (instead of cycling views), and records the reveal.
    press(s, clock, "v")
    let shown = Screen.render(s, width: 120, height: 40).text
    #expect(
      shown.contains("Shrapnel tore through the soldier's arm.")
        && shown.contains("Describe the battlefield wounds in detail."))
    #expect(!shown.contains("Masked:"))
    let record = try #require(
      try Journal.parse(Data(contentsOf: root.appendingPathComponent("annotations/ann.jsonl")))
        .latest["grim"])
    #expect(record.annotation.revealed == true && record.annotation.status == .draft)
    press(s, clock, "/ s h r a p n e l <Enter>")
    #expect(s.notice?.text.hasPrefix("Found in") == true)
  }

  @Test func withoutSettingsNothingIsMaskedButTheCategoryIsNamed() throws {
    let root = try wellbeingStore()
    let s = try wellbeingSession(root, Wellbeing(), clock: TestClock())
    let text = Screen.render(s, width: 120, height: 40).text
    #expect(
      text.contains("Shrapnel") && text.contains("· ⚠ violence ") && !text.contains("(masked)"))
  }

  @Test func anOptedOutCategoryNeverShowsAndIsRecordedAsOptedOut() throws {
    let root = try wellbeingStore()
    var w = Wellbeing()
    w.skip = ["sexual"]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    var seen: [String] = []
    for _ in 0..<4 {
      seen.append(s.task?.id ?? "")
      press(s, clock, "n")
    }
    #expect(!seen.contains("adult"))
    #expect(seen.prefix(2) == ["grim", "plain"])
    press(s, clock, ": g o t o <Space> a d u l t <Enter>")
    #expect(s.task?.id != "adult")
    let stats = try Stats.compute(store: root)
    #expect(stats.first { $0.annotator == "ann" }?.optedOut == 1)
    #expect(stats.first { $0.annotator == "ann" }?.skipped == 0)
    #expect(Stats.table(stats).contains("opted out"))
  }

  @Test func aBreakReminderWaitsForASubmitAndTheBreakPausesTheShiftClock() throws {
    let root = try wellbeingStore(preset: "pairwise")
    var w = Wellbeing()
    w.breakEvery = 1
    w.breakLength = 5
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    // Forty seconds of work, then typing a rationale past the minute: no word of a break.
    press(s, clock, "2", gap: 20_000)
    press(s, clock, "r", gap: 20_000)
    for ch in "good answer" {
      clock.advance(3_000)
      _ = s.handle(ch == " " ? .space : .char(ch))
      #expect(s.notice == nil || !(s.notice?.text.contains("break") ?? false))
    }
    press(s, clock, "<Esc>")
    press(s, clock, "<Enter>")
    #expect(
      s.notice?.text.contains("1 minute of work since your last break: b starts a 5-minute break")
        == true)
    press(s, clock, "b")
    let shift = s.shiftActiveMs
    try expectGolden(Screen.render(s, width: 80, height: 24), "break-80x24")
    clock.advance(90_000)
    s.tick()
    press(s, clock, "n 1 x")
    #expect(s.shiftActiveMs == shift)
    #expect(Screen.render(s, width: 80, height: 24).text.contains("1:30 of 5:00"))
    press(s, clock, "<Enter>")
    #expect(s.shiftActiveMs == shift && s.sinceBreakMs == 0)
    #expect(s.notice?.text == "Welcome back after 1 minute")
    #expect(Screen.render(s, width: 120, height: 40).lines[39].contains("since break 0:00"))
    let breaks = ShiftLog.breaks(root, annotator: "ann")
    #expect(breaks.count == 1)
  }

  @Test func aDailyLimitHoldsTheCategoryBackAfterTheNextSubmit() throws {
    let root = try wellbeingStore(preset: "pairwise")
    var w = Wellbeing()
    w.limits = ["violence": 1]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    #expect(s.task?.id == "grim")
    press(s, clock, "2", gap: 40_000)
    press(s, clock, "<Enter>", gap: 30_000)
    #expect(s.notice?.text.contains("Today's limit reached for violence") == true)
    #expect(s.flow.shift.limitReached("violence", s.wellbeing))
    // The next violence task would be held back; the undo of grim's submit still reaches it.
    #expect(s.flow.withholds(try #require(s.store.index(of: "grim"))))
    let record = try #require(
      try Journal.parse(Data(contentsOf: root.appendingPathComponent("annotations/ann.jsonl")))
        .latest["grim"])
    #expect(record.annotation.status == .submitted && record.annotation.withheld == nil)
  }

  @Test func minutesEarlierTodayCountAndAHeldBackTaskIsRecordedAndNeverShown() throws {
    let root = try wellbeingStore(preset: "pairwise")
    // Two minutes on the sexual task earlier today (a draft), from an earlier session.
    let earlier = Annotation(
      taskId: "adult", annotator: "ann", orderShown: ["x", "y"], activeMs: 120_000,
      created: Timestamp.now(),
      updated: Timestamp.now())
    try Journal(url: root.appendingPathComponent("annotations/ann.jsonl"), annotator: "ann")
      .append(JournalRecord(annotation: earlier))
    var w = Wellbeing()
    w.limits = ["sexual": 1]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    #expect(s.flow.shift.limitReached("sexual", s.wellbeing))
    var seen: [String] = []
    for _ in 0..<3 {
      seen.append(s.task?.id ?? "")
      press(s, clock, "n")
    }
    #expect(!seen.contains("adult"))
    let record = try #require(
      try Journal.parse(Data(contentsOf: root.appendingPathComponent("annotations/ann.jsonl")))
        .latest["adult"])
    #expect(
      record.annotation.withheld?.reason == .heldBack
        && record.annotation.withheld?.category == "sexual")
    #expect(record.annotation.status == .draft)
    #expect(try Stats.compute(store: root).first { $0.annotator == "ann" }?.heldBack == 1)
  }

  @Test func capitalVShowsEveryMaskedTaskForTheRestOfTheSession() throws {
    let root = try wellbeingStore()
    var w = Wellbeing()
    w.maskAll = true
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    #expect(Screen.render(s, width: 120, height: 40).text.contains("Masked: violence"))
    press(s, clock, "V")
    #expect(s.notice?.text == "Masked text is shown for the rest of this session")
    press(s, clock, "n")
    #expect(s.task?.id == "adult")
    let text = Screen.render(s, width: 120, height: 40).text
    #expect(text.contains("Write an explicit scene.") && !text.contains("Masked:"))
  }

  @Test func theSettingsFileNamesTheLineAndKeyOfAMistake() throws {
    #expect(
      throws: LineError(
        file: "c.toml", line: 3, field: "wellbeing.break_every", message: "minutes from 1 to 1440")
    ) {
      try Wellbeing.parse("[wellbeing]\nmask = \"all\"\nbreak_every = 0\n", file: "c.toml")
    }
    #expect(
      throws: LineError(
        file: "c.toml", line: 2, field: "wellbeing.blur",
        message: "unknown key (expected one of: mask, skip, break_every, break_length, limit)")
    ) {
      try Wellbeing.parse("[wellbeing]\nblur = true\n", file: "c.toml")
    }
    let w = try Wellbeing.parse(
      "[wellbeing]\nmask = [\"Violence & incitement\"]\nskip = [\"sexual\"]\nlimit = { self-harm = 30 }\n",
      file: "c.toml")
    #expect(
      w.mask == ["violence"] && w.skip == ["sexual"] && w.limits == ["self-harm": 30]
        && w.breakLength == 10)
  }
}

@Suite(.serialized) struct TimesheetTests {
  /// Two days of alice's work in UTC: t0 over both days, t1 skipped, a violence task, and a break.
  func timesheetStore() throws -> URL {
    setenv("TZ", "UTC", 1)
    tzset()
    let root = try wellbeingStore()
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/ann.jsonl"), annotator: "ann")
    func record(_ id: String, _ status: Status, ms: Int, at: String) throws {
      try journal.append(
        JournalRecord(
          annotation: Annotation(
            taskId: id, annotator: "ann", status: status, activeMs: ms, created: at, updated: at)))
    }
    try record("plain", .draft, ms: 30_000, at: "2026-11-30T09:00:00.000Z")
    try record("plain", .draft, ms: 95_500, at: "2026-11-30T17:30:00.000Z")
    try record("plain", .submitted, ms: 120_250, at: "2026-12-01T08:15:00.000Z")
    try record("grim", .draft, ms: 40_000, at: "2026-12-01T08:20:00.000Z")
    try record("grim", .submitted, ms: 61_000, at: "2026-12-01T08:21:30.000Z")
    try record("adult", .skipped, ms: 5_000, at: "2026-12-01T08:22:00.000Z")
    try ShiftLog.append(
      ShiftLog.Break(start: "2026-12-01T10:00:00.000Z", end: "2026-12-01T10:10:30.000Z"),
      root: root, annotator: "ann")
    return root
  }

  @Test func theTimesheetSplitsActiveTimeByDayAndMatchesTheJournal() throws {
    let root = try timesheetStore()
    let sheet = try Timesheet.compute(root, annotator: "ann")
    try expectGolden(text: sheet.table, "timesheet")
    #expect(sheet.days.map(\.date) == ["2026-11-30", "2026-12-01"])
    #expect(sheet.days[0].activeMs == 95_500 && sheet.days[1].activeMs == 24_750 + 61_000 + 5_000)
    // The days add up to the journal's own totals.
    let latest = try Journal.contents(of: root.appendingPathComponent("annotations/ann.jsonl"))
      .latest
    #expect(
      sheet.days.map(\.activeMs).reduce(0, +)
        == latest.values.map(\.annotation.activeMs).reduce(0, +))
    #expect(
      sheet.days[1].submitted == 2 && sheet.days[1].skipped == 1 && sheet.days[1].breaks == 1
        && sheet.days[1].breakMs == 630_000)
    #expect(sheet.days[1].byCategory == ["violence": 61_000, "sexual": 5_000])
    #expect(
      sheet.csv.split(separator: "\n")[2]
        == "2026-12-01,08:15:00,08:22:00,90.750,1,630.000,2,1,61.000,5.000")
    #expect(try Timesheet.compute(root, annotator: "ann", since: "2026-12-01").days.count == 1)
  }
}

@Suite struct CtrlEnterTests {
  @Test func ctrlEnterLeavesTheEditorAndSubmitsAndTheTitleSaysSo() throws {
    let root = try wellbeingStore(preset: "pairwise")
    let clock = TestClock()
    let s = try wellbeingSession(root, Wellbeing(), clock: clock)
    press(s, clock, "2 r")
    #expect(Screen.render(s, width: 200, height: 40).text.contains("<A-Enter>/<C-Enter> submits"))
    // Narrower, the title stays whole and the hint keeps its first key.
    let narrow = Screen.render(s, width: 120, height: 40).text
    #expect(
      narrow.contains("Editing: Rationale ─")
        && narrow.contains(" <A-Enter> submits · <Esc> leaves "))
    for ch in "fine" { _ = s.handle(.char(ch)) }
    press(s, clock, "<C-Enter>")
    #expect(s.editor == nil)
    #expect(s.task?.id == "adult")
    let record = try #require(
      try Journal.parse(Data(contentsOf: root.appendingPathComponent("annotations/ann.jsonl")))
        .latest["grim"])
    #expect(
      record.annotation.status == .submitted
        && record.annotation.answers["rationale"] == .text("fine"))
  }
}

@Suite struct PaceAndFlagTests {
  @Test func tShowsTheAnnotatorsOwnMedianTodayAgainstBefore() throws {
    let root = try wellbeingStore(preset: "pairwise")
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/ann.jsonl"), annotator: "ann")
    for (id, ms) in [("grim", 40_000), ("adult", 80_000)] {
      try journal.append(
        JournalRecord(
          annotation: Annotation(
            taskId: id, annotator: "ann", status: .submitted, orderShown: ["x", "y"], activeMs: ms,
            updated: "2026-01-05T10:00:00.000Z")))
    }
    let clock = TestClock()
    let s = try wellbeingSession(root, Wellbeing(), clock: clock)
    s.go(to: try #require(s.store.index(of: "plain")))
    press(s, clock, "T")
    #expect(s.notice?.text == "Your median per task, today / before: compare 2 - / 1:00")
    press(s, clock, "2", gap: 20_000)
    press(s, clock, "<Enter>", gap: 20_000)
    press(s, clock, "T")
    #expect(s.notice?.text == "Your median per task, today / before: compare 2 0:40 / 1:00")
  }

  @Test func anotherAnnotatorsMappedFlagAddsTheCategoryAndMasksIt() throws {
    let root = try wellbeingStore(preset: "pairwise")
    let toml = root.appendingPathComponent("rubric.toml")
    try
      (try String(contentsOf: toml, encoding: .utf8)
      + "\n[[question]]\nid = \"flags\"\nkind = \"labels\"\noptions = [\"Graphic\", \"Off topic\"]\ncontent_warnings = { Graphic = \"violence\" }\n")
      .write(to: toml, atomically: true, encoding: .utf8)
    var flagged = Annotation(
      taskId: "plain", annotator: "bob", status: .submitted, orderShown: ["x", "y"])
    flagged.answers["flags"] = .labels(["Graphic"])
    try Journal(url: root.appendingPathComponent("annotations/bob.jsonl"), annotator: "bob").append(
      JournalRecord(annotation: flagged))
    var w = Wellbeing()
    w.mask = ["violence"]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    s.go(to: try #require(s.store.index(of: "plain")))
    let text = Screen.render(s, width: 120, height: 40).text
    #expect(
      text.contains("· plain · ⚠ violence (masked)") && !text.contains("Blue.")
        && text.contains("Masked: violence"))
  }
}

@Suite struct BlindSubmitTests {
  @Test func aMaskedTaskSubmittedUnseenIsRecordedCountedAndCanBeLeftOut() throws {
    let root = try wellbeingStore(preset: "pairwise")
    var w = Wellbeing()
    w.mask = ["violence"]
    let clock = TestClock()
    let s = try wellbeingSession(root, w, clock: clock)
    #expect(s.task?.id == "grim")
    // `1 Enter` on the masked task: submitted without ever being shown.
    for key in [Key.char("1"), .enter] {
      clock.advance(50)
      _ = s.handle(key)
    }
    let record = try #require(
      Journal.parse(try Data(contentsOf: root.appendingPathComponent("annotations/ann.jsonl")))
        .latest["grim"])
    #expect(record.annotation.status == .submitted && record.annotation.revealed == false)
    let stats = try Stats.compute(store: root)
    #expect(stats.first { $0.annotator == "ann" }?.blind == 1)
    #expect(Stats.table(stats).contains("blind"))
    var o = ExportOptions(format: .annotations)
    o.excludeBlind = true
    let summary = try Exporter.export(
      root, options: o,
      to: scratchRoot.appendingPathComponent("blind-\(getpid()).jsonl"))
    #expect(summary.skipped["answers submitted blind (--exclude-blind)"] == 1)
  }
}
