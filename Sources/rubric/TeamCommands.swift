import Agreement
import ArgumentParser
import Platform
import Reports
import Shift
import Sync
import TaskStore
import TerminalKit

/// `rubric queue DIR --annotator NAME`: that annotator's task ids, in order.
struct QueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue",
    abstract: "Print the ids of an annotator's tasks, in order (stores with a [team]).")

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "Whose queue (one of the team's annotators).") var annotator: String

  func run() throws {
    let root = URL(fileURLWithPath: dir)
    let store = try Store.open(root, annotator: annotator, readOnly: true)
    guard let team = store.config.team else {
      throw StoreError.invalid("\(dir)/rubric.toml has no [team]: every annotator sees every task")
    }
    guard team.annotators.contains(annotator) else {
      throw StoreError.invalid(
        "\"\(annotator)\" is not in the team (\(team.annotators.joined(separator: ", "))); add them to [team] annotators in \(dir)/rubric.toml"
      )
    }
    let list = store.taskList()
    // Tasks the annotator opted out of (this machine's settings, or recorded in their journal) are not theirs.
    let skip = try Wellbeing.load().skip
    let journal = root.appendingPathComponent("annotations/\(annotator).jsonl")
    let recorded =
      FileManager.default.fileExists(atPath: journal.path)
      ? try Journal.contents(of: journal, annotator: annotator).latest : [:]
    var out = ""
    for i in Queue.positions(for: annotator, team: team, tasks: list) {
      if recorded[list[i].id]?.annotation.withheld?.reason == .optedOut { continue }
      if !skip.isEmpty, let t = try? store.task(at: i).task,
        (t.contentWarnings ?? []).contains(where: skip.contains)
      {
        continue
      }
      out += list[i].id + "\n"
    }
    if !out.isEmpty { Console.data(String(out.dropLast())) }
  }
}

/// `rubric sync DIR`: commit the annotator's new records, merge the team's, push.
struct SyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract:
      "Commit your new journal records, merge the team's work and push (the store is a git working tree)."
  )

  @Argument(help: "The store folder (a git clone of the team's store).") var dir: String
  @Option(help: "Who is syncing (default: rubric.toml's annotator, then $USER).") var annotator:
    String?
  @Option(help: "The git remote (default: origin).") var remote: String?
  @Option(
    help:
      "Seconds each fetch and push may take before sync gives up and keeps the work committed locally."
  )
  var timeout: Double = 120

  func run() throws {
    let report = try Sync.run(
      URL(fileURLWithPath: dir), annotator: annotator, remote: remote, timeout: timeout)
    for line in report.lines { Console.out(line) }
    // A teammate's commit removed some of this annotator's records: they are back, but say so.
    if !report.restored.isEmpty { throw ExitCode(3) }
  }
}

/// `rubric agreement DIR`: how far the annotators agree.
struct AgreementCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agreement",
    abstract:
      "Agreement between annotators on the tasks two or more of them submitted (pairwise, Kendall τ-b, Krippendorff's α)."
  )

  @Argument(help: "The store folder.") var dir: String
  @Flag(help: "One JSON object: figures by question id, and per-annotator figures.") var json =
    false
  @Flag(help: "The per-annotator rows as CSV.") var csv = false
  @Option(help: "Only answers updated on or after this day (YYYY-MM-DD).") var since: String?

  func validate() throws {
    if let since { try Since.check(since) }
  }

  func run() throws {
    let root = URL(fileURLWithPath: dir)
    let form = json ? "json" : csv ? "csv" : "table"
    // Kept under .rubric/results/ while no input changes (reviewers' journals included).
    let text = try ResultCache.whole(
      root, kind: "agreement-\(form)", arguments: [since ?? ""], reviews: true
    ) {
      let report = try AgreementReport.compute(store: root, since: since)
      return Array((json ? report.json : csv ? report.csv : report.table).utf8)
    }
    if csv {
      Console.data(String(decoding: text, as: UTF8.self))
    } else {
      Console.out(String(decoding: text, as: UTF8.self))
    }
  }
}

/// `rubric timesheet DIR`: an annotator's days, from their journal and breaks.
struct TimesheetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "timesheet",
    abstract:
      "Your days from your own journal: first and last activity, active time, breaks, tasks, minutes per content category."
  )

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "Whose timesheet (default: rubric.toml's annotator, then $USER).") var annotator:
    String?
  @Option(help: "From this local date on (YYYY-MM-DD).") var since: String?
  @Option(help: "table or csv.") var format = "table"

  func run() throws {
    guard format == "table" || format == "csv" else {
      throw ValidationError("--format is table or csv")
    }
    if let s = since, Timestamp.parse(s + "T00:00:00Z") == nil {
      throw ValidationError("--since is a date such as 2026-12-01")
    }
    let root = URL(fileURLWithPath: dir)
    guard Store.exists(at: root) else { throw StoreError.notAStore(path: dir) }
    let sheet = try Timesheet.compute(root, annotator: annotator, since: since)
    if format == "csv" { Console.data(sheet.csv) } else { Console.out(sheet.table) }
  }
}
