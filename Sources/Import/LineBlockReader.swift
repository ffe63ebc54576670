import Platform
import TaskStore

/// Reads a file or a stream in large blocks that each end at a line break, so
/// blocks can be parsed on different threads without copying lines out one by one.
///
/// A line longer than the limit is never held: it is read past in chunks, an
/// empty line stands in for it (so the lines after it keep their numbers), and
/// it is noted in `oversized` (unless it holds only white space, which makes it
/// a blank line). Memory stays bounded by the block size and the limit,
/// whatever the input holds.
///
/// A class for the same reason as `LineReader`: the file is closed exactly once.
final class LineBlockReader {
  private var source: ByteStream?
  private let blockSize: Int
  private let lineLimit: Int
  private var leftover: [UInt8] = []
  /// Blocks handed out so far.
  private var blocks = 0
  /// Lines left out for their length: the index of the block whose first line
  /// stands in for each (the count of blocks when it ran to the end), and how long it was.
  private(set) var oversized: [(block: Int, length: Int)] = []

  /// Opens a file; blocks are about `blockSize` bytes (more when one line is longer).
  convenience init(url: URL, blockSize: Int, lineLimit: Int = InputLimits.standard.lineBytes)
    throws
  {
    // A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are refused by name.
    let fd = try TextEncoding.openText(url.path)
    self.init(FDStream(fd: fd, name: url.path), blockSize: blockSize, lineLimit: lineLimit)
  }

  /// Reads a stream of lines (decompressed data, standard input) as it comes.
  init(_ source: ByteStream, blockSize: Int, lineLimit: Int = InputLimits.standard.lineBytes) {
    self.source = source
    self.blockSize = max(1, blockSize)
    self.lineLimit = max(1, lineLimit)
  }

  private var atEnd: Bool { source == nil }

  /// The next block of whole lines (the last may lack its final newline), or nil at the end.
  func next() throws -> [UInt8]? {
    var block = leftover
    leftover = []
    var want = blockSize
    while !atEnd {
      block = try appendRead(to: block, upTo: want)
      // Keep the unfinished last line for the next block.
      if let nl = block.lastIndex(of: 0x0A) {
        if nl + 1 < block.count {
          leftover = Array(block[(nl + 1)...])
          block.removeSubrange((nl + 1)...)
        }
        blocks += 1
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
    if block.isEmpty { return nil }
    blocks += 1
    return block
  }

  /// Reads past the rest of a line that began with `head`; returns a line break in
  /// its place and what follows it (up to the end of the chunk that held it), or
  /// nothing at the end. The line break is the next block's first byte.
  private func skipLine(from head: [UInt8]) throws -> [UInt8] {
    var length = head.count
    var blank = head.allSatisfy(InputLimits.isSpace)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while !atEnd {
      let n = try chunk.withUnsafeMutableBytes { try readSome(into: $0) }
      guard n > 0 else { break }
      if let nl = chunk[0..<n].firstIndex(of: 0x0A) {
        length += nl
        if blank { blank = chunk[0..<nl].allSatisfy(InputLimits.isSpace) }
        if !blank { oversized.append((blocks, length)) }
        return [0x0A] + chunk[(nl + 1)..<n]
      }
      length += n
      if blank { blank = chunk[0..<n].allSatisfy(InputLimits.isSpace) }
    }
    if !blank { oversized.append((blocks, length)) }
    return []
  }

  /// One read; 0 (and the source let go, closing a file) at the end.
  private func readSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let source else { return 0 }
    let n = try source.read(into: buffer)
    if n == 0 { self.source = nil }
    return n
  }

  /// `bytes` followed by up to `count` bytes read from the source; lets it go at the end.
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
}

/// The line each block starts at, kept as blocks are converted, to number the
/// lines a `LineBlockReader` left out for their length.
struct BlockLines {
  /// For each block handed on, the number of lines before it.
  private var starts: [Int] = []
  /// Lines in every block handed on.
  private(set) var total = 0

  /// Counts a block of `lines` lines; returns the number of lines before it.
  mutating func add(_ lines: Int) -> Int {
    starts.append(total)
    total += lines
    return starts[starts.count - 1]
  }

  /// The 1-based line number of a line that stood in at the start of block `block`.
  func lineStarting(block: Int) -> Int {
    (block < starts.count ? starts[block] : total) + 1
  }
}
