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
public final class Journal {
  public let url: URL
  let fd: Int32?
  public private(set) var latest: [String: JournalRecord] = [:]
  public private(set) var recordCount = 0
  public private(set) var lastRecord: JournalRecord?
  public private(set) var recovery: JournalRecovery?
  /// The write error that stopped the journal, if any.
  public private(set) var failure: StoreError?
  let encoder: JSONEncoder

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
    let regular = (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular
    if existed && regular { try replay(readOnly: readOnly) }
  }

  deinit { if let fd { close(fd) } }

  /// Decodes the valid prefix of journal bytes: records, its length, and the problem after it.
  public static func parse(_ data: Data) -> (records: [JournalRecord], validLength: Int, problem: (line: Int, reason: String)?) {
    var records: [JournalRecord] = []
    let decoder = JSONDecoder()
    var start = 0
    var line = 1
    let bytes = [UInt8](data)
    while start < bytes.count {
      guard let nl = bytes[start...].firstIndex(of: 0x0A) else {
        return (records, start, (line, "torn record (no line end)"))
      }
      let rec = bytes[start..<nl]
      guard rec.count > 9, rec[rec.startIndex + 8] == 0x20,
        let crc = UInt32(String(decoding: rec.prefix(8), as: UTF8.self), radix: 16)
      else { return (records, start, (line, "malformed record")) }
      let json = rec.dropFirst(9)
      guard CRC32.checksum(json) == crc else { return (records, start, (line, "checksum mismatch")) }
      guard let r = try? decoder.decode(JournalRecord.self, from: Data(json)) else {
        return (records, start, (line, "unreadable record"))
      }
      records.append(r)
      start = nl + 1
      line += 1
    }
    return (records, start, nil)
  }

  func replay(readOnly: Bool) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw StoreError.io(path: url.path, errno: EIO, doing: "read the journal")
    }
    let (records, valid, problem) = Journal.parse(data)
    for r in records { remember(r) }
    guard let problem else { return }
    var moved: String?
    if !readOnly, let fd {
      let aside = url.path + ".corrupt-" + Timestamp.now().replacingOccurrences(of: ":", with: "-")
      try DurableFile.replace(URL(fileURLWithPath: aside), with: data.subdata(in: valid..<data.count))
      guard ftruncate(fd, off_t(valid)) == 0, fsync(fd) == 0 else {
        throw StoreError.io(path: url.path, errno: errno, doing: "cut the corrupt tail from")
      }
      moved = aside
    }
    recovery = JournalRecovery(line: problem.line, reason: problem.reason, bytes: data.count - valid, movedTo: moved)
  }

  func remember(_ r: JournalRecord) {
    let id = r.annotation.taskId
    latest[id] = r
    lastRecord = r
    recordCount += 1
  }

  /// The encoded line for a record: checksum, space, JSON, newline.
  public func line(for record: JournalRecord) throws -> Data {
    let json = try encoder.encode(record)
    var out = Data(String(format: "%08x ", CRC32.checksum(json)).utf8)
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
    remember(record)
  }
}
