import Foundation

/// Reads a file line by line in large chunks, without loading it whole.
public struct LineReader: Sequence, IteratorProtocol {
  let fd: Int32
  var buffer: [UInt8] = []
  var start = 0
  var eof = false
  var lineNo = 0
  let chunk: Int

  /// Opens a file for line reading.
  public init(url: URL, chunk: Int = 1 << 20) throws {
    fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw StoreError.io(path: url.path, errno: errno, doing: "open") }
    self.chunk = chunk
  }

  /// The next line (1-based number, bytes without the newline), or nil at the end.
  public mutating func next() -> (line: Int, bytes: Data)? {
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
          close(fd)
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
      let n = more.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
      if n <= 0 {
        eof = true
      } else {
        buffer.append(contentsOf: more[0..<n])
      }
    }
  }
}
