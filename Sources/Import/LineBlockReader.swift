import Foundation
import TaskStore

/// Reads a file in large blocks that each end at a line break, so blocks can be
/// parsed on different threads without copying lines out one by one.
///
/// A line longer than the limit is never held: it is read past in chunks and left
/// out of the blocks, and noted in `oversized` (unless it holds only white space,
/// which makes it a blank line). Memory stays bounded by the block size and the
/// limit, whatever the file holds.
///
/// A class for the same reason as `LineReader`: the file is closed exactly once.
final class LineBlockReader {
  private var fd: Int32
  private let path: String
  private let blockSize: Int
  private let lineLimit: Int
  private var leftover: [UInt8] = []
  private var eof = false
  /// Bytes read from the file so far (after a byte-order mark).
  private var consumed = 0
  private let start: Int
  /// Lines left out for their length: where each starts in the file and how long it is.
  private(set) var oversized: [(offset: Int, length: Int)] = []

  /// Opens a file; blocks are about `blockSize` bytes (more when one line is longer).
  init(url: URL, blockSize: Int, lineLimit: Int = InputLimits.standard.lineBytes) throws {
    path = url.path
    // A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are refused by name.
    fd = try TextEncoding.openText(url.path)
    start = Int(lseek(fd, 0, SEEK_CUR))
    self.blockSize = max(1, blockSize)
    self.lineLimit = max(1, lineLimit)
  }

  deinit { closeFile() }

  private func closeFile() {
    if fd >= 0 {
      close(fd)
      fd = -1
    }
  }

  /// The next block of whole lines (the last may lack its final newline), or nil at the end.
  func next() throws -> [UInt8]? {
    var block = leftover
    leftover = []
    var want = blockSize
    while !eof {
      block = try appendRead(to: block, upTo: want)
      // Keep the unfinished last line for the next block.
      if let nl = block.lastIndex(of: 0x0A) {
        if nl + 1 < block.count {
          leftover = Array(block[(nl + 1)...])
          block.removeSubrange((nl + 1)...)
        }
        return block
      }
      // The block is one unfinished line: past the limit it is read past, not held.
      if block.count > lineLimit {
        block = try skipLine(from: block)
        want = blockSize
        continue
      }
      // One line longer than a block: read on, doubling so long lines stay linear.
      want = block.count
    }
    return block.isEmpty ? nil : block
  }

  /// Reads past the rest of a line that began with `head`; returns a line break in
  /// its place and what follows it (up to the end of the chunk that held it), or
  /// nothing at the end.
  private func skipLine(from head: [UInt8]) throws -> [UInt8] {
    let offset = start + consumed - head.count
    var length = head.count
    var blank = head.allSatisfy(InputLimits.isSpace)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while !eof {
      let n = try chunk.withUnsafeMutableBytes { try readSome(into: $0) }
      guard n > 0 else { break }
      if let nl = chunk[0..<n].firstIndex(of: 0x0A) {
        length += nl
        if blank { blank = chunk[0..<nl].allSatisfy(InputLimits.isSpace) }
        if !blank { oversized.append((offset, length)) }
        // An empty line stands in for it, so the lines after it keep their numbers.
        return [0x0A] + chunk[(nl + 1)..<n]
      }
      length += n
      if blank { blank = chunk[0..<n].allSatisfy(InputLimits.isSpace) }
    }
    if !blank { oversized.append((offset, length)) }
    return []
  }

  /// One `read`; 0 (and `eof` set, the file closed) at the end.
  private func readSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while fd >= 0 {
      let n = read(fd, buffer.baseAddress, buffer.count)
      if n < 0 && errno == EINTR { continue }
      if n < 0 { throw StoreError.io(path: path, errno: errno, doing: "read") }
      if n == 0 { break }
      consumed += n
      return n
    }
    eof = true
    closeFile()
    return 0
  }

  /// `bytes` followed by up to `count` bytes read from the file; sets `eof` at the end.
  private func appendRead(to bytes: [UInt8], upTo count: Int) throws -> [UInt8] {
    var failure: Error?
    let out = [UInt8](unsafeUninitializedCapacity: bytes.count + count) { buf, initialized in
      guard let base = buf.baseAddress else { return }
      bytes.withUnsafeBufferPointer { old in
        if let o = old.baseAddress { base.initialize(from: o, count: old.count) }
      }
      var filled = bytes.count
      do {
        while filled < buf.count {
          let n = try readSome(
            into: UnsafeMutableRawBufferPointer(start: base + filled, count: buf.count - filled))
          if n == 0 { break }
          filled += n
        }
      } catch {
        failure = error
      }
      initialized = filled
    }
    if let failure { throw failure }
    return out
  }

  /// The 1-based line numbers at which the given byte offsets of the file fall,
  /// found by counting line breaks (only done when a line was left out).
  static func lineNumbers(of offsets: [Int], in url: URL) -> [Int] {
    guard !offsets.isEmpty, let fd = try? TextEncoding.openText(url.path) else {
      return offsets.map { _ in 0 }
    }
    defer { close(fd) }
    var at = Int(lseek(fd, 0, SEEK_CUR))
    var line = 1
    var out: [Int] = []
    var pending = offsets.sorted()[...]
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while let next = pending.first {
      let n = chunk.withUnsafeMutableBytes {
        read(fd, $0.baseAddress, min($0.count, max(1, next - at)))
      }
      if n <= 0 || next <= at {
        out.append(line)
        pending.removeFirst()
        continue
      }
      line += chunk[0..<n].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      at += n
    }
    return out
  }
}
