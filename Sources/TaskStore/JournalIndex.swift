import Codecs
import Platform

/// A journal's lines sorted by task, as its replay left them, kept under
/// `.rubric/index/` so that a reopen scans only the bytes appended since.
///
/// A cache of the journal, never a source: it names how far the journal was read
/// (`FileEnds`), and it is used only while the journal still starts and ends there
/// as it did. A journal rewritten or shortened (a git merge, a restore), an index
/// that is damaged, cut, of another version or for another annotator: the journal is
/// replayed from its first byte and the index written again. Deleting it only costs
/// time; a test holds a reopen through it equal to a full replay.
struct JournalIndex {
  var ends = FileEnds()
  /// Lines in the bytes covered, blank and damaged ones included.
  var lineCount = 0
  var recordCount = 0
  var lastSequence = 0
  /// The last kept line and its task: a text edit on the next line belongs to it.
  var lastLine = 0
  var lastTask: String?
  var editLines: [Int] = []
  /// Lines the replay set aside (found at open, not when a record was first read).
  var problems: [JournalProblem] = []
  var lines: [String: [JournalScan.Line]] = [:]

  static let magic = Array("RBJINDEX".utf8)
  /// Bumped whenever the layout changes.
  static let version: UInt32 = 1
  /// A replay that scanned at least this many bytes past the index writes it again:
  /// a reopen then scans at most about this much plus what was appended since.
  static let rescanWorthKeeping = 1 << 20

  func encode(annotator: String?) -> [UInt8] {
    var w = CacheFile.writer(Self.magic, version: Self.version)
    w.optional(annotator)
    ends.write(&w)
    for n in [lineCount, recordCount, lastSequence, lastLine] { w.count(n) }
    w.optional(lastTask)
    w.count(editLines.count)
    var previous = 0
    for n in editLines {
      w.count(n - previous)
      previous = n
    }
    w.count(problems.count)
    for p in problems {
      w.count(p.line)
      w.string(p.reason)
      w.optional(p.taskId)
      w.count(p.bytes)
    }
    w.count(lines.count)
    for (id, list) in lines {
      w.string(id)
      w.count(list.count)
      for line in list {
        w.count(line.number)
        w.count(line.start)
        w.count(line.json.count)
      }
    }
    return CacheFile.sealed(w)
  }

  /// The index in `bytes`, or nil unless they are a whole index of this version for
  /// `annotator` whose every line lies inside the bytes it covers.
  static func decode(_ bytes: [UInt8], annotator: String?) -> JournalIndex? {
    CacheFile.open(bytes, magic, version: version) { r -> JournalIndex? in
      guard let who = r.optionalString(), who == annotator,
        let ends = FileEnds.read(&r), let lineCount = r.number(), let recordCount = r.number(),
        let lastSequence = r.number(), let lastLine = r.number(), lastLine <= lineCount,
        let lastTask = r.optionalString(), let edits = r.count()
      else { return nil }
      let offset = ends.offset
      var index = JournalIndex(
        ends: ends, lineCount: lineCount, recordCount: recordCount, lastSequence: lastSequence,
        lastLine: lastLine, lastTask: lastTask)
      index.editLines.reserveCapacity(edits)
      var previous = 0
      for _ in 0..<edits {
        guard let step = r.number(), step > 0, step <= lineCount - previous else { return nil }
        previous += step
        index.editLines.append(previous)
      }
      guard let problems = r.count() else { return nil }
      for _ in 0..<problems {
        guard let line = r.number(), line <= lineCount, let reason = r.string(),
          let taskId = r.optionalString(), let size = r.number()
        else { return nil }
        index.problems.append(
          JournalProblem(line: line, reason: reason, taskId: taskId, bytes: size))
      }
      guard let tasks = r.count() else { return nil }
      index.lines.reserveCapacity(tasks)
      for _ in 0..<tasks {
        guard let id = r.string(), index.lines[id] == nil, let n = r.count(), n > 0 else {
          return nil
        }
        var list: [JournalScan.Line] = []
        list.reserveCapacity(n)
        for _ in 0..<n {
          guard let number = r.number(), number >= 1, number <= lineCount,
            let start = r.number(), start < offset, let json = r.number(),
            json <= offset - start - 9
          else { return nil }
          list.append(
            JournalScan.Line(start: start, json: (start + 9)..<(start + 9 + json), number: number))
        }
        index.lines[id] = list
      }
      return r.atEnd ? index : nil
    }
  }

  /// Reads an index file; nil when there is none, it is not whole, or the journal
  /// (open as `fd`, `size` bytes long) no longer starts and ends as it did.
  static func load(_ url: URL, annotator: String?, journal fd: Int32, size: Int) -> JournalIndex? {
    guard let bytes = WholeFile.bytes(atPath: url.path),
      let index = decode(bytes, annotator: annotator), index.ends.matches(fd, size: size)
    else { return nil }
    return index
  }

  /// Writes by rename, so a reader sees the old index or the new one; an index that
  /// cannot be written (a read-only store) is simply not kept.
  func write(to url: URL, annotator: String?) {
    DurableFile.keep(encode(annotator: annotator), at: url)
  }
}

extension ByteReader {
  /// A count that is a number, not a length of bytes to follow: bounded by `Int`, not by the bytes left.
  fileprivate mutating func number() -> Int? {
    guard let n = unsigned(), n <= UInt64(Int.max) else { return nil }
    return Int(n)
  }
}
