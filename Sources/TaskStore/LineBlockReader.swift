import Foundation

/// Reads a file in large blocks that each end at a line break, so blocks can be
/// parsed on different threads without copying lines out one by one.
///
/// A class for the same reason as `LineReader`: the file is closed exactly once.
final class LineBlockReader {
  private var fd: Int32
  private let path: String
  private let blockSize: Int
  private var leftover: [UInt8] = []
  private var eof = false

  /// Opens a file; blocks are about `blockSize` bytes (more when one line is longer).
  init(url: URL, blockSize: Int) throws {
    path = url.path
    // A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are refused by name.
    fd = try TextEncoding.openText(url.path)
    self.blockSize = max(1, blockSize)
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
      // One line longer than a block: read on, doubling so long lines stay linear.
      want = block.count
    }
    return block.isEmpty ? nil : block
  }

  /// `bytes` followed by up to `count` bytes read from the file; sets `eof` at the end.
  private func appendRead(to bytes: [UInt8], upTo count: Int) throws -> [UInt8] {
    var failure: Int32 = 0
    let out = [UInt8](unsafeUninitializedCapacity: bytes.count + count) { buf, initialized in
      guard let base = buf.baseAddress else { return }
      bytes.withUnsafeBufferPointer { old in
        if let o = old.baseAddress { base.initialize(from: o, count: old.count) }
      }
      var filled = bytes.count
      while filled < buf.count && fd >= 0 {
        let n = read(fd, base + filled, buf.count - filled)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { failure = errno }
        if n <= 0 {
          eof = true
          closeFile()
          break
        }
        filled += n
      }
      initialized = filled
    }
    if failure != 0 { throw StoreError.io(path: path, errno: failure, doing: "read") }
    return out
  }
}
