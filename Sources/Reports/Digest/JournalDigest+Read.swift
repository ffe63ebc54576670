import Annotation
import Codecs
import Foundation
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
      loaded.state.offset <= size, matches(fd, loaded.state)
    {
      reader.resume(loaded)
    }
    let start = reader.state.offset
    try reader.advance(fd, to: size, path: url.path)
    if reader.state.offset != start || start == 0 {
      reader.state.headLength = Swift.min(DigestState.headCheck, reader.state.offset)
      reader.state.headCRC = checksum(fd, 0..<reader.state.headLength) ?? 0
      reader.state.tailLength = Swift.min(DigestState.tailCheck, reader.state.offset)
      reader.state.tailCRC =
        checksum(fd, (reader.state.offset - reader.state.tailLength)..<reader.state.offset) ?? 0
    }
    let digest = reader.finish(bytesRead: reader.state.offset - start)
    if let cache, reader.state.offset != start || reader.fresh {
      DigestFile.write(digest, to: cache)
    }
    return digest
  }

  /// Whether the journal's bytes at the checked places are what the digest read.
  static func matches(_ fd: Int32, _ s: DigestState) -> Bool {
    guard s.headLength <= s.offset, s.tailLength <= s.offset else { return false }
    return checksum(fd, 0..<s.headLength) == s.headCRC
      && checksum(fd, (s.offset - s.tailLength)..<s.offset) == s.tailCRC
  }

  /// The CRC-32 of a range of a file, or nil when it cannot be read whole.
  static func checksum(_ fd: Int32, _ range: Range<Int>) -> UInt32? {
    var buffer = [UInt8](repeating: 0, count: range.count)
    let got = buffer.withUnsafeMutableBytes {
      pread(fd, $0.baseAddress, range.count, off_t(range.lowerBound))
    }
    guard got == range.count else { return nil }
    return buffer.withUnsafeBufferPointer { CRC32.checksum($0) }
  }
}

/// Reads journal lines into a digest, line by line as `Journal.parse` reads them.
struct DigestBuilder {
  let annotator: String
  var state = DigestState()
  var bytes: [UInt8] = []
  var index: [String: Range<Int>] = [:]
  /// Tasks whose newest annotation changed in this read, not yet encoded: where each
  /// is in `changedList` (a dictionary of small values grows cheaply; the annotations
  /// themselves are moved only when the list grows).
  var changed: [String: Int] = [:]
  var changedList: [Annotation] = []
  /// The last snapshot's task as edited since: what a following text edit continues.
  var continued: Annotation?
  /// Whether the digest was started afresh (none, damaged, or the journal was rewritten).
  var fresh = true
  let decoder = JSONDecoder()

  /// The longest line held; a longer one is damaged and read past.
  let lineLimit: Int

  init(annotator: String, lineLimit: Int = InputLimits.standard.lineBytes) {
    self.annotator = annotator
    self.lineLimit = lineLimit
  }

  mutating func resume(_ d: JournalDigest) {
    state = d.state
    bytes = d.bytes
    index = d.index
    continued = d.state.continued.flatMap { s in s.withUnsafeBytes { AnnotationBinary.decode($0) } }
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
    guard
      let decoded = JournalLine.decode(
        Data(UnsafeBufferPointer(rebasing: line[9...])), with: decoder)
    else {
      state.problems += 1
      return
    }
    switch decoded {
    case .snapshot(let r):
      guard r.annotation.annotator == annotator else {
        state.problems += 1
        continued = nil
        return
      }
      record(r.annotation)
    case .edit(var e):
      guard let before = continued else {
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

  mutating func record(_ a: Annotation) {
    continued = a
    if let slot = changed[a.taskId] {
      if a.supersedes(changedList[slot]) { changedList[slot] = a }
      return
    }
    if let have = newest(a.taskId), !a.supersedes(have) { return }
    changed[a.taskId] = changedList.count
    changedList.append(a)
  }

  /// The newest annotation of a task so far.
  func newest(_ id: String) -> Annotation? {
    if let slot = changed[id] { return changedList[slot] }
    guard let r = index[id] else { return nil }
    return bytes.withUnsafeBytes {
      AnnotationBinary.decode(UnsafeRawBufferPointer(rebasing: $0[r]))
    }
  }

  /// The digest: changed tasks encoded, and the bytes compacted when most are stale.
  mutating func finish(bytesRead: Int) -> JournalDigest {
    state.continued = continued.map { a in
      var out: [UInt8] = []
      AnnotationBinary.encode(a, into: &out)
      return out
    }
    index.reserveCapacity(index.count + changed.count)
    for (id, slot) in changed {
      let from = bytes.count
      AnnotationBinary.encode(changedList[slot], into: &bytes)
      index[id] = from..<bytes.count
    }
    changed = [:]
    changedList = []
    let live = index.values.reduce(0) { $0 + $1.count }
    if bytes.count > 2 * live + (1 << 16) {
      var packed: [UInt8] = []
      packed.reserveCapacity(live)
      for (id, r) in index {
        let from = packed.count
        packed.append(contentsOf: bytes[r])
        index[id] = from..<packed.count
      }
      bytes = packed
    }
    return JournalDigest(
      annotator: annotator, bytes: bytes, index: index, state: state, bytesRead: bytesRead)
  }
}
