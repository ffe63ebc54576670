import Annotation
import Codecs
import Platform

/// A store folder: `rubric.toml`, `tasks/*.jsonl`, `annotations/<annotator>.jsonl`, `.rubric/`.
public final class Store {
  public let root: URL
  public let config: StoreConfig
  public let annotator: String
  public let files: [TaskFile]
  public let journal: Journal
  public let readOnly: Bool
  /// Extra forms from `forms/*.toml`, by name, for tasks that name one.
  public let forms: [String: StoreConfig]
  let lock: StoreLock?
  var cache: [String: DecodedTask] = [:]
  var cacheOrder: [String] = []
  /// How many parsed tasks are kept in memory at most.
  public static let cacheLimit = 48

  /// The name of the config file in a store.
  public static let configName = "rubric.toml"

  init(
    root: URL, config: StoreConfig, forms: [String: StoreConfig], annotator: String,
    files: [TaskFile], journal: Journal,
    readOnly: Bool, lock: StoreLock?
  ) {
    self.root = root
    self.forms = forms
    self.config = config
    self.annotator = annotator
    self.files = files
    self.journal = journal
    self.readOnly = readOnly
    self.lock = lock
  }

  /// Whether a folder holds a store.
  public static func exists(at root: URL) -> Bool {
    FileManager.default.fileExists(atPath: root.appendingPathComponent(configName).path)
  }

  /// Creates a store folder with a preset's form.
  public static func create(at root: URL, preset: String, annotator: String) throws {
    guard let text = Presets.text(preset, annotator: annotator) else {
      throw StoreError.invalid(
        "unknown preset \"\(preset)\" (one of: \(Presets.names.joined(separator: ", ")))")
    }
    let fm = FileManager.default
    if exists(at: root) { throw StoreError.invalid("\(root.path) already holds a store") }
    for sub in ["", "tasks", "annotations", ".rubric"] {
      try fm.createDirectory(
        at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    try DurableFile.replace(root.appendingPathComponent(configName), with: Data(text.utf8))
    try DurableFile.replace(
      root.appendingPathComponent(".gitignore"), with: Data(".rubric/\n*.corrupt-*\n".utf8))
  }

  /// Reads and parses a store's config.
  public static func loadConfig(_ root: URL) throws -> StoreConfig {
    let url = root.appendingPathComponent(configName)
    guard let data = try? Data(contentsOf: url) else { throw StoreError.notAStore(path: root.path) }
    return try StoreConfig.parse(try utf8Text(data, file: url.path), file: url.path)
  }

  /// A config file's text; bytes that are not UTF-8 are named by line and column.
  static func utf8Text(_ data: Data, file: String) throws -> String {
    if let text = String(data: data, encoding: .utf8) { return text }
    var line = 1
    var lineStart = 0
    var i = 0
    let bytes = [UInt8](data)
    while i < bytes.count {
      let b = bytes[i]
      let n = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
      let valid =
        n > 0 && i + n <= bytes.count && bytes[(i + 1)..<(i + n)].allSatisfy { $0 >> 6 == 0b10 }
        && String(bytes: bytes[i..<(i + n)], encoding: .utf8) != nil
      if !valid {
        let hex = String(b, radix: 16, uppercase: true)
        throw StoreError.invalid(
          "\(file):\(line): byte 0x\(hex.count == 1 ? "0" : "")\(hex) at column \(i - lineStart + 1) is not UTF-8; save the file as UTF-8"
        )
      }
      if b == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += n
    }
    throw StoreError.invalid("\(file): not UTF-8; save the file as UTF-8")
  }

  /// Reads the named forms in `forms/*.toml`.
  public static func loadForms(_ root: URL) throws -> [String: StoreConfig] {
    let dir = root.appendingPathComponent("forms")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    var out: [String: StoreConfig] = [:]
    for n in names.sorted() where n.hasSuffix(".toml") {
      let url = dir.appendingPathComponent(n)
      let text = try utf8Text(try Data(contentsOf: url), file: url.path)
      out[String(n.dropLast(5))] = try StoreConfig.parse(text, file: url.path)
    }
    return out
  }

  /// The form a task is annotated with: its named form, or the store's form.
  public func form(for task: ChatTask) -> Form {
    config.form(for: task, forms: forms)
  }

  /// Why the task cannot be answered under its form (as `rubric check` and the import
  /// say), or nil when it can.
  public func whyUnanswerable(_ task: ChatTask) -> String? {
    FormFit(config: config, forms: forms).problem(task)?.message
  }

  /// The task files of a store, sorted by name.
  public static func taskFileURLs(_ root: URL) -> [URL] {
    let dir = root.appendingPathComponent("tasks")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    // By name without ".jsonl", numbers compared as numbers, so a second import of
    // mytasks.jsonl (mytasks-2, then mytasks-10) comes after the first.
    return names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }
      .map { String($0.dropLast(6)) }
      .sorted { NumericOrder.ascending($0, $1) }
      .map { dir.appendingPathComponent($0 + ".jsonl") }
  }

  /// Opens a store for an annotator, taking the annotator's lock unless read-only.
  ///
  /// A folder that cannot be written is opened read-only, and `readOnly` says so.
  /// A reviewer's journal (`asReviewer`) is `reviews/NAME.jsonl`, with a lock of its
  /// own, so a lead can review and annotate the same store.
  public static func open(
    _ root: URL, annotator: String? = nil, readOnly: Bool = false, asReviewer: Bool = false
  ) throws
    -> Store
  {
    let config = try loadConfig(root)
    let who = Store.annotator(named: annotator, root: root, config: config)
    guard isSafeName(who) else {
      throw StoreError.invalid(
        "annotator name \"\(who)\" may use letters, digits, '.', '-' and '_' only")
    }
    let fm = FileManager.default
    var ro = readOnly || access(root.path, W_OK) != 0
    let journalFolder = asReviewer ? "reviews" : "annotations"
    if !ro {
      do {
        for sub in [journalFolder, ".rubric"] {
          try fm.createDirectory(
            at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
      } catch {
        ro = true
      }
    }
    for sub in [journalFolder, ".rubric"] {
      try requireRealFolder(root.appendingPathComponent(sub))
    }
    let journalURL = root.appendingPathComponent("\(journalFolder)/\(who).jsonl")
    var info = stat()
    if lstat(journalURL.path, &info) == 0 {
      if (info.st_mode & S_IFMT) == S_IFLNK { throw StoreError.linked(path: journalURL.path) }
      if (info.st_mode & S_IFMT) != S_IFREG {
        throw StoreError.invalid("\(journalURL.path) is not a regular file; a journal must be one")
      }
      if !ro && access(journalURL.path, W_OK) != 0 { ro = true }
    }
    var lock: StoreLock?
    if !ro {
      lock = try StoreLock(
        url: root.appendingPathComponent(".rubric/\(who)\(asReviewer ? ".review" : "").lock"))
    }
    let cacheDir = ro ? nil : root.appendingPathComponent(".rubric/index")
    let files = try taskFileURLs(root).map {
      try TaskFile(url: $0, name: "tasks/" + $0.lastPathComponent, cacheDir: cacheDir)
    }
    let journal: Journal
    if ro && !fm.fileExists(atPath: journalURL.path) {
      journal = try Journal(url: URL(fileURLWithPath: "/dev/null"), readOnly: true)
    } else {
      // Its lines as the last replay sorted them: a reopen scans only what came since.
      let index = cacheDir?.appendingPathComponent(
        "\(journalFolder)_\(who).journal-index")
      journal = try Journal(url: journalURL, readOnly: ro, annotator: who, index: index)
    }
    return Store(
      root: root, config: config, forms: try loadForms(root), annotator: who, files: files,
      journal: journal,
      readOnly: ro, lock: lock)
  }

  /// Refuses a store folder that is a symbolic link (writes would land outside the store).
  package static func requireRealFolder(_ url: URL) throws {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFLNK { throw StoreError.linked(path: url.path) }
    if (info.st_mode & S_IFMT) != S_IFDIR {
      throw StoreError.invalid("\(url.path) is not a folder")
    }
  }

  /// Whether a name is safe as a file name part.
  public static func isSafeName(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 64 && !s.hasPrefix(".")
      && s.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
          || "._-".unicodeScalars.contains($0)
      }
  }

  // MARK: - Tasks

  /// Indexes every task file in the background; `done` runs (on a background thread) when all are indexed.
  public func indexInBackground(done: (@Sendable () -> Void)? = nil) {
    let files = self.files
    DispatchQueue.global(qos: .userInitiated).async {
      for f in files { f.indexNow() }
      done?()
    }
  }

  /// Indexes every task file now.
  public func indexNow() { for f in files { f.indexNow() } }

  /// Whether every file is indexed.
  public var isIndexed: Bool { files.allSatisfy(\.isIndexed) }

  /// Tasks indexed so far (all of them once `isIndexed`).
  public var count: Int { files.reduce(0) { $0 + $1.count } }

  /// The file and entry at a global position.
  public func entry(at index: Int) -> (file: TaskFile, entry: TaskEntry)? {
    var i = index
    for f in files {
      let n = f.count
      if i < n, let e = f.entry(i) { return (f, e) }
      if !f.isIndexed { return nil }
      i -= n
    }
    return nil
  }

  /// The id of the task at a position: from its line's head, or by decoding a line
  /// not written by Rubric; nil past the end or when the line cannot be read.
  public func taskID(at index: Int) -> String? {
    guard let (file, e) = entry(at: index) else { return nil }
    if !e.id.isEmpty { return e.id }
    return (try? task(file, e))?.task.id
  }

  /// The position of a task id, if the file holding it is indexed that far.
  ///
  /// Lines whose id cannot be read from their head (not written by Rubric)
  /// are found only by scanning; see `StoreCheck` for those.
  public func index(of id: String) -> Int? {
    var base = 0
    for f in files {
      if let i = f.position(of: id) { return base + i }
      if !f.isIndexed { return nil }
      base += f.count
    }
    return nil
  }

  /// Decodes the task at a global position (cached, bounded).
  public func task(at index: Int) throws(LineError) -> DecodedTask {
    guard let (file, e) = entry(at: index) else {
      throw LineError(
        file: "tasks", line: 0, field: "", message: "no task at position \(index + 1)")
    }
    return try task(file, e)
  }

  /// Decodes the task in a file at an entry.
  public func task(_ file: TaskFile, _ e: TaskEntry) throws(LineError) -> DecodedTask {
    let key = "\(file.name)#\(e.offset)"
    if let hit = cache[key] { return hit }
    let data: Data
    do {
      data = try file.read(e)
    } catch {
      throw LineError(file: file.name, line: Int(e.line), field: "", message: "\(error)")
    }
    let decoded = try TaskCodec.decode(data, file: file.name, line: Int(e.line))
    cache[key] = decoded
    cacheOrder.append(key)
    if cacheOrder.count > Store.cacheLimit { cache[cacheOrder.removeFirst()] = nil }
    return decoded
  }

  /// The first task, read without waiting for the index.
  public func firstTask() -> (file: TaskFile, entry: TaskEntry)? {
    for f in files { if let e = f.firstEntry() { return (f, e) } }
    return nil
  }

  /// The task at a recorded position, if the file still has that task there.
  public func task(at pos: TaskPosition, id: String) -> (
    file: TaskFile, entry: TaskEntry, task: DecodedTask
  )? {
    guard let f = files.first(where: { $0.name == pos.file }) else { return nil }
    let e = TaskEntry(offset: pos.offset, length: pos.length, line: 0, id: id)
    guard let t = try? task(f, e), t.task.id == id else { return nil }
    return (f, e, t)
  }

  // MARK: - Annotations

  /// This annotator's latest annotation of a task.
  public func annotation(for taskId: String) -> Annotation? {
    journal.record(for: taskId)?.annotation
  }

  /// Saves an annotation durably.
  public func save(_ a: Annotation, pos: TaskPosition?) throws {
    try save(JournalRecord(annotation: a, pos: pos))
  }

  /// Saves a record durably: a snapshot, or the text edit it carries.
  public func save(_ record: JournalRecord) throws {
    if readOnly { throw StoreError.readOnly(path: root.path) }
    try journal.append(record)
  }

  /// Every annotator's journal in the store, by annotator name.
  public static func journalURLs(_ root: URL) -> [String: URL] {
    journals(in: root.appendingPathComponent("annotations"))
  }

  /// Every reviewer's journal (`reviews/`), by reviewer name.
  public static func reviewURLs(_ root: URL) -> [String: URL] {
    journals(in: root.appendingPathComponent("reviews"))
  }

  static func journals(in dir: URL) -> [String: URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    var out: [String: URL] = [:]
    for n in names where n.hasSuffix(".jsonl") {
      out[String(n.dropLast(6))] = dir.appendingPathComponent(n)
    }
    return out
  }
}
