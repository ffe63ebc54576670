import Annotation
import Codecs
import Platform
import Reports
import TaskStore

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
  /// Parts to split the rows into (`train` 0.9, `test` 0.1), each written to its own file.
  public var split: [(name: String, share: Double)]?
  /// The seed of the split: the same seed gives the same parts.
  public var splitSeed: UInt64 = 0
  /// One answer per task, merged from its annotators' by this rule (each annotator's answer when nil).
  public var consensus: Consensus.Rule?
  /// With a consensus: leave out tasks whose annotators agree less than this (pairwise, ties counted).
  public var minAgreement: Double?
  /// With a consensus: leave out tasks fewer annotators than this answered (agreement
  /// needs two); a reviewer's decision settles a task whatever the count.
  public var minAnnotators = 2
  /// Keep gold (practice) tasks in a training export; they are left out otherwise.
  public var includeGold = false
  /// Leave out answers submitted without the masked text ever shown (`revealed: false`).
  public var excludeBlind = false
  /// With a consensus: a reviewer's decision settles its task (`--consensus adjudicated`);
  /// the rule merges the others, and tasks sent back are left out until answered again.
  public var adjudicate = false

  public init(format: ExportFormat) { self.format = format }
}

/// Counts from an export.
public struct ExportSummary: Sendable, CustomStringConvertible {
  public var tasks = 0
  public var annotations = 0
  public var rows = 0
  /// Annotations that produced no row, by reason.
  public var skipped: [String: Int] = [:]

  /// Rows per part of a split.
  public var parts: [String: Int] = [:]

  public var description: String {
    var s = "\(rows) rows from \(annotations) annotations of \(tasks) tasks"
    if !parts.isEmpty {
      s +=
        " ("
        + parts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        + ")"
    }
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
    // The newest annotation per task and annotator, read a task at a time from the digests.
    let team =
      options.fromPrior
      ? nil : try JournalDigests.annotations(root, only: options.annotators.map(Set.init))
    var sinks: [OutputSink] = []
    if let output { try ExportSet.prepare(output) }
    if let split = options.split {
      guard let output else {
        throw StoreError.invalid("--split writes one file per part: give -o FILE")
      }
      sinks = try split.map { try OutputSink(ExportSplit.url(output, part: $0.name)) }
    } else {
      sinks = [try OutputSink(output)]
    }
    var summary = ExportSummary()
    let inputs = Inputs(
      options: options, config: config, forms: forms, team: team,
      decisions: options.consensus != nil && options.adjudicate ? try Reviews.decisions(root) : [:],
      layout: CSVLayout(
        forms: [config.form] + forms.keys.sorted().compactMap { forms[$0]?.form },
        annotations: options.format != .csv
          ? []
          : (team?.names ?? []).lazy.compactMap { team?.byName[$0] }.joined().filter {
            options.status == nil || $0.status == options.status
          }))
    if options.format == .csv { for sink in sinks { try sink.write(inputs.layout.header + "\n") } }
    // Tasks are exported a batch at a time on all cores; their rows are written in order,
    // each batch's while the next one is computed.
    var batch: [TaskLine] = []
    var batchBytes = 0
    var computing: BatchRows?
    func write(_ rows: BatchRows?) throws {
      for result in rows?.wait() ?? [] {
        let task = try result.get()
        summary.add(task.summary)
        for r in task.rows { try sinks[task.part].write(r) }
      }
    }
    func flush() throws {
      let next = BatchRows(batch, inputs)
      batch.removeAll(keepingCapacity: true)
      batchBytes = 0
      try write(computing)
      computing = next
    }
    // A task nobody answered gives no row: skipped without decoding it when its id is at hand.
    let answered = team.map { team in
      var cursor = JournalDigests.Cursor()
      return { (id: String) in id.isEmpty || team.hasAnswers(to: id, cursor: &cursor) }
    }
    for url in Store.taskFileURLs(root) {
      let file = url.lastPathComponent
      for (line, bytes) in try LineReader(url: url) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        if let answered, !answered(TaskFile.extractID(Array(bytes.prefix(256)))) { continue }
        batch.append(TaskLine(bytes: bytes, file: file, line: line))
        batchBytes += bytes.count
        if batch.count >= 1024 || batchBytes >= 1 << 24 { try flush() }
      }
    }
    try flush()
    try write(computing)
    for sink in sinks { try sink.finish() }
    if let output {
      try ExportSet.commit(
        sinks.compactMap { s in s.tmp.flatMap { t in s.target.map { (t, $0) } } }, output: output)
    }
    return summary
  }

  /// A task file's line, decoded and exported on a worker.
  struct TaskLine: Sendable {
    var bytes: Data
    var file: String
    var line: Int

    /// The task's rows; a line that is not a task gives none.
    func rows(_ inputs: Inputs, cursor: inout JournalDigests.Cursor) throws -> TaskRows {
      guard let task = try? TaskCodec.decode(bytes, file: file, line: line).task else {
        return TaskRows()
      }
      return try Exporter.rows(for: task, inputs, cursor: &cursor)
    }
  }

  /// An answer's ranks by candidate id, from the form's ranking or first answered preference, for agreement.
  static func ranks(_ a: Annotation, form: Form, candidates: [String]) -> [String: Double] {
    // A loop, not a lazy map: the map's closure would keep a copy of the annotation.
    for q in (form.rankingQuestion.map { [$0] } ?? []) + form.preferenceQuestions {
      let r = a.ranks(for: q, candidates: candidates)
      if !r.isEmpty { return r }
    }
    return [:]
  }

  /// `ranks` of each answer as a list in the candidates' order (nil: not ranked). A
  /// ranking equal to one of the last few met (the digest shares equal ones) reuses its list.
  static func rankLists(_ annotations: [Annotation], form: Form, candidates: [String])
    -> [[Double?]]
  {
    var recent = RecentResults<Ranking, [Double?]>(matching: Ranking.sameStorage)
    let ranking = form.rankingQuestionID
    return annotations.indices.map { k in
      if let id = ranking, case .ranking(let r)? = annotations[k].answers[id],
        !r.noneAcceptable, !r.ranks.isEmpty
      {
        return recent.value(for: r) { r.rankList(candidates) }
      }
      let r = ranks(annotations[k], form: form, candidates: candidates)
      return candidates.map { r[$0] }
    }
  }

  /// An annotation as one JSON line, as the journal encodes it (the 64-bit seed stays an integer).
  static func annotationLine(_ a: Annotation) throws -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try enc.encode(a), as: UTF8.self)
  }

  /// The prior of a task as an annotation, when it has one (or a single candidate).
  static func priorAnnotation(_ t: ChatTask, _ form: Form) -> Annotation? {
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
  let file: OutputFile
  /// Rows waiting for the compressor, when the file name asks for compression (`.gz`, `.zst`).
  var text = Data()
  let compressor: Compressor?

  init(_ target: URL?) throws {
    self.target = target
    compressor = try target.flatMap { Compressor.Kind(fileName: $0.lastPathComponent) }.map {
      try Compressor($0)
    }
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
    file = OutputFile(fd: fd, path: tmp?.path ?? "stdout", direct: tmp != nil)
  }

  func write(_ s: String) throws {
    guard compressor != nil else {
      var s = s
      try s.withUTF8 { try file.append(UnsafeRawBufferPointer($0)) }
      return
    }
    text.append(contentsOf: s.utf8)
    if text.count >= 1 << 20 { try compress() }
  }

  /// Hands the rows gathered so far to the compressor.
  private func compress(finishing: Bool = false) throws {
    guard let compressor else { return }
    try text.withUnsafeBytes { raw in
      try compressor.compress(raw, finish: finishing) { try file.append($0) }
    }
    text.removeAll(keepingCapacity: true)
  }

  /// Writes the rest and syncs the temporary file; `ExportSet.commit` puts it in place.
  func finish() throws {
    try compress(finishing: true)
    try file.finish()
    guard let tmp, target != nil else { return }
    guard Durability.syncAll(fd) == 0 else {
      throw StoreError.io(path: tmp.path, errno: errno, doing: "sync")
    }
    close(fd)
    fd = -1
  }

  deinit {
    guard let tmp else { return }
    if fd >= 0 { close(fd) }
    // Not put in place (an error before the commit): the temporary file goes.
    if FileManager.default.fileExists(atPath: tmp.path) { unlink(tmp.path) }
  }
}
