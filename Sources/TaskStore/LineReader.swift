import Foundation

/// Reads a file line by line in large chunks, without loading it whole.
///
/// A class, so the file is closed exactly once: at the end of the data or
/// when the reader goes away, whichever comes first. (Closing twice would
/// close whatever another thread opened under the same number.)
public final class LineReader: Sequence, IteratorProtocol {
  var fd: Int32
  var buffer: [UInt8] = []
  var start = 0
  var eof = false
  var lineNo = 0
  let chunk: Int

  /// Opens a file for line reading.
  public init(url: URL, chunk: Int = 1 << 20) throws {
    // A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are refused by name.
    fd = try TextEncoding.openText(url.path)
    self.chunk = chunk
  }

  /// The next line (1-based number, bytes without the newline), or nil at the end.
  deinit { closeFile() }

  func closeFile() {
    if fd >= 0 {
      close(fd)
      fd = -1
    }
  }

  public func next() -> (line: Int, bytes: Data)? {
    while true {
      if let nl = buffer[start...].firstIndex(of: 0x0A) {
        var end = nl
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let out = Data(buffer[start..<end])
        start = nl + 1
        lineNo += 1
        return (lineNo, out)
      }
      if eof {
        guard start < buffer.count else {
          closeFile()
          return nil
        }
        let out = Data(buffer[start...])
        start = buffer.count
        lineNo += 1
        return (lineNo, out)
      }
      if start > 0 {
        buffer.removeFirst(start)
        start = 0
      }
      var more = [UInt8](repeating: 0, count: chunk)
      let n = fd < 0 ? 0 : more.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
      if n <= 0 {
        eof = true
      } else {
        buffer.append(contentsOf: more[0..<n])
      }
    }
  }
}
