import Annotation
import Codecs
import Platform
import TaskStore

/// What an import did, for the summary line.
public struct ImportSummary: Sendable, CustomStringConvertible {
  public var source: String
  public var format: String
  public var imported = 0
  /// Records that could not be imported (each has an error).
  public var skipped = 0
  /// Tasks already in the store (same id, same content), left out.
  public var duplicates = 0
  /// Records whose id is already taken by a task with other content (each has an error).
  public var conflicts = 0
  /// Bytes of temp files left by an interrupted import, removed before this one.
  public var cleaned = 0
  /// Why the format was chosen: which fields of which record.
  public var detection = ""
  /// What the source was: lines or a JSON array, compressed or not.
  public var shape = ""
  /// The first new task as it is (or would be) stored.
  public var firstTask: String?
  /// Records imported after repairing invalid UTF-8 or surrogates.
  public var repaired = 0
  public var errors: [LineError] = []
  /// Tasks imported that cannot be completed under the store's form as it stands.
  public var warnings: [LineError] = []
  /// The task file written, relative to the store.
  public var output: String?

  public var description: String {
    var s =
      "\(source): \(imported) imported, \(skipped) skipped, \(repaired) repaired, \(duplicates) already in the store, \(conflicts) conflicting (format \(format))"
    if !warnings.isEmpty {
      s += "; \(warnings.count) cannot be completed under the form as it stands"
    }
    if cleaned > 0 { s += "; removed \(cleaned) bytes of temp files left by an interrupted import" }
    if let o = output { s += " -> \(o)" }
    return s
  }
}

/// Adds tasks to a store from files in any supported format.
public enum Importer {
  /// Imports one file: detects or uses the format, converts each record, skips ids
  /// already in the store, and writes the new tasks atomically to `tasks/<name>.jsonl`.
  public static func importFile(_ source: URL, into root: URL, format: ImportFormat? = nil) throws
    -> ImportSummary
  {
    try importPath(source.path, into: root, format: format, dryRun: false, blockSize: nil)
  }

  /// `importFile` with a chosen block size for the parallel reader.
  static func importFile(_ source: URL, into root: URL, format: ImportFormat?, blockSize: Int?)
    throws -> ImportSummary
  {
    try importPath(source.path, into: root, format: format, dryRun: false, blockSize: blockSize)
  }

  /// Imports a file, or standard input for `-`: JSON lines, a JSON array, or
  /// prompts in a `.txt` file, any of them gzip- or zstd-compressed.
  ///
  /// The whole import runs under the store's import lock (a `flock` on `.rubric/`),
  /// so concurrent imports queue instead of racing for a file name; temp files
  /// that a killed import left are removed (and counted) first. With `dryRun`
  /// nothing is written to the store: the summary says what would be imported.
  /// `warningsFrom` names a field of the source records (kept in `meta`) whose
  /// value, a string or a list of them, gives the tasks' content categories.
  public static func importPath(
    _ path: String, into root: URL, format: ImportFormat? = nil, dryRun: Bool = false,
    blockSize: Int? = nil, warningsFrom: String? = nil, limits: InputLimits = .standard
  ) throws -> ImportSummary {
    guard Store.exists(at: root) else { throw StoreError.notAStore(path: root.path) }
    let config = try Store.loadConfig(root)
    var vet = FormFit(config: config, forms: try Store.loadForms(root))
    vet.warningsFrom = warningsFrom
    let dir = root.appendingPathComponent("tasks")
    let hidden = root.appendingPathComponent(".rubric")
    var lock: FolderLock?
    var cleaned = 0
    if !dryRun {
      try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
      try Store.requireRealFolder(hidden)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try Store.requireRealFolder(dir)
      lock = try FolderLock(hidden)
      cleaned = removeLeftoverTemps(dir) + removeLeftoverTemps(hidden)
    }
    defer { withExtendedLifetime(lock) {} }
    let tempDir = dryRun ? FileManager.default.temporaryDirectory : hidden
    var input = try PreparedInput.prepare(path, tempDir: tempDir, limits: limits, stream: true)
    defer { input.cleanUp() }
    let detected: (format: ImportFormat, why: String)
    if let format {
      detected = (format, "given with --format")
    } else {
      detected = try ImportFormat.detectExplained(input, lineLimit: limits.lineBytes)
    }
    let fmt = detected.format
    if fmt == .oasst { input = try input.onFile(tempDir: tempDir) }
    var summary = ImportSummary(source: input.name, format: fmt.rawValue)
    summary.detection = detected.why
    summary.shape = input.shape
    summary.cleaned = cleaned
    var known = KnownTasks(root: root)
    let stem = input.stem
    var target = dir.appendingPathComponent(stem + ".jsonl")
    var n = 2
    while FileManager.default.fileExists(atPath: target.path) {
      target = dir.appendingPathComponent("\(stem)-\(n).jsonl")
      n += 1
    }
    if dryRun {
      try convert(
        input, fmt, vet: vet, blockSize: blockSize, limits: limits, known: &known, summary: &summary
      ) { _ in }
      return summary
    }
    let tmp = dir.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
    let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "create") }
    // Past the page cache where the system allows (`OutputFile`): the kernel's copy into
    // it was a fifth of an import's CPU, at a speed that moved from run to run.
    let file = OutputFile(fd: fd, path: tmp.path, direct: true)
    // A repeated id is compared with the line already written (from the file or the buffer).
    known.readBack = { offset, length in file.read(at: offset, length: length) }
    var finished = false
    defer {
      close(fd)
      if !finished { unlink(tmp.path) }
    }
    try convert(
      input, fmt, vet: vet, blockSize: blockSize, limits: limits, known: &known, summary: &summary
    ) { bytes in
      try file.append(UnsafeRawBufferPointer(bytes))
    }
    try file.finish()
    guard Durability.syncAll(fd) == 0 else {
      throw StoreError.io(path: tmp.path, errno: errno, doing: "sync")
    }
    if summary.imported == 0 {
      return summary
    }
    // link() never replaces an existing file, unlike rename().
    guard link(tmp.path, target.path) == 0 else {
      throw StoreError.io(path: target.path, errno: errno, doing: "create")
    }
    unlink(tmp.path)
    finished = true
    try DurableFile.syncDirectory(dir)
    summary.output = "tasks/" + target.lastPathComponent
    return summary
  }

  /// Converts every record and hands the bytes of new tasks to `write`, counting
  /// duplicates, conflicts and errors in `summary`.
  static func convert(
    _ input: PreparedInput, _ fmt: ImportFormat, vet: FormFit, blockSize: Int?,
    limits: InputLimits = .standard, known: inout KnownTasks,
    summary: inout ImportSummary, write: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    let file = input.fileName
    var first: [UInt8]?
    var written = 0
    try fmt.convertBlocks(input, file: file, blockSize: blockSize, vet: vet, limits: limits) {
      block in
      try block.bytes.withBytes { all in
        try sink(block, all)
      }
    }
    /// Writes one block's new lines (leaving out repeats), counting what it met.
    func sink(_ block: EncodedBlock, _ all: UnsafeBufferPointer<UInt8>) throws {
      // Lines of tasks already in the store (or earlier in this file) are left out;
      // the same id with other content is a conflict, reported and left out too.
      var runStart = 0
      var lineStart = 0
      func emit(_ range: Range<Int>) throws {
        try write(UnsafeBufferPointer(rebasing: all[range]))
        written += range.count
      }
      for item in block.items {
        switch item {
        case .task(let id, let end, let repaired, let line):
          let bytes = UnsafeBufferPointer(rebasing: all[lineStart..<(end - 1)])
          let record = summary.imported + summary.duplicates + summary.conflicts + 1
          if known.isNew(id) {
            // Where the line will land in the output, for comparing a later repeat.
            known.imported(
              id, line: line, record: record, offset: written + (lineStart - runStart), bytes: bytes
            )
            summary.imported += 1
            if repaired { summary.repaired += 1 }
            if first == nil { first = Array(bytes) }
          } else {
            // A repeat is left out either way: write what comes before it first,
            // so an earlier line it must be compared with is in the output.
            try emit(runStart..<lineStart)
            runStart = end
            switch known.compare(id, bytes, file: file) {
            case .same:
              summary.duplicates += 1
            case .conflict(let firstAt):
              summary.conflicts += 1
              summary.errors.append(
                LineError(
                  file: file, line: line > 0 ? line : record, field: "id",
                  message:
                    "\"\(id)\" is already at \(firstAt) with different content; give one of them another id"
                ))
            }
          }
          lineStart = end
        case .error(let e):
          summary.skipped += 1
          summary.errors.append(e)
        case .warning(let e):
          summary.warnings.append(e)
        }
      }
      try emit(runStart..<all.count)
    }
    summary.firstTask = first.map { String(decoding: $0, as: UTF8.self) }
    // Lines too long to hold are reported after the rest: put them in file order.
    if summary.errors.count > 1 {
      summary.errors = summary.errors.enumerated().sorted {
        ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
      }.map(\.element)
    }
    // A JSON array's records are named by index and byte offset, not line.
    if let offsets = input.recordOffsets {
      func place(_ e: LineError) -> LineError {
        var e = e
        if e.line >= 1 && e.line <= offsets.count { e.recordOffset = offsets[e.line - 1] }
        return e
      }
      summary.errors = summary.errors.map(place)
      summary.warnings = summary.warnings.map(place)
    }
  }

  /// Removes the hidden temp files an interrupted import or export left in a folder; returns how many bytes.
  static func removeLeftoverTemps(_ dir: URL) -> Int {
    var bytes = 0
    for name in leftoverTemps(dir) {
      let path = dir.appendingPathComponent(name).path
      var info = stat()
      if lstat(path, &info) == 0 { bytes += Int(info.st_size) }
      unlink(path)
    }
    return bytes
  }

  /// Names of hidden temp files (`.NAME.tmp-PID`, `.import-….tmp`) in a folder.
  public static func leftoverTemps(_ dir: URL) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter {
      $0.hasPrefix(".") && ($0.contains(".tmp-") || $0.hasSuffix(".jsonl.tmp"))
    }.sorted()
  }
}

/// Task ids already in the store or earlier in the import, and whether a repeat has the same content.
struct KnownTasks {
  enum Outcome {
    case same
    /// Another task has this id; where it is.
    case conflict(String)
  }

  /// Where an id was first seen: a store file entry, or a line of this import
  /// (its place in the output, or in a dry run, a hash of its bytes).
  enum Place {
    case store(TaskFile, TaskEntry)
    case imported(line: Int, record: Int, offset: Int, length: Int, hash: Int?)
  }

  var places: [String: Place] = [:]
  /// Reads bytes back from the import's output; nil in a dry run, which hashes lines instead.
  var readBack: ((Int, Int) -> [UInt8]?)?

  init(root: URL) {
    for url in Store.taskFileURLs(root) {
      guard let f = try? TaskFile(url: url, name: "tasks/" + url.lastPathComponent, cacheDir: nil)
      else { continue }
      f.indexNow()
      for e in f.entries {
        if !e.id.isEmpty {
          if places[e.id] == nil { places[e.id] = .store(f, e) }
        } else if let data = try? f.read(e), let t = try? TaskCodec.decode(data, file: "", line: 0)
        {
          if places[t.task.id] == nil { places[t.task.id] = .store(f, e) }
        }
      }
    }
  }

  func isNew(_ id: String) -> Bool { places[id] == nil }

  /// Records a new task of this import; its bytes are hashed only when they cannot be read back.
  mutating func imported(
    _ id: String, line: Int, record: Int, offset: Int, bytes: UnsafeBufferPointer<UInt8>
  ) {
    var hash: Int?
    if readBack == nil {
      var h = Hasher()
      h.combine(bytes: UnsafeRawBufferPointer(bytes))
      hash = h.finalize()
    }
    places[id] = .imported(
      line: line, record: record, offset: offset, length: bytes.count, hash: hash)
  }

  /// Whether a repeated id's canonical line is the same as the first one's.
  func compare(_ id: String, _ line: UnsafeBufferPointer<UInt8>, file: String) -> Outcome {
    guard let first = places[id] else { return .same }
    switch first {
    case .imported(let at, let record, let offset, let length, let hash):
      let firstAt = at > 0 ? "\(file):\(at)" : "\(file) (record \(record))"
      if let hash {
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(line))
        return h.finalize() == hash ? .same : .conflict(firstAt)
      }
      guard length == line.count, let earlier = readBack?(offset, length) else {
        return .conflict(firstAt)
      }
      return earlier.elementsEqual(line) ? .same : .conflict(firstAt)
    case .store(let f, let e):
      // Stored lines may have been written by hand: compare canonical forms.
      let whereStored = "\(f.name):\(e.line)"
      guard let data = try? f.read(e),
        let t = try? TaskCodec.decode(data, file: f.name, line: Int(e.line))
      else {
        return .conflict(whereStored)
      }
      return TaskCodec.bytes(t.task).elementsEqual(line) ? .same : .conflict(whereStored)
    }
  }
}

/// A lock on a folder itself (`flock` on its descriptor), so taking it creates no file.
final class FolderLock {
  private let fd: Int32

  /// Waits for the lock.
  init(_ url: URL) throws {
    fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else {
      throw StoreError.io(path: url.path, errno: errno, doing: "open the folder")
    }
    var taken = flock(fd, LOCK_EX)
    while taken != 0 && errno == EINTR { taken = flock(fd, LOCK_EX) }
    if taken != 0 {
      let e = errno
      close(fd)
      throw StoreError.io(path: url.path, errno: e, doing: "lock")
    }
  }

  deinit { close(fd) }
}
