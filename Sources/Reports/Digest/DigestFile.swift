import Codecs
import Foundation
import TaskStore

/// A journal digest on disk: `.rubric/digest/annotations/NAME` (and `reviews/NAME`).
///
/// `RBDIGEST`, a format version, the reading state, each task's newest annotation in
/// ascending task id order, then a CRC-32C of everything before it. Anything that does
/// not read back exactly (another version, a damaged byte, a cut file, entries out of
/// order) is as if there were no digest: the journal is read from its start and the
/// digest written again.
enum DigestFile {
  static let magic = Array("RBDIGEST".utf8)
  /// Bumped whenever the layout or `AnnotationBinary` changes.
  static let version: UInt32 = 4

  /// Whether a store keeps digests and results: it has a `.rubric/` (a store
  /// without one, such as a copy that was never opened, is read afresh each time).
  static func enabled(_ root: URL) -> Bool {
    FileManager.default.fileExists(atPath: root.appendingPathComponent(".rubric").path)
  }

  /// The digest file of a journal in a store (`annotations/` or `reviews/`).
  static func url(_ root: URL, journal: URL) -> URL {
    root.appendingPathComponent(".rubric/digest")
      .appendingPathComponent(journal.deletingLastPathComponent().lastPathComponent)
      .appendingPathComponent(journal.deletingPathExtension().lastPathComponent + ".digest")
  }

  static func encode(_ d: JournalDigest) -> [UInt8] {
    var w = ByteWriter(out: magic)
    // Sized once: the entries' bytes, each id with its length, and the state.
    let state = (d.state.previous?.count ?? 0) + (d.state.continued?.count ?? 0) + 128
    w.out.reserveCapacity(
      magic.count + state + d.bytes.count + d.ids.reduce(0) { $0 + $1.utf8.count + 10 })
    w.fixed32(version)
    w.string(d.annotator)
    let s = d.state
    for n in [s.offset, s.lines, s.headLength] { w.count(n) }
    w.fixed32(s.headCRC)
    w.count(s.tailLength)
    w.fixed32(s.tailCRC)
    w.count(s.problems)
    w.count(s.repeated)
    w.optional(s.previous)
    w.optional(s.continued)
    w.count(d.ids.count)
    for (id, r) in zip(d.ids, d.ranges) {
      w.string(id)
      w.bytes(d.bytes[r])
    }
    let crc = w.out.withUnsafeBufferPointer { CRC32C.checksum($0) }
    w.fixed32(crc)
    return w.out
  }

  /// The digest in `bytes`, or nil unless they are a whole digest of this version for `annotator`.
  static func decode(_ bytes: [UInt8], annotator: String) -> JournalDigest? {
    guard bytes.count >= magic.count + 8, bytes.starts(with: magic) else { return nil }
    return bytes.withUnsafeBytes { raw -> JournalDigest? in
      let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
      var end = ByteReader(bytes: raw, at: raw.count - 4)
      guard let crc = end.fixed32(), CRC32C.checksum(body.bindMemory(to: UInt8.self)) == crc else {
        return nil
      }
      var r = ByteReader(bytes: body, at: magic.count)
      guard r.fixed32() == version, r.string() == annotator else { return nil }
      var s = DigestState()
      guard let offset = r.unsigned(), offset < UInt64(Int.max), let lines = r.unsigned(),
        let headLength = r.unsigned(), headLength <= UInt64(FileEnds.headCheck),
        let headCRC = r.fixed32(),
        let tailLength = r.unsigned(), tailLength <= UInt64(FileEnds.tailCheck),
        let tailCRC = r.fixed32(),
        let problems = r.unsigned(),
        let repeated = r.unsigned(),
        let previous = r.optional({ $0.range() }), let continued = r.optional({ $0.range() }),
        let n = r.count()
      else { return nil }
      s.offset = Int(offset)
      s.lines = Int(clamping: lines)
      s.headLength = Int(headLength)
      s.headCRC = headCRC
      s.tailLength = Int(tailLength)
      s.tailCRC = tailCRC
      s.problems = Int(clamping: problems)
      s.repeated = Int(clamping: repeated)
      s.previous = previous.map { Array(body[$0]) }
      s.continued = continued.map { Array(body[$0]) }
      // Entries are kept where they are in the file's bytes (offsets shift by none),
      // in ascending id order: entries out of order or repeated are a damaged digest.
      var ids: [String] = []
      var ranges: [Range<Int>] = []
      ids.reserveCapacity(n)
      ranges.reserveCapacity(n)
      for _ in 0..<n {
        guard let id = r.string(), let range = r.range() else { return nil }
        if let last = ids.last, !(last < id) { return nil }
        ids.append(id)
        ranges.append(range)
      }
      guard r.atEnd else { return nil }
      return JournalDigest(annotator: annotator, bytes: bytes, ids: ids, ranges: ranges, state: s)
    }
  }

  /// Reads a digest file; nil when there is none or it is not whole.
  static func load(_ url: URL, annotator: String) -> JournalDigest? {
    guard let bytes = WholeFile.bytes(atPath: url.path) else { return nil }
    return decode(bytes, annotator: annotator)
  }

  /// Writes a digest by rename, so a reader sees the old one or the new one; a cache
  /// that cannot be written (a read-only store) is simply not kept.
  static func write(_ d: JournalDigest, to url: URL) {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? DurableFile.replace(url, with: Data(encode(d)), durable: false)
  }
}
