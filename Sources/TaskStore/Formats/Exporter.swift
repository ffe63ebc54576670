import Annotation
import Foundation

/// The formats `rubric export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
  case dpo, kto, reward
  case openaiPreference = "openai-preference"
  case sft, hh, oasst, annotations, csv
}

/// What to export and how.
public struct ExportOptions: Sendable {
  public var format: ExportFormat
  public var conversational = false
  public var pairs: PairMode = .all
  public var noneAcceptable: NoneAcceptablePolicy = .drop
  /// Only these annotators (all when nil).
  public var annotators: [String]?
  /// Only annotations with this status (all when nil).
  public var status: Status? = .submitted
  /// Treat each task's imported prior as its annotation (for round trips of unannotated imports).
  public var fromPrior = false

  public init(format: ExportFormat) { self.format = format }
}

/// Counts from an export.
public struct ExportSummary: Sendable, CustomStringConvertible {
  public var tasks = 0
  public var annotations = 0
  public var rows = 0
  /// Annotations that produced no row, by reason.
  public var skipped: [String: Int] = [:]

  public var description: String {
    var s = "\(rows) rows from \(annotations) annotations of \(tasks) tasks"
    if !skipped.isEmpty {
      s +=
        "; no row for: "
        + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
    return s
  }
}

/// Streams a store's annotations out in a training format.
public enum Exporter {
  /// Exports to `output` (atomically), or to standard output when nil.
  public static func export(_ root: URL, options: ExportOptions, to output: URL?) throws
    -> ExportSummary
  {
    let config = try Store.loadConfig(root)
    let forms = try Store.loadForms(root)
    // Latest annotation per task per annotator.
    var byTask: [String: [Annotation]] = [:]
    if !options.fromPrior {
      for (who, url) in Store.journalURLs(root).sorted(by: { $0.key < $1.key }) {
        if let only = options.annotators, !only.contains(who) { continue }
        var latest: [String: Annotation] = [:]
        for r in try Journal.contents(of: url, annotator: who).records {
          latest[r.annotation.taskId] = r.annotation
        }
        for (id, a) in latest where options.status == nil || a.status == options.status {
          byTask[id, default: []].append(a)
        }
      }
    }
    let sink = try OutputSink(output)
    var summary = ExportSummary()
    let layout = CSVLayout(forms: [config.form] + forms.keys.sorted().compactMap { forms[$0]?.form }, annotations: byTask.values.flatMap { $0 })
    if options.format == .csv { try sink.write(layout.header + "\n") }
    for url in Store.taskFileURLs(root) {
      for (line, bytes) in try LineReader(url: url) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        guard let task = try? TaskCodec.decode(bytes, file: url.lastPathComponent, line: line).task
        else { continue }
        let form = task.form.flatMap { forms[$0]?.form } ?? config.form
        let annotations =
          options.fromPrior ? priorAnnotation(task, form).map { [$0] } ?? [] : byTask[task.id] ?? []
        guard !annotations.isEmpty else { continue }
        summary.tasks += 1
        for a in annotations {
          summary.annotations += 1
          let view = AnnotationView(task: task, form: form, annotation: a)
          let rows: [String]
          switch options.format {
          case .csv: rows = [layout.row(view)]
          case .annotations: rows = [try annotationLine(a)]
          default: rows = Rows.make(view, options)
          }
          if rows.isEmpty { summary.skipped[Rows.skipReason(view, options), default: 0] += 1 }
          for r in rows { try sink.write(r + "\n") }
          summary.rows += rows.count
        }
      }
    }
    try sink.finish()
    return summary
  }

  /// An annotation as one JSON line, as the journal encodes it (the 64-bit seed stays an integer).
  static func annotationLine(_ a: Annotation) throws -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try enc.encode(a), as: UTF8.self)
  }

  /// The prior of a task as an annotation, when it has one (or a single candidate).
  static func priorAnnotation(_ t: Task, _ form: Form) -> Annotation? {
    let rq = form.rankingQuestion?.id ?? "rank"
    var ranking: Ranking?
    if let tiers = t.prior?.ranking {
      ranking = Ranking(tiers: tiers, noneAcceptable: t.prior?.noneAcceptable ?? false)
    } else if t.candidates.count == 1 {
      ranking = Ranking(tiers: [[t.candidates[0].id]])
    }
    guard let r = ranking else { return nil }
    return Annotation(
      taskId: t.id, annotator: "prior", status: .submitted, answers: [rq: .ranking(r)],
      orderShown: t.candidates.map(\.id))
  }
}

/// Writes to a temporary file renamed into place at the end, or to standard output.
final class OutputSink {
  let target: URL?
  let tmp: URL?
  var fd: Int32
  var buffer = Data()

  init(_ target: URL?) throws {
    self.target = target
    if let t = target {
      let tmp = t.deletingLastPathComponent().appendingPathComponent(
        ".\(t.lastPathComponent).tmp-\(getpid())")
      unlink(tmp.path)
      fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
      guard fd >= 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "create") }
      self.tmp = tmp
    } else {
      fd = STDOUT_FILENO
      tmp = nil
    }
  }

  func write(_ s: String) throws {
    buffer.append(contentsOf: s.utf8)
    if buffer.count >= 1 << 20 { try flush() }
  }

  func flush() throws {
    try DurableFile.writeAll(fd, buffer, path: tmp?.path ?? "stdout")
    buffer.removeAll(keepingCapacity: true)
  }

  func finish() throws {
    try flush()
    guard let tmp, let target else { return }
    guard fsync(fd) == 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "sync") }
    close(fd)
    fd = -1
    guard rename(tmp.path, target.path) == 0 else {
      throw StoreError.io(path: target.path, errno: errno, doing: "rename into")
    }
    try DurableFile.syncDirectory(target.deletingLastPathComponent())
  }

  deinit {
    guard let tmp else { return }
    if fd >= 0 { close(fd) }
    if FileManager.default.fileExists(atPath: tmp.path) { unlink(tmp.path) }
  }
}
