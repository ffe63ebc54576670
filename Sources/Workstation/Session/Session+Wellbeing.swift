import Annotation
import Codecs
import Foundation
import Shift
import TaskStore
import TerminalKit

/// The annotator's own settings at work: masked text and revealing it, tasks
/// opted out of or held back for the day, breaks, and their own pace.
extension Session {
  /// The task's categories masked right now (none once revealed).
  var maskedCategories: [String] {
    guard let t = task, !revealAll, draft.revealed != true else { return [] }
    return wellbeing.masked(categories(of: t))
  }

  /// A task's content categories: its own, and those other annotators' flags added.
  func categories(of t: Task) -> [String] {
    guard let more = flagged[t.id] else { return t.contentWarnings ?? [] }
    return ContentWarnings.ordered((t.contentWarnings ?? []) + more)
  }

  /// Reads the categories other annotators' submitted flags add, when a form maps flags to categories.
  func readFlaggedCategories() {
    let forms = [store.config.form] + store.forms.values.map(\.form)
    let mapped = forms.flatMap(\.questions).filter { !$0.warns.isEmpty }
    guard !mapped.isEmpty else { return }
    let others = Store.journalURLs(store.root).filter { $0.key != store.annotator }
    guard let all = try? Journal.contents(ofAll: others) else { return }
    for contents in all.values {
      for (id, r) in contents.latest where r.annotation.status == .submitted {
        var found: [String] = []
        for q in mapped {
          let answers =
            [r.annotation.answers[q.id]]
            + (r.annotation.candidateAnswers[q.id]?.values.map { $0 } ?? [])
          for case let a? in answers {
            found += (a.labels ?? []).compactMap { q.warns[$0] }
            if let c = a.choice,
              let w = q.warns[c] ?? q.warns.first(where: { c.hasSuffix(" " + $0.key) })?.value
            {
              found.append(w)
            }
          }
        }
        if !found.isEmpty { flagged[id] = ContentWarnings.ordered((flagged[id] ?? []) + found) }
      }
    }
  }

  /// Recomputes the task as drawn: with masked categories, every message and candidate is a placeholder.
  func refreshShown() {
    let key = keymap.keys(for: .reveal, in: [.global]).map { Key.name(of: $0) } ?? "v"
    shown = task.map { Masking.apply($0, categories: maskedCategories, key: key) }
    cache.clear()
  }

  /// Shows the task's masked text (`all`: every task's, for the rest of the session),
  /// recorded in the annotator's own journal.
  func reveal(all: Bool) {
    guard task != nil else { return }
    let had = !maskedCategories.isEmpty
    if all { revealAll = true }
    if had, !sheet.readOnly, sheet.saveFailure == nil {
      sheet.draft.revealed = true
      sheet.saveAsIs()
    }
    refreshShown()
    if all {
      say("Masked text is shown for the rest of this session")
    } else {
      say(
        had
          ? "Shown. Your reveal is in your own journal, never used to judge you"
          : "Nothing on this task is masked")
    }
  }

  /// Whether the task at a position is kept from the annotator by their settings
  /// (recorded as opted out or held back the first time it is met).
  func withholds(_ i: Int) -> Bool {
    guard !wellbeing.skip.isEmpty || !wellbeing.limits.isEmpty, desk == nil else { return false }
    let categories: [String]
    if let known = categoriesAt[i] {
      categories = known
    } else {
      var found = Masking.categories(store, at: i)
      if !flagged.isEmpty, let id = store.taskID(at: i) {
        found = ContentWarnings.ordered(found + (flagged[id] ?? []))
      }
      categories = found
      categoriesAt[i] = categories
    }
    guard let w = withholding(categories) else { return false }
    if let id = store.taskID(at: i) { recordWithheld(id, w) }
    return true
  }

  /// Whether the task at a position is kept from the annotator, saying so (for `:goto`).
  func refuseWithheld(_ i: Int) -> Bool {
    guard withholds(i) else { return false }
    let c = withholding(categoriesAt[i] ?? [])
    let why =
      c?.reason == .heldBack
      ? "held back for today (your limit for \(c?.category ?? ""))"
      : "in a category you opted out of (\(c?.category ?? ""))"
    say("That task is \(why); it is recorded for the lead, not as a skip", .info)
    return true
  }

  /// The same for a task already read.
  func withholds(_ t: Task) -> Bool {
    guard desk == nil, let w = withholding(categories(of: t)) else { return false }
    recordWithheld(t.id, w)
    return true
  }

  /// Why a task in these categories is kept from the annotator today, if it is.
  func withholding(_ categories: [String]) -> Withheld? {
    guard !categories.isEmpty else { return nil }
    let day = Timestamp.localDay(Date())
    if let c = wellbeing.optedOut(categories) {
      return Withheld(reason: .optedOut, category: c, day: day)
    }
    if let c = categories.first(where: limitReached) {
      return Withheld(reason: .heldBack, category: c, day: day)
    }
    return nil
  }

  /// Writes that a task was kept from the annotator, once per reason and day; a task already finished is left alone.
  func recordWithheld(_ id: String, _ w: Withheld) {
    guard !id.isEmpty, !sheet.readOnly, sheet.saveFailure == nil, task?.id != id else { return }
    let before = savedAnnotation(for: id)
    guard before?.status ?? .draft == .draft, before?.withheld != w else { return }
    var a =
      before
      ?? Annotation(
        taskId: id, annotator: store.annotator, created: Timestamp.now(), updated: Timestamp.now())
    a.withheld = w
    sheet.saves.append(.save(JournalRecord(annotation: a)))
  }

  /// Whether today's minutes in a category have reached the annotator's limit for it.
  func limitReached(_ category: String) -> Bool {
    guard let minutes = wellbeing.limits[category] else { return false }
    return (shift.todayMs[category] ?? 0) >= minutes * 60_000
  }

  /// Counts active time: the task's, the shift's, since the last break, and today's per category.
  func countActive(_ gap: Int) {
    sheet.draft.activeMs += gap
    shift.activeMs += gap
    shift.sinceBreakMs += gap
    guard !wellbeing.limits.isEmpty, let t = task else { return }
    for c in categories(of: t) { shift.todayMs[c, default: 0] += gap }
  }

  /// Today's active minutes per category, as the timesheet counts them (only when limits are set).
  /// The shift clock starts from today's active time, so a reopen continues the
  /// shift: read in the background (`TodaysShift`), taken by `tick`.
  func readTodaysMinutes() {
    let today = Timestamp.localDay(Date())
    if !wellbeing.limits.isEmpty {
      let sheet = try? Timesheet.compute(store.root, annotator: store.annotator, since: today)
      let day = sheet?.days.first { $0.date == today }
      shift.todayMs = day?.byCategory ?? [:]
      shift.activeMs += day?.activeMs ?? 0
      return
    }
    let journal = store.root.appendingPathComponent("annotations/\(store.annotator).jsonl").path
    guard FileManager.default.fileExists(atPath: journal) else { return }
    shift.earlier = TodaysShift(root: store.root, annotator: store.annotator, today: today)
  }

  /// Adds today's earlier active time to the shift clock once it has been read; whether it changed.
  func takeTodaysShift() -> Bool {
    guard let pending = shift.earlier else { return false }
    pending.start()
    guard let day = pending.take() else { return false }
    shift.earlier = nil
    shift.activeMs += day?.activeMs ?? 0
    return (day?.activeMs ?? 0) > 0
  }

  /// Waits for today's earlier active time and adds it (tests).
  func waitForTodaysShift() {
    shift.earlier?.wait()
    _ = takeTodaysShift()
  }

  /// What to say after a submit: a break is due, or a daily limit was reached.
  func afterSubmitReminder() -> String? {
    var parts: [String] = []
    let reached = wellbeing.limits.keys.filter {
      limitReached($0) && !shift.limitsSaid.contains($0)
    }
    .sorted()
    if !reached.isEmpty {
      shift.limitsSaid.formUnion(reached)
      parts.append(
        "Today's limit reached for \(reached.joined(separator: ", ")): those tasks are held back until tomorrow"
      )
    }
    if let every = wellbeing.breakEvery, shift.sinceBreakMs >= every * 60_000 {
      let key = keymap.keys(for: .takeBreak, in: [.global]).map { Key.name(of: $0) } ?? "b"
      parts.append(
        "\(shift.sinceBreakMs / 60_000) minute\(shift.sinceBreakMs / 60_000 == 1 ? "" : "s") of work since your last break: \(key) starts a \(wellbeing.breakLength)-minute break"
      )
    }
    return parts.isEmpty ? nil : parts.joined(separator: ". ")
  }

  /// Starts a break: a calm screen with a timer; the shift clock stops.
  func takeBreak() {
    flushSave()
    editor = nil
    overlay = .rest(since: clock(), started: Timestamp.now())
  }

  /// A key during a break: Enter ends it, quit quits; anything else waits.
  func restKey(_ key: Key, since: Int, started: String) -> [Effect] {
    if key.base == .enter {
      overlay = .none
      shift.sinceBreakMs = 0
      shift.breakTaken = true
      // The time away is not active time.
      shift.lastKeyAt = clock()
      let minutes = max(0, clock() - since) / 60_000
      say("Welcome back after \(minutes) minute\(minutes == 1 ? "" : "s")")
      return [.logBreak(ShiftLog.Break(start: started, end: Timestamp.now()))]
    }
    if case .action(let a) = keymap.lookup([key], in: [.global]), a == .quit {
      overlay = .none
      return [.logBreak(ShiftLog.Break(start: started, end: Timestamp.now()))] + perform(.quit)
    }
    return []
  }

  /// The annotator's own median time per task type, today against before (never anyone else's).
  func showPace() {
    guard let contents = try? Journal.contents(of: store.journal.url, annotator: store.annotator)
    else {
      say("No journal to measure yet", .info)
      return
    }
    let today = Timestamp.localDay(Date())
    var now: [String: [Int]] = [:]
    var before: [String: [Int]] = [:]
    for r in contents.latest.values where r.annotation.status == .submitted {
      let a = r.annotation
      let kind =
        a.orderShown.count >= 2
        ? "compare \(a.orderShown.count)" : a.orderShown.count == 1 ? "review" : "write"
      let day = Timestamp.parse(a.updated).map(Timestamp.localDay) ?? ""
      if day == today {
        now[kind, default: []].append(a.activeMs)
      } else {
        before[kind, default: []].append(a.activeMs)
      }
    }
    func median(_ v: [Int]?) -> String {
      guard let v, !v.isEmpty else { return "-" }
      return Screen.formatTime(Int(Consensus.median(v.map(Double.init))))
    }
    let kinds = Set(now.keys).union(before.keys).sorted()
    guard !kinds.isEmpty else {
      say("Nothing submitted yet: your pace shows once you have", .info)
      return
    }
    say(
      "Your median per task, today / before: "
        + kinds.map { "\($0) \(median(now[$0])) / \(median(before[$0]))" }.joined(separator: " · "))
  }
}

/// Masking a task's text for the screen.
enum Masking {
  /// The task with every message and candidate replaced by a placeholder naming
  /// the categories and the length; unchanged when `categories` is empty.
  static func apply(_ t: Task, categories: [String], key: String = "v") -> Task {
    guard !categories.isEmpty else { return t }
    let names = categories.joined(separator: ", ")
    func placeholder(_ text: String) -> String {
      "░░ Masked: \(names) · \(Screen.wordsLabel(Screen.words(text))) · \(key) shows this task ░░"
    }
    var out = t
    out.context = t.context.map { m in
      var m = m
      m.content = placeholder(m.content)
      return m
    }
    out.candidates = t.candidates.map { c in
      var c = c
      c.messages = [Message(role: .assistant, content: placeholder(c.text))]
      return c
    }
    return out
  }

  static let marker = Data("\"content_warnings\"".utf8)

  /// The categories of the task at a position, reading its line (decoded only when it names any).
  static func categories(_ store: Store, at i: Int) -> [String] {
    guard let (file, e) = store.entry(at: i), let bytes = try? file.read(e),
      bytes.range(of: marker) != nil,
      let t = try? TaskCodec.decode(bytes, file: file.name, line: Int(e.line)).task
    else { return [] }
    return t.contentWarnings ?? []
  }
}
