import Annotation
import Codecs
import Platform

/// Where a task's line was when it was annotated, so a reopen can jump to it at once.
public struct TaskPosition: Codable, Sendable, Hashable {
  public var file: String
  public var offset: UInt64
  public var length: UInt32

  public init(file: String, offset: UInt64, length: UInt32) {
    self.file = file
    self.offset = offset
    self.length = length
  }
}

/// One journal record: the state of one annotation at one moment.
///
/// On disk a record is a snapshot of the annotation or, while text is typed, a
/// `TextEdit` against the record before it (`edit` set); readers always get the
/// whole annotation.
public struct JournalRecord: Codable, Sendable, Hashable {
  public var v: Int
  public var annotation: Annotation
  public var pos: TaskPosition?
  /// When set, the record is written as this edit instead of a snapshot.
  public var edit: TextEdit? = nil

  enum CodingKeys: String, CodingKey { case v, annotation, pos }

  public init(annotation: Annotation, pos: TaskPosition? = nil, edit: TextEdit? = nil) {
    v = 1
    self.annotation = annotation
    self.pos = pos
    self.edit = edit
  }
}

/// What opening a journal found wrong at its end.
public struct JournalRecovery: Sendable, Equatable, CustomStringConvertible {
  /// The 1-based line where the bad tail begins.
  public var line: Int
  public var reason: String
  public var bytes: Int
  /// Where the tail was moved (nil when opened read-only).
  public var movedTo: String?

  public var description: String {
    let whereTo = movedTo.map { "moved aside to \($0)" } ?? "left in place (read-only)"
    return "journal line \(line): \(reason); \(bytes) bytes \(whereTo), never merged"
  }
}

/// A journal line set aside: reported and skipped, never rewritten.
public struct JournalProblem: Sendable, Equatable, CustomStringConvertible {
  /// The 1-based line.
  public var line: Int
  public var reason: String
  /// The task the line was for, when that can still be read.
  public var taskId: String?
  public var bytes: Int

  public init(line: Int, reason: String, taskId: String?, bytes: Int) {
    self.line = line
    self.reason = reason
    self.taskId = taskId
    self.bytes = bytes
  }

  public var description: String {
    "line \(line): \(reason)" + (taskId.map { " (task \"\($0)\")" } ?? "") + ", skipped"
  }
}

/// An annotator's append-only journal: `annotations/<annotator>.jsonl`.
///
/// Each record is one line, `crc32hex SP json LF`, appended with one `write`
/// and then `fdatasync` before `append` returns. On open the latest readable
/// record per task wins. A damaged line anywhere (or a record of another
/// annotator) is reported in `setAside` and skipped; it is never rewritten,
/// and the records after it count. Only an incomplete last line, a write torn
/// by a crash, is moved to `<file>.corrupt-<time>` and cut off. After a write
/// error the journal refuses further appends: nothing is retried silently.
///
/// The journal is never opened through a symbolic link, and each append first
/// checks that the file is still the one at the journal's path: a store
/// deleted or moved while open stops saving instead of writing into an
/// unlinked file.
///
/// Opening does not decode the journal. It finds the lines and each line's
/// task, and checks the tail (where a crash tears records); a task's newest
/// record is read, checked and decoded the first time it is asked for, and an
/// older one is used if that record turns out to be damaged. A shift's journal
/// of tens of thousands of snapshots therefore opens in milliseconds.
public final class Journal {
  public let url: URL
  /// Whose journal this is; records of anyone else are set aside (nil: not checked).
  public let annotator: String?
  /// The appending descriptor; opened (and the file created) at the first append
  /// when the journal did not exist, so opening a store never leaves an empty journal.
  var fd: Int32?
  /// Whether the first append may create the file.
  let writable: Bool
  /// For reading records back (the appending descriptor is write-only).
  var readFD: Int32
  /// Every record's line per task, oldest first.
  private(set) var lines: [String: [JournalScan.Line]] = [:]
  /// Newest records already decoded.
  private var decoded: [String: JournalRecord] = [:]
  /// Lines that are text edits (known without decoding): a check of earlier answers' times skips them.
  /// In line order (lines are only ever appended), so a lookup is a binary search.
  private(set) var editLines = LineNumbers()
  /// The journal's length: where the next record goes.
  private(set) var length = 0
  /// Lines in the file, damaged and blank ones included.
  private(set) var lineCount = 0
  public private(set) var recordCount = 0
  /// The highest snapshot sequence number in the journal: the next snapshot gets one more.
  private(set) var lastSequence = 0
  public private(set) var lastRecord: JournalRecord?
  public private(set) var recovery: JournalRecovery?
  /// Lines set aside so far: damaged at open, or found damaged or foreign when first read.
  public private(set) var setAside: [JournalProblem] = []
  /// Records found damaged when they were first read (superseded ones are never read).
  public private(set) var damaged: [Int] = []
  /// The write error that stopped the journal, if any.
  public private(set) var failure: StoreError?
  let encoder: JSONEncoder
  let decoder = JSONDecoder()
  /// Where the replay keeps its `JournalIndex` (nil: none), and how many bytes past
  /// it a replay scans before writing it again.
  let index: URL?
  let rescanWorthKeeping: Int
  /// Bytes the last replay scanned (past the index it started from, if any).
  package private(set) var bytesScanned = 0

  /// Opens (creating if needed) and replays a journal, never through a symbolic link;
  /// with `index`, from the lines an earlier replay sorted, scanning only the bytes
  /// appended since (`JournalIndex`).
  public init(
    url: URL, readOnly: Bool = false, annotator: String? = nil, index: URL? = nil,
    rescanWorthKeeping: Int? = nil
  ) throws {
    self.url = url
    self.annotator = annotator
    self.index = index
    self.rescanWorthKeeping = rescanWorthKeeping ?? JournalIndex.rescanWorthKeeping
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var info = stat()
    let existed = lstat(url.path, &info) == 0
    if existed && (info.st_mode & S_IFMT) == S_IFLNK { throw StoreError.linked(path: url.path) }
    writable = !readOnly
    fd = nil
    readFD = -1
    if !readOnly && existed { fd = try Journal.openForAppend(url, created: false) }
    readFD = existed ? open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1
    let regular = readFD >= 0 && fstat(readFD, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    if existed && regular && info.st_size > 0 { try replay(readOnly: readOnly) }
  }

  deinit {
    if let fd { close(fd) }
    if readFD >= 0 { close(readFD) }
  }

  /// The newest readable record of a task, decoded on first use: the newest
  /// snapshot, with the text edits written after it applied.
  public func record(for taskId: String) -> JournalRecord? {
    if let r = decoded[taskId] { return r }
    guard var candidates = lines[taskId] else { return nil }
    // Damaged lines are dropped as they are found, so each is read and reported once
    // (this is asked for every task on screen, every frame).
    defer { lines[taskId] = candidates.isEmpty ? nil : candidates }
    func setAside(_ line: JournalScan.Line, _ reason: String) {
      damaged.append(line.number)
      self.setAside.append(
        JournalProblem(
          line: line.number, reason: reason, taskId: taskId,
          bytes: line.json.upperBound - line.start))
      candidates.removeAll { $0.number == line.number }
    }
    var edits: [(line: JournalScan.Line, edit: TextEdit, pos: TaskPosition?)] = []
    var base: JournalRecord?
    var baseLine = 0
    for line in candidates.reversed() {
      switch readLine(line) {
      case .snapshot(let r)?
      where r.annotation.taskId == taskId
        && (annotator == nil || r.annotation.annotator == annotator):
        base = r
        baseLine = line.number
      case .edit(let e)?:
        // A line repeating the edit right after it (a copy, a merge) adds nothing.
        if let after = edits.last, after.line.number == line.number + 1, after.edit == e {
          continue
        }
        edits.append((line, e, nil))
      case .snapshot(let r)?:
        setAside(line, "a record of annotator \"\(r.annotation.annotator)\" in this journal")
      case nil:
        setAside(line, "checksum mismatch or unreadable record")
      }
      if base != nil { break }
    }
    guard var state = base else {
      for e in edits { setAside(e.line, "a text edit with no readable snapshot before it") }
      return nil
    }
    for e in edits.reversed() {
      var edit = e.edit
      edit.taskId = taskId
      edit.annotator = state.annotation.annotator
      guard let next = edit.apply(to: state.annotation) else {
        setAside(e.line, "a text edit that does not fit the text before it")
        continue
      }
      state = JournalRecord(annotation: next, pos: state.pos, edit: edit)
    }
    // A merge of two machines' lines may have put a newer answer before this one.
    let newer = candidates.contains { line in
      guard line.number < baseLine, let when = updated(of: line) else { return false }
      return when > state.annotation.updated
    }
    if newer {
      state = newest(of: taskId, in: candidates) ?? state
    }
    decoded[taskId] = state
    return state
  }

  /// Every task's newest record (decodes them all; for tools and tests).
  public var latest: [String: JournalRecord] {
    var out: [String: JournalRecord] = [:]
    for id in lines.keys { out[id] = record(for: id) }
    return out
  }

  /// Reads one line back from the file, checking its checksum; nil if damaged.
  func readLine(_ line: JournalScan.Line) -> JournalLine? {
    let n = line.json.upperBound - line.start
    guard n > 9, readFD >= 0 else { return nil }
    var bytes = Data(count: n)
    let got = bytes.withUnsafeMutableBytes { pread(readFD, $0.baseAddress, n, off_t(line.start)) }
    let crc = bytes.withUnsafeBytes { raw in
      raw.bindMemory(to: UInt8.self).baseAddress.flatMap(JournalScan.hex)
    }
    let json = bytes.subdata(in: 9..<n)
    guard got == n, let crc, CRC32.checksum(json) == crc else { return nil }
    return JournalLine.decode(json, with: decoder)
  }

  func replay(readOnly: Bool) throws {
    let data: Data
    do {
      // Mapped, not copied: only the line ends and the tail are looked at.
      data = try Data(contentsOf: url, options: .alwaysMapped)
    } catch {
      throw StoreError.io(path: url.path, errno: EIO, doing: "read the journal")
    }
    let kept = index.flatMap {
      JournalIndex.load($0, annotator: annotator, journal: readFD, size: data.count)
    }
    var last: (number: Int, id: String)? = kept.flatMap { k in k.lastTask.map { (k.lastLine, $0) } }
    lastSequence = kept?.lastSequence ?? 0
    for n in kept?.editLines ?? [] { editLines.append(n) }
    // Each line is sorted as the scan finds it, while the bytes it starts and ends
    // with are still in the cache: an edit goes with the line before it, a snapshot
    // with the task read from its bytes, or decoded when that cannot be read (an id
    // with escapes); a line none of these fit is set aside.
    var ids: [String] = []
    var found: [JournalScan.Line] = []
    var unreadable: [JournalScan.Line] = []
    let from = kept?.ends.offset ?? 0
    let scan = JournalScan(data, from: from, linesBefore: kept?.lineCount ?? 0, checkAll: false) {
      base, line in
      if let n = JournalScan.sequence(base, line.json), n > lastSequence { lastSequence = n }
      let id: String?
      if JournalScan.isEdit(base, line.json) {
        // No need to decode an edit now: it is checked when its task is read.
        id = last?.number == line.number - 1 ? last?.id : nil
        if id != nil { editLines.append(line.number) }
      } else if let fast = JournalScan.taskID(base, line.json) {
        id = fast
      } else {
        let json = Data(bytes: base + line.json.lowerBound, count: line.json.count)
        id = JournalLine.decode(json, with: decoder)?.taskId
      }
      if let id {
        ids.append(id)
        found.append(line)
        last = (line.number, id)
      } else {
        unreadable.append(line)
      }
    }
    bytesScanned = scan.validLength - from
    setAside = kept?.problems ?? []
    for d in scan.damaged {
      setAside.append(
        JournalProblem(
          line: d.line, reason: d.reason, taskId: scan.taskID(in: d.bytes), bytes: d.bytes.count + 1
        ))
    }
    for line in unreadable {
      setAside.append(
        JournalProblem(
          line: line.number, reason: "unreadable record", taskId: nil,
          bytes: line.json.upperBound - line.start + 1))
    }
    setAside.sort { $0.line < $1.line }
    // Grouped a run at a time: a task's snapshots come in runs while it is being
    // worked on, so the dictionary is touched once per run rather than once per line.
    var byTask = kept?.lines ?? [:]
    var k = 0
    while k < ids.count {
      var end = k + 1
      while end < ids.count && ids[end] == ids[k] { end += 1 }
      byTask[ids[k], default: []].append(contentsOf: found[k..<end])
      k = end
    }
    lines = byTask
    recordCount = (kept?.recordCount ?? 0) + ids.count
    lineCount = scan.lineCount
    length = scan.validLength
    // Kept before any record is read (reading one may set damaged lines aside).
    if let index, !readOnly, scan.torn == nil, bytesScanned >= rescanWorthKeeping {
      let fresh = JournalIndex(
        ends: FileEnds(readFD, offset: length), lineCount: lineCount, recordCount: recordCount,
        lastSequence: lastSequence, lastLine: last?.number ?? 0, lastTask: last?.id,
        editLines: editLines.all, problems: setAside, lines: byTask)
      fresh.write(to: index, annotator: annotator)
    }
    // The last line is its task's newest record, so this reads exactly that line.
    lastRecord = last.flatMap { record(for: $0.id) }
    guard let problem = scan.torn else { return }
    let valid = scan.validLength
    let tail = data.subdata(in: valid..<data.count)
    var moved: String?
    if !readOnly, let fd {
      let aside = url.path + ".corrupt-" + Timestamp.now().replacingEvery(":", with: "-")
      try DurableFile.replace(URL(fileURLWithPath: aside), with: tail)
      guard ftruncate(fd, off_t(valid)) == 0, Durability.syncAll(fd) == 0 else {
        throw StoreError.io(path: url.path, errno: errno, doing: "cut the torn tail from")
      }
      moved = aside
    }
    recovery = JournalRecovery(
      line: problem.line, reason: problem.reason, bytes: tail.count, movedTo: moved)
  }

  /// The encoded line for a record: checksum, space, JSON, newline.
  ///
  /// A snapshot given a `sequence` number carries it last (`,"n":N}`), so removed
  /// lines show as a gap (`JournalContents.missing`); edits are chained by their
  /// checksums instead, and old readers still read both.
  public func line(for record: JournalRecord, sequence: Int? = nil) throws -> Data {
    var json = try record.edit.map(JournalLine.encode) ?? encoder.encode(record)
    if let sequence, record.edit == nil, json.last == 0x7D {
      json.removeLast()
      json.append(contentsOf: Array(",\"n\":\(sequence)}".utf8))
    }
    let hex = String(CRC32.checksum(json), radix: 16)
    var out = Data((String(repeating: "0", count: 8 - hex.count) + hex + " ").utf8)
    out.append(json)
    out.append(0x0A)
    return out
  }

  /// Opens a journal for appending, never through a link; `created` syncs its folder.
  static func openForAppend(_ url: URL, created: Bool) throws -> Int32 {
    let f = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard f >= 0 else {
      if errno == ELOOP { throw StoreError.linked(path: url.path) }
      throw StoreError.io(path: url.path, errno: errno, doing: "open the journal")
    }
    if created { try DurableFile.syncDirectory(url.deletingLastPathComponent()) }
    return f
  }

  /// Appends a record durably: one write, then fdatasync. Throws on any failure, and stays stopped.
  public func append(_ record: JournalRecord) throws {
    if let failure { throw failure }
    if fd == nil && writable {
      // The first record of a new journal creates it.
      do {
        fd = try Journal.openForAppend(url, created: true)
      } catch let e as StoreError {
        // The store's folder went away while it was open: the same as a journal deleted.
        var folder = stat()
        let f =
          lstat(url.deletingLastPathComponent().path, &folder) != 0
          ? StoreError.storeGone(path: url.path) : e
        failure = f
        throw f
      }
      if readFD < 0 { readFD = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
    }
    guard let fd else { throw StoreError.readOnly(path: url.path) }
    if let gone = Journal.detached(fd, url) {
      failure = gone
      throw gone
    }
    let sequence = record.edit == nil ? lastSequence + 1 : nil
    let data = try line(for: record, sequence: sequence)
    let n = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if n != data.count {
      let e: Int32 = n < 0 ? errno : ENOSPC
      let f = StoreError.journalWrite(path: url.path, errno: e)
      failure = f
      throw f
    }
    if Durability.syncData(fd) != 0 {
      let f = StoreError.journalWrite(path: url.path, errno: errno)
      failure = f
      throw f
    }
    let id = record.annotation.taskId
    lines[id, default: []].append(
      JournalScan.Line(
        start: length, json: (length + 9)..<(length + data.count - 1), number: lineCount + 1))
    decoded[id] = record
    if record.edit != nil { editLines.append(lineCount + 1) }
    length += data.count
    lineCount += 1
    recordCount += 1
    lastRecord = record
    if let sequence { lastSequence = sequence }
  }

  /// Why appending to `fd` would not reach the file at `url`: it was deleted, moved, or replaced.
  static func detached(_ fd: Int32, _ url: URL) -> StoreError? {
    var open = stat()
    var named = stat()
    guard fstat(fd, &open) == 0 else { return nil }
    // Character devices (the fault tests' /dev/full) have no link count to check.
    guard (open.st_mode & S_IFMT) == S_IFREG else { return nil }
    if open.st_nlink == 0 || lstat(url.path, &named) != 0 || named.st_ino != open.st_ino
      || named.st_dev != open.st_dev
    {
      return StoreError.storeGone(path: url.path)
    }
    return nil
  }
}
