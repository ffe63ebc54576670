import Codecs
import Platform

/// The lines of journal bytes, found without decoding any record.
///
/// A line is `crc32-hex space json newline` (a `\r` before the newline is
/// allowed, as a Windows checkout writes it). Scanning reads record by record:
/// a malformed line, or one that fails its checksum, is listed in `damaged`
/// and skipped, and every line after it still counts. Only an incomplete last
/// line (no newline: a write torn by a crash) is a torn tail. Checksums are
/// checked for every line, or only for the last `tailCheck` bytes, where a
/// crash can tear a record; older lines are then checked when they are read.
package struct JournalScan {
  /// One record's place in the bytes.
  struct Line {
    /// Where the line starts (its checksum).
    var start: Int
    /// The JSON between the checksum and the line end.
    var json: Range<Int>
    /// The 1-based line number.
    var number: Int
  }

  /// A line that could not be used, and why.
  struct Damage {
    var line: Int
    var reason: String
    var bytes: Range<Int>
  }

  /// How much of the end is always checked.
  static let tailCheck = 1 << 20

  let bytes: Data
  /// Damaged complete lines, in file order.
  private(set) var damaged: [Damage] = []
  /// An incomplete last line.
  private(set) var torn: Damage?
  /// Where a torn tail begins (the whole length when there is none).
  private(set) var validLength = 0
  /// How many lines the bytes hold, blank and damaged ones included (a torn tail is not counted).
  private(set) var lineCount = 0

  /// Scans `data`; `each` sees every usable line as it is found, while its bytes are
  /// still in the cache (a second pass over a long journal reads it from memory again).
  /// The scan keeps no list of them: each caller keeps what it needs.
  /// With `from`, the scan starts there, at the start of line `linesBefore + 1` (the
  /// bytes before are another reader's: `JournalIndex`).
  init(
    _ data: Data, from: Int = 0, linesBefore: Int = 0, checkAll: Bool,
    each: (_ base: UnsafePointer<UInt8>, _ line: Line) -> Void
  ) {
    // Offsets below count from the first byte; a slice of a larger Data is copied so they match.
    bytes = data.startIndex == 0 ? data : Data(data)
    let count = bytes.count
    lineCount = linesBefore
    validLength = from
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
      var start = from
      while start < count {
        guard let p = memchr(base + start, 0x0A, count - start) else {
          torn = Damage(
            line: lineCount + 1, reason: "torn record (no line end)", bytes: start..<count)
          return
        }
        let nl = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
        lineCount += 1
        defer {
          start = nl + 1
          validLength = start
        }
        let end = nl > start && base[nl - 1] == 0x0D ? nl - 1 : nl
        if (start..<end).allSatisfy({ base[$0] == 0x20 || base[$0] == 0x09 }) { continue }
        guard end - start > 9, base[start + 8] == 0x20, let crc = JournalScan.hex(base + start)
        else {
          damaged.append(Damage(line: lineCount, reason: "malformed record", bytes: start..<nl))
          continue
        }
        if checkAll || count - start <= JournalScan.tailCheck {
          let json = UnsafeBufferPointer(start: base + start + 9, count: end - start - 9)
          guard CRC32.checksum(json) == crc else {
            damaged.append(Damage(line: lineCount, reason: "checksum mismatch", bytes: start..<nl))
            continue
          }
        }
        each(base, Line(start: start, json: (start + 9)..<end, number: lineCount))
      }
    }
  }

  /// Eight hex digits as a number.
  package static func hex(_ p: UnsafePointer<UInt8>) -> UInt32? {
    var v: UInt32 = 0
    for k in 0..<8 {
      let c = p[k]
      let d: UInt8
      switch c {
      case 0x30...0x39: d = c - 0x30
      case 0x61...0x66: d = c - 0x61 + 10
      case 0x41...0x46: d = c - 0x41 + 10
      default: return nil
      }
      v = v << 4 | UInt32(d)
    }
    return v
  }

  /// Whether a line's JSON is a text edit (it starts `{"e":[`, `JournalLine.editPrefix`).
  static func isEdit(_ base: UnsafePointer<UInt8>, _ json: Range<Int>) -> Bool {
    let prefix = JournalLine.editPrefix
    return json.count >= prefix.count && memcmp(base + json.lowerBound, prefix, prefix.count) == 0
  }

  static let taskKey = Array(#""task_id":""#.utf8)

  /// A snapshot line's sequence number: the `"n":N` its writer puts last in the
  /// object (`{…,"v":1,"n":12}`), read from the line's end; nil for an edit line or
  /// a line written before journals were numbered.
  static func sequence(_ base: UnsafePointer<UInt8>, _ json: Range<Int>) -> Int? {
    var i = json.upperBound - 1
    guard i > json.lowerBound, base[i] == 0x7D else { return nil }
    var n = 0
    var scale = 1
    i -= 1
    while i > json.lowerBound, base[i] >= 0x30, base[i] <= 0x39, scale < 1_000_000_000_000 {
      n += Int(base[i] - 0x30) * scale
      scale *= 10
      i -= 1
    }
    guard scale > 1, i - 4 >= json.lowerBound, base[i] == 0x3A, base[i - 1] == 0x22,
      base[i - 2] == 0x6E,
      base[i - 3] == 0x22, base[i - 4] == 0x2C
    else { return nil }
    return n
  }

  /// Each of `lines`' snapshot sequence numbers, where it has one.
  func sequences(of lines: [Line]) -> [Int?] {
    bytes.withUnsafeBytes { raw -> [Int?] in
      guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
        return lines.map { _ in nil }
      }
      return lines.map { JournalScan.sequence(base, $0.json) }
    }
  }

  /// The task id of a range of bytes, when it can be read without decoding.
  func taskID(in range: Range<Int>) -> String? {
    bytes.withUnsafeBytes { raw -> String? in
      guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), range.count > 9 else {
        return nil
      }
      return JournalScan.taskID(base, (range.lowerBound + 9)..<range.upperBound)
    }
  }

  static let updatedKey = Array(#""updated":""#.utf8)

  /// A snapshot line's `updated` time, read without decoding: the last `"updated":"`
  /// of the line is the annotation's own (sorted keys put a review's nested ones
  /// before it, and a quote inside a string is always escaped).
  static func updated(_ base: UnsafePointer<UInt8>, _ json: Range<Int>) -> String? {
    field(base, json, key: updatedKey)
  }

  /// A line's annotation task id, read from the record's bytes without decoding it.
  ///
  /// Records are written with sorted keys, so the annotation's `"task_id":"` is
  /// the last one in the line: only `updated`, `pos` and `v` follow it, and quotes
  /// inside their strings are escaped. Nil for a line where it cannot be read that way.
  static func taskID(_ base: UnsafePointer<UInt8>, _ json: Range<Int>) -> String? {
    field(base, json, key: taskKey)
  }

  /// The last string value of `key` in a line, when it has no escapes.
  static func field(_ base: UnsafePointer<UInt8>, _ json: Range<Int>, key: [UInt8]) -> String? {
    guard json.count >= key.count else { return nil }
    var i = json.upperBound - key.count
    // Backwards to the key: its quote, then "t", then the rest.
    while i >= json.lowerBound {
      if base[i] == 0x22 && base[i + 1] == key[1]
        && memcmp(base + i, key, key.count) == 0
      {
        let start = i + key.count
        var end = start
        while end < json.upperBound && base[end] != 0x22 && base[end] != 0x5C { end += 1 }
        // Ids with escapes are left to the decoder.
        guard end < json.upperBound, base[end] == 0x22 else { return nil }
        return String(
          decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
      }
      i -= 1
    }
    return nil
  }
}
