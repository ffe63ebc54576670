import Codecs
import Platform
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
  static let version: UInt32 = 5

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
    var w = CacheFile.writer(magic, version: version)
    // Sized once: the entries' bytes, each id with its length, and the state.
    let state = (d.state.previous?.count ?? 0) + (d.state.continued?.count ?? 0) + 128
    w.out.reserveCapacity(
      magic.count + state + d.bytes.count + d.ids.reduce(0) { $0 + $1.utf8.count + 10 })
    w.string(d.annotator)
    let s = d.state
    s.ends.write(&w)
    w.count(s.lines)
    w.count(s.problems)
    w.count(s.repeated)
    w.optional(s.previous)
    w.optional(s.continued)
    w.count(d.ids.count)
    for (id, r) in zip(d.ids, d.ranges) {
      w.string(id)
      w.bytes(d.bytes[r])
    }
    return CacheFile.sealed(w)
  }

  /// The digest in `bytes`, or nil unless they are a whole digest of this version for `annotator`.
  static func decode(_ bytes: [UInt8], annotator: String) -> JournalDigest? {
    CacheFile.open(bytes, magic, version: version) { r -> JournalDigest? in
      var s = DigestState()
      guard r.string() == annotator, let ends = FileEnds.read(&r), let lines = r.unsigned(),
        let problems = r.unsigned(),
        let repeated = r.unsigned(),
        let previous = r.optionalRange(), let continued = r.optionalRange(),
        let n = r.count()
      else { return nil }
      s.ends = ends
      s.lines = Int(clamping: lines)
      s.problems = Int(clamping: problems)
      s.repeated = Int(clamping: repeated)
      s.previous = previous.map { Array(r.bytes[$0]) }
      s.continued = continued.map { Array(r.bytes[$0]) }
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
    DurableFile.keep(encode(d), at: url)
  }
}
