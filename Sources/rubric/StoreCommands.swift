import ArgumentParser
import Import
import Platform
import Reports
import Sync
import TaskStore
import TerminalKit

/// `rubric init DIR [--preset NAME]`.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a store with a preset form (\(Presets.names.joined(separator: ", "))).")

  @Argument(help: "The folder to create.") var dir: String
  @Option(help: "The form preset.") var preset = "pairwise"
  @Option(help: "The default annotator name written into rubric.toml.") var annotator: String?

  func run() throws {
    let who = Store.annotator(named: annotator, root: nil, config: nil)
    guard Store.isSafeName(who) else {
      throw ValidationError(
        "annotator name \"\(who)\" may use letters, digits, '.', '-' and '_' only")
    }
    try Store.create(at: URL(fileURLWithPath: dir), preset: preset, annotator: who)
    Console.out("created \(dir) with the \(preset) form; add tasks with: rubric import \(dir) FILE")
  }
}

/// `rubric import DIR FILE... [--format F]`.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Add tasks to a store from files (the format is detected, or given).")

  @Argument(help: "The store folder.") var dir: String
  @Argument(
    help:
      "Files to import (JSON lines, a JSON array, or prompts in a .txt file; .gz and .zst read as they are; - reads standard input)."
  )
  var files: [String]
  @Flag(
    help:
      "Say what would be imported (the format and why, the first task, the counts) and write nothing."
  )
  var dryRun = false
  @Option(help: "One of: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: String?
  @Option(
    help:
      "A field of the records (a string or a list) that gives each task's content categories, such as violence."
  )
  var warningsFrom: String?
  @Option(
    help:
      "The longest line read as a record, in MB; a longer one is reported with its line and left out."
  )
  var maxLineMb = 64
  @Option(
    help:
      "The most a decompressed file (or standard input) may hold, in GB (default: half the free space)."
  )
  var maxDecompressedGb: Double?

  func run() throws {
    guard maxLineMb > 0, maxDecompressedGb.map({ $0 > 0 }) ?? true else {
      throw ValidationError("--max-line-mb and --max-decompressed-gb must be more than 0")
    }
    let limits = InputLimits(
      lineBytes: maxLineMb << 20, copyBytes: maxDecompressedGb.map { Int($0 * Double(1 << 30)) })
    var fmt: ImportFormat?
    if let f = format {
      guard let known = ImportFormat(rawValue: f) else {
        throw ValidationError(
          "unknown format \"\(f)\" (one of: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
        )
      }
      fmt = known
    }
    var failed = false
    for file in files {
      let summary = try Importer.importPath(
        file, into: URL(fileURLWithPath: dir), format: fmt, dryRun: dryRun,
        warningsFrom: warningsFrom,
        limits: limits)
      if dryRun {
        Console.out("\(summary.source): \(summary.shape)")
        Console.out("format: \(summary.format) (\(summary.detection))")
        Console.out("first task as it would be stored:")
        Console.out("  " + (summary.firstTask ?? "(none: no new task)"))
      }
      for e in summary.errors.prefix(50) { Console.err("\(e)") }
      if summary.errors.count > 50 {
        Console.err("… and \(summary.errors.count - 50) more errors")
      }
      for w in summary.warnings.prefix(20) {
        Console.err("warning: \(w)")
      }
      if summary.warnings.count > 20 {
        Console.err("… and \(summary.warnings.count - 20) more warnings")
      }
      Console.out(dryRun ? "would import: \(summary) (dry run: nothing written)" : "\(summary)")
      if summary.skipped > 0 || summary.conflicts > 0 { failed = true }
    }
    if failed { throw ExitCode(2) }
  }
}

/// `rubric check DIR`.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Verify a store and list every problem with its file and line.")

  @Argument(help: "The store folder.") var dir: String

  func run() throws {
    var report = StoreCheck.run(URL(fileURLWithPath: dir))
    // A journal only grows: lines its git history had and it lacks now are a problem.
    report.problems += Sync.lostJournalLines(URL(fileURLWithPath: dir))
    for n in report.notes { Console.out(n) }
    for p in report.problems { Console.out(p) }
    Console.out(
      "\(report.tasks) tasks, \(report.journals) journals, \(report.records) readable records, \(report.setAside) set aside, \(report.problems.count) problems"
    )
    if !report.problems.isEmpty { throw ExitCode(1) }
  }
}

/// `rubric stats DIR`.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats", abstract: "Show per-annotator progress, speed and position bias.")

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "Only answers updated on or after this day (YYYY-MM-DD).") var since: String?

  func validate() throws {
    if let since { try Since.check(since) }
  }

  func run() throws {
    let rows = try Stats.compute(store: URL(fileURLWithPath: dir), since: since)
    if rows.isEmpty {
      Console.out("no annotations yet")
    } else {
      Console.out(Stats.table(rows))
    }
  }
}
