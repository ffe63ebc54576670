import Annotation
import Codecs
import Platform
import TaskStore

/// One annotator's figures for `rubric stats`.
public struct AnnotatorStats: Sendable, Equatable {
  public var annotator: String
  public var submitted = 0
  public var skipped = 0
  public var drafts = 0
  public var remaining = 0
  public var activeMs = 0
  /// Submitted and skipped tasks per hour of active time.
  public var tasksPerHour: Double? {
    activeMs > 0 ? Double(submitted + skipped) / (Double(activeMs) / 3_600_000) : nil
  }
  /// Comparisons with a single best candidate, and how often it was the one shown first.
  public var firstShownTrials = 0
  public var firstShownWins = 0
  /// Submitted answers that the current form would reject.
  public var needsReview = 0
  /// Gold tasks submitted, and how many matched their gold answer.
  public var goldTrials = 0
  public var goldRight = 0
  /// The annotator's queue size, in a store with a team.
  public var queued: Int?
  /// Tasks the annotator's own settings kept from them: opted out, held back for the day.
  /// The work needs someone else; it is not a skip.
  public var optedOut = 0
  public var heldBack = 0
  /// Submitted without the masked text ever shown (`revealed: false`).
  public var blind = 0

  /// The share of decided comparisons won by the candidate shown first.
  public var firstShownRate: Double? {
    firstShownTrials == 0 ? nil : Double(firstShownWins) / Double(firstShownTrials)
  }

  /// Of `total` tasks, those the annotator has not answered, skipped or been kept from.
  func left(of total: Int) -> Int { max(0, total - submitted - skipped - optedOut - heldBack) }

  /// Adds the counts of another part of the same annotator's annotations.
  mutating func add(_ o: AnnotatorStats) {
    submitted += o.submitted
    skipped += o.skipped
    drafts += o.drafts
    activeMs += o.activeMs
    firstShownTrials += o.firstShownTrials
    firstShownWins += o.firstShownWins
    needsReview += o.needsReview
    goldTrials += o.goldTrials
    goldRight += o.goldRight
    optedOut += o.optedOut
    heldBack += o.heldBack
    blind += o.blind
  }

  /// Counts one task's newest annotation.
  mutating func count(_ a: Annotation, form: Form?) {
    // Bounded per record, so a hostile journal cannot overflow the sum.
    activeMs += min(max(a.activeMs, 0), 1 << 40)
    switch a.status {
    case .submitted:
      submitted += 1
      if a.revealed == false { blind += 1 }
    case .skipped: skipped += 1
    case .draft:
      switch a.withheld?.reason {
      case .optedOut?: optedOut += 1
      case .heldBack?: heldBack += 1
      case nil: drafts += 1
      }
    }
    guard let form, let won = a.firstShownWon(form: form) else { return }
    firstShownTrials += 1
    if won { firstShownWins += 1 }
  }
}

/// Work figures per annotator, from the journals.
public enum Stats {
  /// Computes figures from each journal's records against `totalTasks`.
  public static func compute(journals: [String: [JournalRecord]], totalTasks: Int, form: Form?)
    -> [AnnotatorStats]
  {
    journals.sorted(by: { $0.key < $1.key }).map { who, records in
      var latest: [String: Annotation] = [:]
      for r in records
      where latest[r.annotation.taskId].map({ r.annotation.supersedes($0) }) ?? true {
        latest[r.annotation.taskId] = r.annotation
      }
      var s = AnnotatorStats(annotator: who)
      for a in latest.values { s.count(a, form: form) }
      s.remaining = s.left(of: totalTasks)
      return s
    }
  }

  /// Reads every journal in a store (through its digest) and computes its figures,
  /// one annotator at a time: memory holds one annotation, not the journals.
  ///
  /// Each annotator's row is kept in `.rubric/results/stats` (`ResultCache.perJournal`):
  /// only the rows of journals that changed since, or all when the config, a form or
  /// a task file changed, are computed again.
  public static func compute(store root: URL, since: String? = nil) throws -> [AnnotatorStats] {
    let rows = try ResultCache.perJournal(root, kind: "stats", arguments: [since ?? ""]) { stale in
      let team = try JournalDigests.annotations(root, only: stale).since(since)
      return Dictionary(
        try compute(store: root, team: team).map { ($0.annotator, $0.encoded) },
        uniquingKeysWith: { a, _ in a })
    }
    return rows.compactMap { name, bytes in AnnotatorStats(encoded: bytes, annotator: name) }
      .sorted { $0.annotator < $1.annotator }
  }

  /// Computes a store's figures from journals already read, in one pass over the
  /// answered tasks on all cores: each annotation is decoded once, to be counted and
  /// checked against its task's form.
  public static func compute(store root: URL, team: JournalDigests) throws -> [AnnotatorStats] {
    let files = try AnsweredTasks.taskFiles(root)
    let pass = try Pass(root, files: files, team: team)
    let tally = try AnsweredTasks.walk(root, files: files, answers: team, start: pass.start) {
      tally, task in
      pass.count(task, into: &tally)
    } merge: {
      $0.add($1)
    }
    return pass.rows(tally)
  }

  /// What counting a store's figures needs before the walk over its answered tasks:
  /// the task count, each annotator's queue (with a team) and the store's form.
  package struct Pass: Sendable {
    let names: [String]
    let total: Int
    /// Counts each annotation; it holds each annotator's queue (with a team).
    let counter: Counter

    /// Prepares to count `team`'s journals over the store's indexed task `files`.
    package init(_ root: URL, files: [TaskFile], team: JournalDigests) throws {
      let config = try Store.loadConfig(root)
      names = team.ordered.map(\.annotator)
      total = files.reduce(0) { $0 + $1.count }
      // Queues need every task's id and gold flag; without a team the tasks are not scanned.
      let scan = config.team == nil ? nil : Store.scanTasks(files)
      // With a team, each of its annotators' queue (others have none).
      let queued: [Set<String>?] = team.ordered.map { d in
        guard let team = config.team, let scan, team.annotators.contains(d.annotator) else {
          return nil
        }
        return Set(
          Queue.positions(for: d.annotator, team: team, tasks: scan.list).map { scan.list[$0].id }
        )
      }
      counter = Counter(form: config.form, queued: queued)
    }

    /// No annotation counted yet.
    package var start: Tally {
      Tally(
        rows: names.map { AnnotatorStats(annotator: $0) },
        done: Array(repeating: 0, count: names.count))
    }

    /// Counts one answered task's annotations. A task whose line no longer decodes is
    /// not counted; answers to a task no task file holds still count as work.
    package func count(_ t: AnsweredTask, into tally: inout Tally) {
      if t.inTaskFiles {
        guard let task = t.task, let form = t.form else { return }
        var verdicts = Verdicts()
        t.answers.forEachLent { _, x in
          counter.count(x.annotation, x.place, &tally, task: task, form: form, verdicts: &verdicts)
        }
      } else {
        t.answers.forEachLent { _, x in
          counter.count(x.annotation, x.place, &tally, task: nil, form: nil)
        }
      }
    }

    /// Each annotator's row, named, with what remains of their work.
    package func rows(_ tally: Tally) -> [AnnotatorStats] {
      tally.rows.indices.map { i in
        var s = tally.rows[i]
        // With a team, what remains is what is left of the annotator's queue.
        s.queued = counter.queued[i]?.count
        s.remaining =
          counter.queued[i].map { max(0, $0.count - tally.done[i]) } ?? s.left(of: total)
        return s
      }
    }
  }

  /// Each annotator's figures so far (in the digests' name order) and how many of
  /// their queue's tasks they finished.
  package struct Tally: Sendable {
    var rows: [AnnotatorStats]
    var done: [Int]

    /// Adds the counts of other tasks.
    package mutating func add(_ other: Tally) {
      for i in rows.indices {
        rows[i].add(other.rows[i])
        done[i] += other.done[i]
      }
    }
  }

  /// Counts one annotation into its annotator's figures.
  struct Counter: Sendable {
    /// The store's form, for first-shown wins.
    let form: Form
    let queued: [Set<String>?]

    /// Counts `a` (of `task` with its `form`, when the task files hold it).
    func count(
      _ a: Annotation, _ i: Int, _ tally: inout Tally, task: ChatTask?, form taskForm: Form?
    ) {
      var verdicts = Verdicts()
      count(a, i, &tally, task: task, form: taskForm, verdicts: &verdicts)
    }

    /// The same, remembering the form's verdicts on the task's answers in `verdicts`.
    func count(
      _ a: Annotation, _ i: Int, _ tally: inout Tally, task: ChatTask?, form taskForm: Form?,
      verdicts: inout Verdicts
    ) {
      tally.rows[i].count(a, form: form)
      if let queued = queued[i], queued.contains(a.taskId), a.status != .draft || a.withheld != nil
      {
        tally.done[i] += 1
      }
      // A submitted answer is checked against its task's form, and a gold task's against its gold.
      guard a.status == .submitted, let t = task, let taskForm else { return }
      if !verdicts.accepts(a, form: taskForm, task: t) { tally.rows[i].needsReview += 1 }
      guard let g = t.gold else { return }
      let order = a.orderShown.isEmpty ? t.candidates.map(\.id) : a.orderShown
      tally.rows[i].goldTrials += 1
      if g.check(a, form: taskForm, order: order).isRight {
        tally.rows[i].goldRight += 1
      }
    }
  }

  /// Whether a form accepts each of one task's answers, remembered for the answers met
  /// before (`RecentResults`): a verdict depends only on the form, the task and the
  /// answer's maps and order (`Form.accepts`).
  struct Verdicts {
    /// What a verdict depends on besides the form and the task.
    struct Answered: Equatable {
      let answers: [String: Answer]
      let candidateAnswers: [String: [String: Answer]]
      let order: [String]

      /// Whether both are the same maps and order: the answer map and the order storage
      /// for storage (the digest shares equal ones), a few words compared; the
      /// per-candidate maps by value (each decode makes that outer map anew, but the
      /// maps inside are shared, so each compares as one word).
      static func sameStorage(_ a: Answered, _ b: Answered) -> Bool {
        a.answers.sharesStorage(with: b.answers) && a.order.sharesStorage(with: b.order)
          && a.candidateAnswers == b.candidateAnswers
      }
    }

    private var recent = RecentResults<Answered, Bool>(matching: Answered.sameStorage)

    /// `form.accepts(a, task: task)`, for answers to one task.
    mutating func accepts(_ a: Annotation, form: Form, task: ChatTask) -> Bool {
      let key = Answered(
        answers: a.answers, candidateAnswers: a.candidateAnswers, order: a.orderShown)
      return recent.value(for: key) { form.accepts(a, task: task) }
    }
  }

  /// Formats figures as an aligned table.
  public static func table(_ rows: [AnnotatorStats]) -> String {
    var lines = [
      [
        "annotator", "submitted", "skipped", "drafts", "remaining", "active", "tasks/h",
        "first-shown wins", "needs review", "gold right", "opted out", "held back", "blind",
      ]
    ]
    for s in rows {
      let mins = s.activeMs / 60_000
      let active = String(cFormat: "%dh%02dm", mins / 60, mins % 60)
      let rate = s.tasksPerHour.map { String(cFormat: "%.1f", $0) } ?? "-"
      let bias =
        s.firstShownRate.map { String(cFormat: "%.0f%% of %d", $0 * 100, s.firstShownTrials) }
        ?? "-"
      lines.append([
        s.annotator, "\(s.submitted)", "\(s.skipped)", "\(s.drafts)", "\(s.remaining)", active,
        rate, bias, "\(s.needsReview)",
        s.goldTrials == 0
          ? "-"
          : String(
            cFormat: "%d/%d (%.0f%%)", s.goldRight, s.goldTrials,
            Double(s.goldRight) * 100 / Double(s.goldTrials)),
        "\(s.optedOut)", "\(s.heldBack)", "\(s.blind)",
      ])
    }
    let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max() ?? 0 }
    return lines.map { row in
      row.enumerated().map { c, cell in
        c == 0
          ? cell.paddedOrCut(widths[c])
          : String(repeating: " ", count: widths[c] - cell.count) + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
