import Platform
import Synchronization

/// Where one task line lives in its file.
public struct TaskEntry: Sendable, Hashable {
  public var offset: UInt64
  public var length: UInt32
  /// 1-based line number, for error messages.
  public var line: UInt32
  /// The task id read from the line's head ("" when the line is not readable).
  public var id: String
}

/// One `tasks/*.jsonl` file: read line by line on demand through a line-offset index.
///
/// The index (offset, length, line, id per task) is built by a background
/// scan and cached in `.rubric/index/`; the cache is used only while the file's
/// size, mtime and a hash of its head and tail are unchanged. Tasks are never
/// all in memory: `read(_:)` fetches one line with `pread`.
public final class TaskFile: Sendable {
  public let url: URL
  /// The path relative to the store, e.g. `tasks/batch1.jsonl`.
  public let name: String
  let cacheURL: URL?
  let fd: Int32

  struct State {
    var entries: [TaskEntry] = []
    /// Position of each id (its first line), built with the index.
    var ids: [String: Int] = [:]
    var complete = false
  }
  let state = Mutex(State())
  /// `state`'s entry count and completeness as last published, read without the lock:
  /// the screen asks for them on every tick, and while the background scan merges a
  /// batch into the id map the lock is held for milliseconds.
  private let published = Atomic<Int>(0)
  private let finished = Atomic<Bool>(false)

  /// Opens a task file for reading; the index is not built until `indexInBackground` or `indexNow`.
  public init(url: URL, name: String, cacheDir: URL?) throws {
    self.url = url
    self.name = name
    fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw StoreError.io(path: url.path, errno: errno, doing: "open") }
    cacheURL = cacheDir?.appendingPathComponent(
      String(name.map { $0 == "/" ? "_" : $0 }) + ".idx")
  }

  deinit { close(fd) }

  /// Tasks indexed so far.
  public var count: Int { published.load(ordering: .acquiring) }
  /// Whether the index covers the whole file.
  public var isIndexed: Bool { finished.load(ordering: .acquiring) }
  /// The entry at a position, if indexed.
  public func entry(_ i: Int) -> TaskEntry? {
    state.withLock { i >= 0 && i < $0.entries.count ? $0.entries[i] : nil }
  }
  /// The position of a task id in this file, if indexed.
  public func position(of id: String) -> Int? { state.withLock { $0.ids[id] } }

  static func idMap(_ entries: [TaskEntry], from start: Int, into map: inout [String: Int]) {
    guard start < entries.count else { return }
    map.reserveCapacity(map.count + entries.count - start)
    // One hash per entry; the first line with an id keeps it.
    let pairs = (start..<entries.count).lazy.filter { !entries[$0].id.isEmpty }.map {
      (entries[$0].id, $0)
    }
    map.merge(pairs, uniquingKeysWith: { first, _ in first })
  }

  /// A copy of every indexed entry.
  public var entries: [TaskEntry] { state.withLock { $0.entries } }

  /// Reads the bytes of one entry's line.
  public func read(_ e: TaskEntry) throws -> Data {
    var data = Data(count: Int(e.length))
    let n = data.withUnsafeMutableBytes {
      pread(fd, $0.baseAddress, Int(e.length), off_t(e.offset))
    }
    if n < 0 { throw StoreError.io(path: url.path, errno: errno, doing: "read") }
    guard n == Int(e.length) else {
      throw StoreError.invalid(
        "the line ends \(Int(e.length) - n) bytes early: the file changed on disk while open (truncated or rewritten). Quit and reopen the store to read it again; nothing saved is lost"
      )
    }
    return data
  }

  /// Reads the first non-blank line without waiting for the index.
  public func firstEntry() -> TaskEntry? {
    if let e = entry(0) { return e }
    return entry(startingAt: 0, line: 1)
  }

  /// The first non-blank line at or after a byte offset, read without the index
  /// (`line` is the line number there, 0 when unknown).
  public func entry(startingAt start: UInt64, line: UInt32 = 0) -> TaskEntry? {
    // Line ends found with memchr; only a line's head (for its id) is kept, so a
    // first line of tens of megabytes costs a read, not a copy byte by byte.
    var offset: UInt64 = start
    var lineNo: UInt32 = line
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var head: [UInt8] = []
    var blank = true
    var length = 0
    var lineStart: UInt64 = start
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0D || b == 0x09 }
    while true {
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
      if n <= 0 { break }
      var i = 0
      while i < n {
        let nl = buffer.withUnsafeBytes { raw -> Int? in
          guard let base = raw.baseAddress, let p = memchr(base + i, 0x0A, n - i) else {
            return nil
          }
          return UnsafeRawPointer(p) - base
        }
        let end = nl ?? n
        if head.count < 256 { head += buffer[i..<min(end, i + 256 - head.count)] }
        if blank { blank = buffer[i..<end].allSatisfy(isSpace) }
        length += end - i
        guard nl != nil else { break }
        if !blank {
          return TaskEntry(
            offset: lineStart, length: UInt32(clamping: length), line: lineNo,
            id: TaskFile.extractID(head))
        }
        head.removeAll(keepingCapacity: true)
        blank = true
        length = 0
        if lineNo > 0 { lineNo += 1 }
        lineStart = offset + UInt64(end) + 1
        i = end + 1
      }
      offset += UInt64(n)
    }
    if length > 0 && !blank {
      return TaskEntry(
        offset: lineStart, length: UInt32(clamping: length), line: lineNo,
        id: TaskFile.extractID(head))
    }
    return nil
  }

  /// Builds the index on a background thread; `done` runs on that thread when finished.
  public func indexInBackground(done: (@Sendable () -> Void)? = nil) {
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      self.indexNow()
      done?()
    }
  }

  /// Builds the index (from the cache when it is still valid) and returns when complete.
  public func indexNow() {
    if state.withLock({ $0.complete }) { return }
    let signature = fileSignature()
    if let sig = signature, let cached = loadCache(sig) {
      var map: [String: Int] = [:]
      map.reserveCapacity(cached.count)
      TaskFile.idMap(cached, from: 0, into: &map)
      state.withLock {
        $0.entries = cached
        $0.ids = map
        $0.complete = true
        published.store(cached.count, ordering: .releasing)
        finished.store(true, ordering: .releasing)
      }
      return
    }
    scan()
    if let sig = signature { saveCache(sig) }
  }

  func scan() {
    let chunk = 4 << 20
    var buffer = [UInt8](repeating: 0, count: chunk)
    var offset: UInt64 = 0
    var lineStart: UInt64 = 0
    var lineNo: UInt32 = 1
    var head: [UInt8] = []
    var batch: [TaskEntry] = []
    var blank = true
    func finishLine(_ end: UInt64) {
      if !blank {
        batch.append(
          TaskEntry(
            offset: lineStart, length: UInt32(end - lineStart), line: lineNo,
            id: TaskFile.extractID(head)))
      }
      head.removeAll(keepingCapacity: true)
      blank = true
    }
    while true {
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, chunk, off_t(offset)) }
      if n <= 0 { break }
      buffer.withUnsafeBufferPointer { p in
        guard let base = p.baseAddress else { return }
        var i = 0
        while i < n {
          let remaining = n - i
          let found = memchr(base + i, 0x0A, remaining)
          let end =
            found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
          // Track the head of the line (for the id) and whether it is blank.
          if head.count < 512 {
            let take = min(512 - head.count, end - i)
            head.append(contentsOf: UnsafeBufferPointer(start: base + i, count: take))
          }
          if blank {
            for j in i..<end where base[j] != 0x20 && base[j] != 0x0D && base[j] != 0x09 {
              blank = false
              break
            }
          }
          if found == nil { break }
          finishLine(offset + UInt64(end))
          lineNo += 1
          lineStart = offset + UInt64(end) + 1
          i = end + 1
        }
      }
      offset += UInt64(n)
      if batch.count >= 4096 {
        publish(batch, complete: false)
        batch.removeAll(keepingCapacity: true)
      }
    }
    if offset > lineStart {
      finishLine(offset)
    }
    publish(batch, complete: true)
  }

  /// Makes scanned entries (and their ids) visible to readers.
  func publish(_ batch: [TaskEntry], complete: Bool) {
    state.withLock {
      let start = $0.entries.count
      $0.entries.append(contentsOf: batch)
      TaskFile.idMap($0.entries, from: start, into: &$0.ids)
      published.store($0.entries.count, ordering: .releasing)
      if complete {
        $0.complete = true
        finished.store(true, ordering: .releasing)
      }
    }
  }

  /// The id of a canonical line from its head, without parsing the whole line.
  package static func extractID(_ head: [UInt8]) -> String {
    let prefix = Array(#"{"id":""#.utf8)
    var start = 0
    while start < head.count
      && (head[start] == 0x20 || head[start] == 0xEF || head[start] == 0xBB || head[start] == 0xBF)
    {
      start += 1
    }
    if head.count - start > prefix.count, Array(head[start..<start + prefix.count]) == prefix {
      var j = start + prefix.count
      while j < head.count && head[j] != 0x22 && head[j] != 0x5C { j += 1 }
      if j < head.count && head[j] == 0x22 {
        return String(decoding: head[(start + prefix.count)..<j], as: UTF8.self)
      }
    }
    return ""
  }

  // MARK: - Cache

  struct Signature: Codable, Equatable {
    var size: UInt64
    var mtime: Int64
    var hash: UInt64
  }

  func fileSignature() -> Signature? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    let size = UInt64(st.st_size)
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var buffer = [UInt8](repeating: 0, count: 65536)
    for start in [UInt64(0), size > 65536 ? size - 65536 : 0] {
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 65536, off_t(start)) }
      if n > 0 {
        for b in buffer[0..<n] {
          h ^= UInt64(b)
          h = h &* 0x100_0000_01b3
        }
      }
    }
    let mtime = FileStatus.modifiedNanoseconds(st)
    return Signature(size: size, mtime: mtime, hash: h)
  }

  func loadCache(_ sig: Signature) -> [TaskEntry]? {
    guard let url = cacheURL, let data = try? Data(contentsOf: url), data.count >= 32 else {
      return nil
    }
    return data.withUnsafeBytes { raw -> [TaskEntry]? in
      var p = 0
      func u64() -> UInt64? {
        guard p + 8 <= raw.count else { return nil }
        let v = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
        p += 8
        return v
      }
      func u32() -> UInt32? {
        guard p + 4 <= raw.count else { return nil }
        let v = raw.loadUnaligned(fromByteOffset: p, as: UInt32.self)
        p += 4
        return v
      }
      guard u64() == TaskFile.cacheMagic, u64() == sig.size, u64() == UInt64(bitPattern: sig.mtime),
        u64() == sig.hash, let count = u64(), count < 100_000_000
      else { return nil }
      var out: [TaskEntry] = []
      out.reserveCapacity(Int(count))
      for _ in 0..<count {
        guard let off = u64(), let len = u32(), let line = u32(), let idLen = u32(),
          p + Int(idLen) <= raw.count
        else { return nil }
        let id = String(
          decoding: UnsafeRawBufferPointer(rebasing: raw[p..<p + Int(idLen)]), as: UTF8.self)
        p += Int(idLen)
        out.append(TaskEntry(offset: off, length: len, line: line, id: id))
      }
      return out
    }
  }

  static let cacheMagic: UInt64 = 0x5255_4249_4358_3031  // "RUBICX01"

  func saveCache(_ sig: Signature) {
    guard let url = cacheURL else { return }
    var data = Data()
    func put<T: FixedWidthInteger>(_ v: T) {
      withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
    }
    let entries = self.entries
    put(TaskFile.cacheMagic)
    put(sig.size)
    put(UInt64(bitPattern: sig.mtime))
    put(sig.hash)
    put(UInt64(entries.count))
    for e in entries {
      put(e.offset)
      put(e.length)
      put(e.line)
      let id = Array(e.id.utf8)
      put(UInt32(id.count))
      data.append(contentsOf: id)
    }
    // A cache is rebuildable: a plain atomic write is enough.
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: url, options: .atomic)
  }
}
