import Annotation
import Platform
import Reports
import TaskStore

extension Exporter {
  /// What every task's rows are made from, the same for all tasks of one export.
  struct Inputs: Sendable {
    let options: ExportOptions
    let config: StoreConfig
    let forms: [String: StoreConfig]
    /// The newest annotation per task and annotator (nil when exporting the priors).
    let team: JournalDigests?
    /// Reviewers' decisions by task, for `--consensus adjudicated`.
    let decisions: [String: Annotation]
    let layout: CSVLayout
  }

  /// One task's part of an export: its rows (each ending in a line break), the split
  /// part they go to, and its counts.
  struct TaskRows: Sendable {
    var part = 0
    var rows: [String] = []
    var summary = ExportSummary()
  }

  /// The rows of one task. Pure: tasks are exported a batch at a time on all cores
  /// and their rows written in the tasks' order.
  static func rows(
    for task: ChatTask, _ inputs: Inputs, cursor: inout JournalDigests.Cursor
  ) throws -> TaskRows {
    let options = inputs.options
    var out = TaskRows()
    let form = inputs.config.form(for: task, forms: inputs.forms)
    var annotations =
      options.fromPrior
      ? priorAnnotation(task, form).map { [$0] } ?? []
      : inputs.team?.answers(to: task.id, status: options.status, cursor: &cursor) ?? []
    if options.excludeBlind {
      let blind = annotations.filter { $0.revealed == false }.count
      if blind > 0 {
        out.summary.skipped["answers submitted blind (--exclude-blind)", default: 0] += blind
      }
      annotations.removeAll { $0.revealed == false }
    }
    guard !annotations.isEmpty else { return out }
    // Gold tasks train annotators, not models: left out of training data unless asked for.
    if task.gold != nil, !options.includeGold, options.format != .annotations,
      options.format != .csv
    {
      out.summary.skipped["gold tasks (--include-gold keeps them)", default: 0] += 1
      return out
    }
    var consensus: ConsensusSource?
    if let rule = options.consensus, !options.fromPrior {
      let ids = task.candidates.map(\.id)
      let agreement = Consensus.agreement(
        lists: rankLists(annotations, form: form, candidates: ids))
      // A reviewer's decision on exactly these answers settles the task.
      if let d = inputs.decisions[task.id], let review = d.review, review.settles(annotations) {
        guard review.decision != .sentBack else {
          out.summary.skipped["sent back by a reviewer", default: 0] += annotations.count
          return out
        }
        var merged = d
        merged.annotator = "consensus"
        merged.review = nil
        consensus = ConsensusSource(
          annotators: annotations.count, agreement: agreement, reviewer: d.annotator,
          decision: review.decision.rawValue, quick: review.quick)
        annotations = [merged]
      } else {
        if annotations.count < options.minAnnotators {
          out.summary.skipped[
            "tasks with fewer than \(options.minAnnotators) annotators (--min-annotators)",
            default: 0] += 1
          return out
        }
        if let min = options.minAgreement, (agreement ?? 1) < min {
          out.summary.skipped["below --min-agreement", default: 0] += annotations.count
          return out
        }
        guard let merged = Consensus.merge(annotations, form: form, candidates: ids, rule: rule)
        else { return out }
        consensus = ConsensusSource(annotators: annotations.count, agreement: agreement)
        annotations = [merged]
      }
    }
    out.summary.tasks += 1
    // A task's rows all go to one part, chosen by its prompt, so no prompt is in two parts.
    out.part =
      options.split.map {
        ExportSplit.part(of: task, shares: $0.map(\.share), seed: options.splitSeed)
      } ?? 0
    for a in annotations {
      out.summary.annotations += 1
      var view = AnnotationView(task: task, form: form, annotation: a)
      view.consensus = consensus
      let rows: [String]
      switch options.format {
      case .csv: rows = [inputs.layout.row(view)]
      case .annotations: rows = [try annotationLine(a)]
      case .dpo, .kto, .reward, .openaiPreference, .sft, .hh, .oasst:
        rows = Rows.make(view, options)
      }
      if rows.isEmpty { out.summary.skipped[Rows.skipReason(view, options), default: 0] += 1 }
      out.rows += rows.lazy.map { $0 + "\n" }
      out.summary.rows += rows.count
      if let split = options.split {
        out.summary.parts[split[out.part].name, default: 0] += rows.count
      }
    }
    return out
  }
}

extension ExportSummary {
  /// Adds another part's counts to these.
  mutating func add(_ other: ExportSummary) {
    tasks += other.tasks
    annotations += other.annotations
    rows += other.rows
    skipped.merge(other.skipped, uniquingKeysWith: +)
    parts.merge(other.parts, uniquingKeysWith: +)
  }
}
