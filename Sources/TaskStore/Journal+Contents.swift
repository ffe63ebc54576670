import Annotation
import Codecs
import Platform

/// Everything read from a journal's bytes: the readable records and the lines set aside.
public struct JournalContents: Sendable {
  /// Readable records, oldest first.
  public var records: [JournalRecord]
  /// Complete lines that are damaged or belong to another annotator, in file order.
  public var problems: [JournalProblem]
  /// An incomplete last line (a torn write), if any.
  public var torn: JournalProblem?
  /// Where the torn tail begins (the whole length when there is none).
  public var validLength: Int
  /// Lines that repeated the line before them byte for byte, passed over.
  public var repeatedLines = 0
  /// Snapshot sequence numbers that no line holds, below the highest one: records
  /// removed from the journal (numbering starts at 1 in every journal).
  public var missing: [ClosedRange<Int>] = []

  /// The newest readable record per task: the latest `updated`, whatever the line
  /// order (`Annotation.supersedes`).
  public var latest: [String: JournalRecord] {
    var out: [String: JournalRecord] = [:]
    for r in records {
      if let o = out[r.annotation.taskId], !r.annotation.supersedes(o.annotation) { continue }
      out[r.annotation.taskId] = r
    }
    return out
  }
}

/// Reading a journal whole, for tools (check, stats, export, sync): every line
/// decoded, text edits applied in order, problems listed.
extension Journal {
  /// Reads a journal file for tools (check, stats, export): never through a link, never changing it.
  public static func contents(of url: URL, annotator: String? = nil) throws -> JournalContents {
    let (fd, _) = try openForTools(url)
    defer { close(fd) }
    guard let bytes = WholeFile.rest(of: fd) else {
      throw StoreError.io(path: url.path, errno: errno, doing: "read the journal")
    }
    return parse(bytes, annotator: annotator)
  }

  /// Opens a journal to read it for tools: never through a link, a regular file
  /// only. Returns the descriptor (the caller closes it) and the file's size.
  package static func openForTools(_ url: URL) throws -> (fd: Int32, size: Int) {
    let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else {
      if errno == ELOOP { throw StoreError.linked(path: url.path) }
      throw StoreError.io(path: url.path, errno: errno, doing: "read the journal")
    }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw StoreError.invalid("\(url.path) is not a regular file; a journal must be one")
    }
    return (fd, Int(info.st_size))
  }

  /// Decodes journal bytes record by record: damaged and foreign lines are listed and skipped.
  public static func parse(_ data: Data, annotator: String? = nil) -> JournalContents {
    var lines: [JournalScan.Line] = []
    let scan = JournalScan(data, checkAll: true) { _, line in lines.append(line) }
    let decoder = JSONDecoder()
    var records: [JournalRecord] = []
    records.reserveCapacity(lines.count)
    var problems = scan.damaged.map {
      JournalProblem(
        line: $0.line, reason: $0.reason, taskId: scan.taskID(in: $0.bytes),
        bytes: $0.bytes.count + 1)
    }
    // Snapshots replace a task's state; text edits apply to it, or are set aside.
    var state: [String: Annotation] = [:]
    var last: String?
    var previous: Range<Int>?
    var repeated = 0
    for line in lines {
      let size = line.json.upperBound - line.start + 1
      // A line that repeats the one before it byte for byte (a copy, a merge) adds
      // nothing: it is passed over, not reported.
      let whole = line.start..<line.json.upperBound
      defer { previous = whole }
      if let p = previous, p.count == whole.count, scan.bytes[p].elementsEqual(scan.bytes[whole]) {
        repeated += 1
        continue
      }
      guard let decoded = JournalLine.decode(Data(scan.bytes[line.json]), with: decoder) else {
        // Only this line is lost: an edit after it still applies where it fits
        // (each edit carries the checksum of the text it makes).
        problems.append(
          JournalProblem(line: line.number, reason: "unreadable record", taskId: nil, bytes: size))
        continue
      }
      switch decoded {
      case .snapshot(let r):
        if let annotator, r.annotation.annotator != annotator {
          let reason =
            "a record of annotator \"\(r.annotation.annotator)\" in \(annotator)'s journal"
          problems.append(
            JournalProblem(
              line: line.number, reason: reason, taskId: r.annotation.taskId, bytes: size))
          last = nil
          continue
        }
        state[r.annotation.taskId] = r.annotation
        last = r.annotation.taskId
        records.append(r)
      case .edit(var e):
        // An edit continues the line before it: the same task and annotator.
        guard let id = last, let before = state[id] else {
          problems.append(
            JournalProblem(
              line: line.number, reason: "a text edit with no record before it", taskId: nil,
              bytes: size))
          continue
        }
        e.taskId = id
        e.annotator = before.annotator
        guard let after = e.apply(to: before) else {
          problems.append(
            JournalProblem(
              line: line.number, reason: "a text edit that does not fit the text before it",
              taskId: id, bytes: size))
          continue
        }
        state[id] = after
        records.append(JournalRecord(annotation: after, pos: nil, edit: e))
      }
    }
    problems.sort { $0.line < $1.line }
    let torn = scan.torn.map {
      JournalProblem(line: $0.line, reason: $0.reason, taskId: nil, bytes: $0.bytes.count)
    }
    return JournalContents(
      records: records, problems: problems, torn: torn, validLength: scan.validLength,
      repeatedLines: repeated,
      missing: missingSequences(scan, lines))
  }

  /// The gaps in a journal's snapshot sequence numbers, damaged lines counted as present.
  static func missingSequences(_ scan: JournalScan, _ lines: [JournalScan.Line])
    -> [ClosedRange<Int>]
  {
    let numbers = scan.sequences(of: lines)
    var seen = Set(numbers.compactMap { $0 })
    scan.bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
      for d in scan.damaged where d.bytes.count > 9 {
        var end = d.bytes.upperBound
        if base[end - 1] == 0x0D { end -= 1 }
        if let n = JournalScan.sequence(base, (d.bytes.lowerBound + 9)..<end) { seen.insert(n) }
      }
    }
    // Every journal numbers its snapshots from 1, one continued from a version
    // that did not number them too, so 1 is always expected.
    var expected = 1
    var out: [ClosedRange<Int>] = []
    for n in seen.sorted() {
      if n > expected { out.append(expected...(n - 1)) }
      expected = n + 1
    }
    return out
  }
}
