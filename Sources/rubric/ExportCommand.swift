import Annotation
import ArgumentParser
import Export
import Platform
import Reports
import TaskStore
import TerminalKit

/// `rubric export DIR --format F [-o FILE]`.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Write annotations in a training format (\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))."
  )

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "The output format.") var format: String
  @Option(
    name: .shortAndLong,
    help: "Write here (atomically; .gz and .zst compress; - is standard output).")
  var output: String?
  @Option(help: "Only this annotator (repeatable).") var annotator: [String] = []
  @Option(help: "Only annotations with this status: submitted, skipped, draft or all.") var status =
    "submitted"
  @Flag(help: "dpo/kto: conversational (message lists) instead of plain strings.")
  var conversational = false
  @Option(help: "Pairs from a ranking: all or adjacent tiers.") var pairs = "all"
  @Option(help: "When none is acceptable: drop (no pairs) or keep the ranking's pairs.")
  var noneAcceptable = "drop"
  @Flag(help: "Export each task's imported prior instead of annotations.") var fromPrior = false
  @Flag(help: "Replace the output file if it exists.") var force = false
  @Option(
    help:
      "Split the rows by prompt into parts written side by side, such as train=0.9,test=0.1 (needs -o)."
  )
  var split: String?
  @Option(help: "The seed of --split: the same seed gives the same parts.") var seed: UInt64 = 0
  @Option(
    help:
      "One answer per task from its annotators' by a rule: ranked-pairs, mean-rank or majority (ratings: median; choices, labels: majority); a reviewer's decision settles its task whatever the rule (adjudicated: ranked-pairs elsewhere, or --fallback)."
  )
  var consensus: String?
  @Option(
    help:
      "With --consensus adjudicated: the rule for tasks no reviewer settled (ranked-pairs, mean-rank, majority)."
  )
  var fallback = Consensus.Rule.rankedPairs.rawValue
  @Flag(help: "With --consensus RULE: merge every task by the rule, even where a reviewer decided.")
  var ignoreReviews = false
  @Option(
    help: "With --consensus: leave out tasks whose annotators agree less than this share (0 to 1).")
  var minAgreement: Double?
  @Option(
    help:
      "With --consensus: leave out tasks fewer annotators than this answered (agreement needs two)."
  )
  var minAnnotators = 2
  @Flag(
    help: "Keep gold (practice) tasks in the export; they are left out of training data otherwise.")
  var includeGold = false
  @Flag(help: "Leave out answers submitted without the masked text ever shown (revealed: false).")
  var excludeBlind = false

  func run() throws {
    guard let f = ExportFormat(rawValue: format) else {
      throw ValidationError(
        "unknown format \"\(format)\" (one of: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    var o = ExportOptions(format: f)
    o.conversational = conversational
    let rules = Consensus.Rule.allCases.map(\.rawValue).joined(separator: ", ")
    if let c = consensus {
      if c == "adjudicated" {
        guard let rule = Consensus.Rule(rawValue: fallback) else {
          throw ValidationError("--fallback is one of: \(rules)")
        }
        o.consensus = rule
        o.adjudicate = true
      } else {
        guard let rule = Consensus.Rule(rawValue: c) else {
          throw ValidationError("--consensus is one of: adjudicated, \(rules)")
        }
        o.consensus = rule
        // Where reviewers have decided, their decisions stand unless asked otherwise.
        o.adjudicate = !ignoreReviews
      }
    }
    if let m = minAgreement {
      guard o.consensus != nil else { throw ValidationError("--min-agreement needs --consensus") }
      guard (0...1).contains(m) else {
        throw ValidationError("--min-agreement is a share from 0 to 1")
      }
      o.minAgreement = m
    }
    guard minAnnotators >= 1 else { throw ValidationError("--min-annotators is 1 or more") }
    o.minAnnotators = minAnnotators
    o.includeGold = includeGold
    o.excludeBlind = excludeBlind
    guard let p = PairMode(rawValue: pairs) else {
      throw ValidationError("--pairs is all or adjacent")
    }
    o.pairs = p
    guard let n = NoneAcceptablePolicy(rawValue: noneAcceptable) else {
      throw ValidationError("--none-acceptable is drop or keep")
    }
    o.noneAcceptable = n
    o.annotators = annotator.isEmpty ? nil : annotator
    if status == "all" {
      o.status = nil
    } else {
      guard let s = Status(rawValue: status) else {
        throw ValidationError("--status is submitted, skipped, draft or all")
      }
      o.status = s
    }
    o.fromPrior = fromPrior
    let target = output == "-" ? nil : output.map { URL(fileURLWithPath: $0) }
    if let split {
      o.split = try ExportSplit.parse(split)
      o.splitSeed = seed
      guard let target else {
        throw ValidationError("--split writes one file per part: give -o FILE")
      }
      for part in o.split ?? [] {
        try ExportTarget.check(
          ExportSplit.url(target, part: part.name), store: URL(fileURLWithPath: dir), force: force)
      }
    } else if let target {
      try ExportTarget.check(target, store: URL(fileURLWithPath: dir), force: force)
    }
    let root = URL(fileURLWithPath: dir)
    guard let target else {
      let summary = try Exporter.export(root, options: o, to: nil)
      Console.err("\(format): \(summary) -> standard output")
      return
    }
    let files = o.split.map { $0.map { ExportSplit.url(target, part: $0.name) } } ?? [target]
    // Files this export wrote from inputs that have not changed since are not written again.
    let (summary, current) = try ResultCache.files(
      root, kind: "export", arguments: ["\(o)"], files: files
    ) {
      "\(try Exporter.export(root, options: o, to: target))"
    }
    let written = files.map(\.path).joined(separator: ", ")
    Console.err(
      "\(format): \(summary) -> \(written)"
        + (current ? " (up to date: the store has not changed since this export wrote it)" : ""))
  }
}
