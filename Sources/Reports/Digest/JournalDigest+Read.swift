import Annotation
import Codecs
import Platform
import TaskStore

extension JournalDigest {
  /// Reads a journal through its digest file `cache` (nil: no digest), reading only
  /// the bytes appended since the digest was written when the journal still starts
  /// and ends as it did, and writes the digest back when it moved on.
  ///
  /// The journal is opened as `Journal.contents(of:)` opens it (never through a link,
  /// a regular file only) and read in blocks, so memory holds one block and the
  /// newest annotation of each task, not the journal.
  /// A line longer than `lineLimit` is counted as damaged and read past, never held.
  public static func read(
    journal url: URL, annotator: String, cache: URL?,
    lineLimit: Int = InputLimits.standard.lineBytes
  ) throws -> JournalDigest {
    let (fd, size) = try Journal.openForTools(url)
    defer { close(fd) }
    var reader = DigestBuilder(annotator: annotator, lineLimit: lineLimit)
    if let cache, let loaded = DigestFile.load(cache, annotator: annotator),
      loaded.state.ends.matches(fd, size: size)
    {
      // Nothing appended since: the digest on disk is the answer as it is.
      if loaded.state.offset == size { return loaded }
      reader.resume(loaded)
    }
    let start = reader.state.offset
    try reader.advance(fd, to: size, path: url.path)
    if reader.state.offset != start || start == 0 {
      reader.state.ends = FileEnds(fd, offset: reader.state.offset)
    }
    let digest = reader.finish(bytesRead: reader.state.offset - start)
    if let cache, reader.state.offset != start || reader.fresh {
      DigestFile.write(digest, to: cache)
    }
    return digest
  }

}

/// Reads journal lines into a digest, line by line as `Journal.parse` reads them.
///
/// A snapshot line goes straight into binary form (`SnapshotTranscoder`); an edit, or
/// a line the transcoder leaves, is read into an `Annotation` as `Journal.parse` reads
/// it and encoded when the read is done.
struct DigestBuilder {
  let annotator: String
  let annotatorUTF8: [UInt8]
  var state = DigestState()
  /// Encoded annotations; `index` says where each task's newest one is.
  var bytes: [UInt8] = []
  var index: [String: Range<Int>] = [:]
  /// About how many of `bytes` the entries of `index` hold (the rest were superseded).
  var live = 0
  /// Tasks whose newest annotation was read into an `Annotation` (an edit, or a line the
  /// transcoder left), not yet encoded: where each is in `changedList` (a dictionary of
  /// small values grows cheaply; the annotations are moved only when the list grows).
  var changed: [String: Int] = [:]
  var changedList: [Annotation?] = []
  /// The last snapshot's task as edited since: what a following text edit continues.
  var continued = Continued.none
  /// The last snapshot line transcoded, when `continued` is `.encoded`.
  var last: [UInt8] = []
  var scratch: [UInt8] = []
  var transcoder = SnapshotTranscoder()
  /// Whether the digest was started afresh (none, damaged, or the journal was rewritten).
  var fresh = true
  let decoder = JSONDecoder()

  /// The longest line held; a longer one is damaged and read past.
  let lineLimit: Int

  /// What a following text edit continues.
  enum Continued {
    /// Nothing: an edit here is a problem.
    case none
    /// The annotation encoded in `last`.
    case encoded
    case decoded(Annotation)
  }

  init(annotator: String, lineLimit: Int = InputLimits.standard.lineBytes) {
    self.annotator = annotator
    annotatorUTF8 = Array(annotator.utf8)
    self.lineLimit = lineLimit
  }

  mutating func resume(_ d: JournalDigest) {
    state = d.state
    bytes = d.bytes
    index = Dictionary(uniqueKeysWithValues: zip(d.ids, d.ranges))
    live = d.ranges.reduce(0) { $0 + $1.count }
    if let c = d.state.continued {
      last = c
      continued = .encoded
    }
    fresh = false
  }

  /// Reads complete lines from the state's offset up to `size`, a block at a time.
  mutating func advance(_ fd: Int32, to size: Int, path: String) throws {
    var block = [UInt8](repeating: 0, count: Swift.min(1 << 22, lineLimit))
    var pending = 0
    var position = state.offset
    while position < size {
      if pending == block.count {
        // One line fills the block: past the line limit it is damaged, read past and not held.
        if pending >= lineLimit {
          guard let end = try Self.lineEnd(fd, from: position, to: size, path: path) else { break }
          state.lines += 1
          state.problems += 1
          state.offset = end + 1
          position = end + 1
          pending = 0
          continue
        }
        block.append(contentsOf: repeatElement(0, count: block.count))
      }
      let want = min(block.count - pending, size - position)
      let got = block.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress.map { $0 + pending }, want, off_t(position))
      }
      guard got > 0 else {
        if got < 0 { throw StoreError.io(path: path, errno: errno, doing: "read the journal") }
        break
      }
      position += got
      let filled = pending + got
      let used = block.withUnsafeBufferPointer { lines($0, filled) }
      state.offset += used
      if used < filled {
        block.withUnsafeMutableBytes {
          $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[used..<filled]))
        }
      }
      pending = filled - used
    }
  }

  /// The offset of the first line break at or after `start` (before `size`), or nil.
  static func lineEnd(_ fd: Int32, from start: Int, to size: Int, path: String) throws -> Int? {
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var at = start
    while at < size {
      let got = chunk.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress, min($0.count, size - at), off_t(at))
      }
      if got < 0 { throw StoreError.io(path: path, errno: errno, doing: "read the journal") }
      if got == 0 { return nil }
      if let nl = chunk[0..<got].firstIndex(of: 0x0A) { return at + nl }
      at += got
    }
    return nil
  }

  /// Reads the complete lines at the start of `buffer[0..<count]`; returns the bytes used.
  mutating func lines(_ buffer: UnsafeBufferPointer<UInt8>, _ count: Int) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var start = 0
    while start < count, let p = memchr(base + start, 0x0A, count - start) {
      let nl = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
      defer { start = nl + 1 }
      state.lines += 1
      let end = nl > start && base[nl - 1] == 0x0D ? nl - 1 : nl
      line(UnsafeBufferPointer(start: base + start, count: end - start))
    }
    return start
  }

  /// One line without its line end.
  mutating func line(_ line: UnsafeBufferPointer<UInt8>) {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
    guard line.count > 9, line[8] == 0x20, let base = line.baseAddress,
      let crc = JournalScan.hex(base),
      CRC32.checksum(UnsafeBufferPointer(rebasing: line[9...])) == crc
    else {
      state.problems += 1
      return
    }
    if let p = state.previous, p.elementsEqual(line) {
      state.repeated += 1
      return
    }
    // The previous line's bytes, kept in one buffer reused line after line.
    if state.previous == nil { state.previous = [] }
    state.previous?.removeAll(keepingCapacity: true)
    state.previous?.append(contentsOf: line)
    let json = UnsafeBufferPointer(rebasing: line[9...])
    if !json.starts(with: JournalLine.editPrefix) {
      scratch.removeAll(keepingCapacity: true)
      if let t = transcoder.transcode(json, into: &scratch) {
        swap(&scratch, &last)
        guard
          last[t.annotator].elementsEqual(annotatorUTF8)
            || String(decoding: last[t.annotator], as: UTF8.self) == annotator
        else {
          state.problems += 1
          continued = .none
          return
        }
        recordLast(t.taskId, updated: t.updated)
        return
      }
    }
    guard let decoded = JournalLine.decode(Data(json), with: decoder) else {
      state.problems += 1
      return
    }
    switch decoded {
    case .snapshot(let r):
      guard r.annotation.annotator == annotator else {
        state.problems += 1
        continued = .none
        return
      }
      record(r.annotation)
    case .edit(var e):
      guard let before = continuedAnnotation else {
        state.problems += 1
        return
      }
      e.taskId = before.taskId
      e.annotator = before.annotator
      guard let after = e.apply(to: before) else {
        state.problems += 1
        return
      }
      record(after)
    }
  }

  /// The annotation a following text edit continues.
  var continuedAnnotation: Annotation? {
    switch continued {
    case .none: return nil
    case .encoded: return last.withUnsafeBytes { AnnotationBinary.decode($0) }
    case .decoded(let a): return a
    }
  }

  /// Records the snapshot in `last` (its `updated` at `updated`) when it is the task's newest.
  mutating func recordLast(_ taskId: String, updated: Range<Int>) {
    continued = .encoded
    let newest = last.withUnsafeBytes {
      supersedes(taskId, UnsafeRawBufferPointer(rebasing: $0[updated]))
    }
    guard newest else { return }
    // Most journals hold snapshots only: nothing read whole to forget (no hashing).
    if !changed.isEmpty, let slot = changed.removeValue(forKey: taskId) {
      changedList[slot] = nil
    }
    let from = bytes.count
    bytes.append(contentsOf: last)
    if let old = index.updateValue(from..<bytes.count, forKey: taskId) { live -= old.count }
    live += last.count
    if bytes.count > 2 * live + (1 << 20) { compact() }
  }

  /// Records an annotation read whole when it is its task's newest.
  mutating func record(_ a: Annotation) {
    continued = .decoded(a)
    var updated = a.updated
    guard updated.withUTF8({ supersedes(a.taskId, UnsafeRawBufferPointer($0)) }) else { return }
    if let slot = changed[a.taskId] {
      changedList[slot] = a
    } else {
      changed[a.taskId] = changedList.count
      changedList.append(a)
    }
  }

  /// `Annotation.supersedes` for an answer to a task updated at `updated`, against the
  /// task's newest so far: one read whole (`changed`) or one encoded (`index`).
  func supersedes(_ taskId: String, _ updated: UnsafeRawBufferPointer) -> Bool {
    if !changed.isEmpty, let slot = changed[taskId], let have = changedList[slot] {
      return Self.isNewerOrSame(updated, than: have.updated)
    }
    guard let entry = index[taskId] else { return true }
    return bytes.withUnsafeBytes { all in
      let stored = UnsafeRawBufferPointer(rebasing: all[entry])
      // An entry that cannot be read is no answer to keep.
      guard let have = AnnotationBinary.updated(in: stored) else { return true }
      return Self.isNewerOrSame(updated, than: UnsafeRawBufferPointer(rebasing: stored[have]))
    }
  }

  /// `a.updated >= b.updated` on UTF-8 bytes: byte order where both are ASCII (equal to
  /// `String`'s order there), `String`'s comparison otherwise.
  static func isNewerOrSame(_ a: UnsafeRawBufferPointer, than b: UnsafeRawBufferPointer) -> Bool {
    if !a.contains(where: { $0 >= 0x80 }) && !b.contains(where: { $0 >= 0x80 }) {
      return !a.lexicographicallyPrecedes(b)
    }
    return String(decoding: a, as: UTF8.self) >= String(decoding: b, as: UTF8.self)
  }

  static func isNewerOrSame(_ a: UnsafeRawBufferPointer, than b: String) -> Bool {
    var b = b
    return b.withUTF8 { isNewerOrSame(a, than: UnsafeRawBufferPointer($0)) }
  }

  /// Keeps only the entries `index` points at, packed.
  mutating func compact() {
    var packed: [UInt8] = []
    packed.reserveCapacity(live)
    for (id, r) in index {
      let from = packed.count
      packed.append(contentsOf: bytes[r])
      index[id] = from..<packed.count
    }
    bytes = packed
    live = packed.count
  }

  /// The digest: changed tasks encoded, and every task's newest annotation packed in id order.
  mutating func finish(bytesRead: Int) -> JournalDigest {
    switch continued {
    case .none: state.continued = nil
    case .encoded: state.continued = last
    case .decoded(let a):
      var out: [UInt8] = []
      AnnotationBinary.encode(a, into: &out)
      state.continued = out
    }
    index.reserveCapacity(index.count + changed.count)
    for (id, slot) in changed {
      guard let a = changedList[slot] else { continue }
      let from = bytes.count
      AnnotationBinary.encode(a, into: &bytes)
      index[id] = from..<bytes.count
    }
    changed = [:]
    changedList = []
    // Packed in id order, the order every walk over the answered tasks reads them in.
    let entries = index.sorted { $0.key < $1.key }
    var packed: [UInt8] = []
    packed.reserveCapacity(entries.reduce(0) { $0 + $1.value.count })
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(entries.count)
    for (_, r) in entries {
      let from = packed.count
      packed.append(contentsOf: bytes[r])
      ranges.append(from..<packed.count)
    }
    return JournalDigest(
      annotator: annotator, bytes: packed, ids: entries.map(\.key), ranges: ranges, state: state,
      bytesRead: bytesRead)
  }
}
