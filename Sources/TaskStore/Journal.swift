import Annotation
import Foundation

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
public struct JournalRecord: Codable, Sendable, Hashable {
  public var v: Int
  public var annotation: Annotation
  public var pos: TaskPosition?

  public init(annotation: Annotation, pos: TaskPosition? = nil) {
    v = 1
    self.annotation = annotation
    self.pos = pos
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

/// An annotator's append-only journal: `annotations/<annotator>.jsonl`.
///
/// Each record is one line, `crc32hex SP json LF`, appended with one `write`
/// and then `fdatasync` before `append` returns. On open the latest record per
/// task wins; a torn or corrupt tail is moved to `<file>.corrupt-<time>` and
/// reported. After a write error the journal refuses further appends: nothing
/// is retried silently.
///
/// Opening does not decode the journal. It finds the lines and each line's
/// task, and checks the tail (where a crash tears records); a task's newest
/// record is read, checked and decoded the first time it is asked for, and an
/// older one is used if that record turns out to be damaged. A shift's journal
/// of tens of thousands of snapshots therefore opens in milliseconds.
public final class Journal {
  public let url: URL
  let fd: Int32?
  /// For reading records back (the appending descriptor is write-only).
  let readFD: Int32
  /// Every record's line per task, oldest first.
  private var lines: [String: [JournalScan.Line]] = [:]
  /// Newest records already decoded.
  private var decoded: [String: JournalRecord] = [:]
  /// The journal's length: where the next record goes.
  private var length = 0
  public private(set) var recordCount = 0
  public private(set) var lastRecord: JournalRecord?
  public private(set) var recovery: JournalRecovery?
  /// Records found damaged when they were first read (superseded ones are never read).
  public private(set) var damaged: [Int] = []
  /// The write error that stopped the journal, if any.
  public private(set) var failure: StoreError?
  let encoder: JSONEncoder
  let decoder = JSONDecoder()

  /// Opens (creating if needed) and replays a journal.
  public init(url: URL, readOnly: Bool = false) throws {
    self.url = url
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let existed = FileManager.default.fileExists(atPath: url.path)
    if readOnly {
      fd = nil
    } else {
      let f = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
      guard f >= 0 else { throw StoreError.io(path: url.path, errno: errno, doing: "open the journal") }
      fd = f
      if !existed { try DurableFile.syncDirectory(url.deletingLastPathComponent()) }
    }
    readFD = existed || !readOnly ? open(url.path, O_RDONLY | O_CLOEXEC) : -1
    var info = stat()
    let regular = stat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    if existed && regular && info.st_size > 0 { try replay(readOnly: readOnly) }
  }

  deinit {
    if let fd { close(fd) }
    if readFD >= 0 { close(readFD) }
  }

  /// The newest readable record of a task, decoded on first use.
  public func record(for taskId: String) -> JournalRecord? {
    if let r = decoded[taskId] { return r }
    guard var candidates = lines[taskId] else { return nil }
    // Damaged lines are dropped as they are found, so each is read and reported once
    // (this is asked for every task on screen, every frame).
    defer { lines[taskId] = candidates.isEmpty ? nil : candidates }
    while let line = candidates.popLast() {
      if let r = read(line), r.annotation.taskId == taskId {
        decoded[taskId] = r
        candidates.append(line)
        return r
      }
      damaged.append(line.number)
    }
    return nil
  }

  /// Every task's newest record (decodes them all; for tools and tests).
  public var latest: [String: JournalRecord] {
    var out: [String: JournalRecord] = [:]
    for id in lines.keys { out[id] = record(for: id) }
    return out
  }

  /// Reads one record back from the file, checking its checksum; nil if damaged.
  func read(_ line: JournalScan.Line) -> JournalRecord? {
    let n = line.json.upperBound - line.start
    guard n > 9, readFD >= 0 else { return nil }
    var bytes = Data(count: n)
    let got = bytes.withUnsafeMutableBytes { pread(readFD, $0.baseAddress, n, off_t(line.start)) }
    let crc = bytes.withUnsafeBytes { raw in raw.bindMemory(to: UInt8.self).baseAddress.flatMap(JournalScan.hex) }
    let json = bytes.subdata(in: 9..<n)
    guard got == n, let crc, CRC32.checksum(json) == crc else { return nil }
    return try? decoder.decode(JournalRecord.self, from: json)
  }

  /// Decodes the valid prefix of journal bytes: records, its length, and the problem after it.
  public static func parse(_ data: Data) -> (records: [JournalRecord], validLength: Int, problem: (line: Int, reason: String)?) {
    let scan = JournalScan(data, checkAll: true)
    let decoder = JSONDecoder()
    var records: [JournalRecord] = []
    records.reserveCapacity(scan.lines.count)
    for (k, line) in scan.lines.enumerated() {
      guard let r = try? decoder.decode(JournalRecord.self, from: scan.bytes[line.json]) else {
        return (records, line.start, (k + 1, "unreadable record"))
      }
      records.append(r)
    }
    return (records, scan.validLength, scan.problem)
  }

  func replay(readOnly: Bool) throws {
    let data: Data
    do {
      // Mapped, not copied: only the line ends and the tail are looked at.
      data = try Data(contentsOf: url, options: .alwaysMapped)
    } catch {
      throw StoreError.io(path: url.path, errno: EIO, doing: "read the journal")
    }
    var scan = JournalScan(data, checkAll: false)
    // A line whose task cannot be read from its bytes is decoded now; if that
    // fails, the whole journal is checked the slow way, as it always was.
    var ids: [String] = []
    ids.reserveCapacity(scan.lines.count)
    for (line, id) in zip(scan.lines, scan.taskIDs()) {
      if let id {
        ids.append(id)
      } else if let r = try? decoder.decode(JournalRecord.self, from: scan.bytes[line.json]) {
        ids.append(r.annotation.taskId)
      } else {
        scan = JournalScan(data, checkAll: true)
        ids = []
        break
      }
    }
    if ids.count != scan.lines.count {
      ids = []
      for line in scan.lines {
        guard let r = try? decoder.decode(JournalRecord.self, from: scan.bytes[line.json]) else {
          scan.stop(at: line, reason: "unreadable record")
          break
        }
        ids.append(r.annotation.taskId)
      }
    }
    // Grouped a run at a time: a task's snapshots come in runs while it is being
    // worked on, so the dictionary is touched once per run rather than once per line.
    var byTask: [String: [JournalScan.Line]] = [:]
    var k = 0
    while k < ids.count {
      var end = k + 1
      while end < ids.count && ids[end] == ids[k] { end += 1 }
      byTask[ids[k], default: []].append(contentsOf: scan.lines[k..<end])
      k = end
    }
    lines = byTask
    recordCount = ids.count
    length = scan.validLength
    // The last line is its task's newest record, so this reads exactly that line.
    lastRecord = ids.last.flatMap { record(for: $0) }
    guard let problem = scan.problem else { return }
    let valid = scan.validLength
    let tail = data.subdata(in: valid..<data.count)
    var moved: String?
    if !readOnly, let fd {
      let aside = url.path + ".corrupt-" + Timestamp.now().replacingOccurrences(of: ":", with: "-")
      try DurableFile.replace(URL(fileURLWithPath: aside), with: tail)
      guard ftruncate(fd, off_t(valid)) == 0, fsync(fd) == 0 else {
        throw StoreError.io(path: url.path, errno: errno, doing: "cut the corrupt tail from")
      }
      moved = aside
    }
    recovery = JournalRecovery(line: problem.line, reason: problem.reason, bytes: tail.count, movedTo: moved)
  }

  /// The encoded line for a record: checksum, space, JSON, newline.
  public func line(for record: JournalRecord) throws -> Data {
    let json = try encoder.encode(record)
    let hex = String(CRC32.checksum(json), radix: 16)
    var out = Data((String(repeating: "0", count: 8 - hex.count) + hex + " ").utf8)
    out.append(json)
    out.append(0x0A)
    return out
  }

  /// Appends a record durably: one write, then fdatasync. Throws on any failure, and stays stopped.
  public func append(_ record: JournalRecord) throws {
    if let failure { throw failure }
    guard let fd else { throw StoreError.readOnly(path: url.path) }
    let data = try line(for: record)
    let n = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if n != data.count {
      let e: Int32 = n < 0 ? errno : ENOSPC
      let f = StoreError.journalWrite(path: url.path, errno: e)
      failure = f
      throw f
    }
    if fdatasync(fd) != 0 {
      let f = StoreError.journalWrite(path: url.path, errno: errno)
      failure = f
      throw f
    }
    let id = record.annotation.taskId
    lines[id, default: []].append(JournalScan.Line(start: length, json: (length + 9)..<(length + data.count - 1), number: recordCount + 1))
    decoded[id] = record
    length += data.count
    recordCount += 1
    lastRecord = record
  }
}
