import Codecs
import Platform
import TaskStore

/// The annotator's breaks, in `.rubric/NAME.shift.jsonl` on their own machine (never
/// synced: they are the person's, like their settings). One `crc32 JSON` line per
/// break, appended with one write and fdatasync, never through a link.
public enum ShiftLog {
  /// One break: when it started and ended (ISO 8601 UTC).
  public struct Break: Codable, Sendable, Equatable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
      self.start = start
      self.end = end
    }

    /// Its length in milliseconds (0 when a timestamp cannot be read).
    public var ms: Int {
      guard let a = Timestamp.parse(start), let b = Timestamp.parse(end) else { return 0 }
      return max(0, Int(((b.timeIntervalSince1970 - a.timeIntervalSince1970) * 1000).rounded()))
    }
  }

  struct Line: Codable { var `break`: Break }

  /// The log's file for an annotator.
  public static func url(_ root: URL, annotator: String) -> URL {
    root.appendingPathComponent(".rubric/\(annotator).shift.jsonl")
  }

  /// Appends a break durably.
  public static func append(_ b: Break, root: URL, annotator: String) throws {
    let url = url(root, annotator: annotator)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = try encoder.encode(Line(break: b))
    let hex = String(CRC32.checksum(json), radix: 16)
    var data = Data((String(repeating: "0", count: 8 - hex.count) + hex + " ").utf8)
    data.append(json)
    data.append(0x0A)
    let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else {
      if errno == ELOOP { throw StoreError.linked(path: url.path) }
      throw StoreError.io(path: url.path, errno: errno, doing: "record the break")
    }
    defer { close(fd) }
    let n = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard n == data.count, Durability.syncData(fd) == 0 else {
      throw StoreError.io(path: url.path, errno: n < 0 ? errno : ENOSPC, doing: "record the break")
    }
  }

  /// Every readable break, oldest first (a damaged line is skipped).
  public static func breaks(_ root: URL, annotator: String) -> [Break] {
    let fd = open(url(root, annotator: annotator).path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    let data = WholeFile.rest(of: fd) ?? Data()
    let decoder = JSONDecoder()
    var out: [Break] = []
    for line in data.split(separator: 0x0A) where line.count > 9 {
      let json = Data(line.dropFirst(9))
      guard let crc = UInt32(String(decoding: line.prefix(8), as: UTF8.self), radix: 16),
        crc == CRC32.checksum(json),
        let b = try? decoder.decode(Line.self, from: json)
      else { continue }
      out.append(b.break)
    }
    return out
  }
}
