import Platform

/// Reads a file line by line in large chunks, without loading it whole.
///
/// A line longer than `lineLimit` is read past, never held: it comes out empty,
/// and its number and length are noted in `oversized` (unless it held only white
/// space). Each byte is looked at once, so time is linear in the file.
///
/// A class, so the file is closed exactly once: at the end of the data or
/// when the reader goes away, whichever comes first. (Closing twice would
/// close whatever another thread opened under the same number.)
public final class LineReader: Sequence, IteratorProtocol {
  var fd: Int32
  var buffer: [UInt8] = []
  var start = 0
  /// Where the search for the next newline goes on (bytes before it hold none).
  var scanned = 0
  var eof = false
  var lineNo = 0
  let chunk: Int
  let lineLimit: Int
  /// Lines given out empty because they were too long: their numbers and lengths.
  public private(set) var oversized: [(line: Int, length: Int)] = []
  /// Whether empty lines are passed over (counted, never given out): a file of
  /// gigabytes of line breaks is then read at the speed of the disk.
  public var skipsEmptyLines = false

  /// Opens a file for line reading.
  public init(url: URL, chunk: Int = 1 << 20, lineLimit: Int = InputLimits.standard.lineBytes)
    throws
  {
    // A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are refused by name.
    fd = try TextEncoding.openText(url.path)
    self.chunk = chunk
    self.lineLimit = Swift.max(1, lineLimit)
  }

  deinit { closeFile() }

  func closeFile() {
    if fd >= 0 {
      close(fd)
      fd = -1
    }
  }

  /// The next line (1-based number, bytes without the newline), or nil at the end.
  public func next() -> (line: Int, bytes: Data)? {
    while true {
      if skipsEmptyLines {
        while start < buffer.count && buffer[start] == 0x0A {
          start += 1
          lineNo += 1
        }
        scanned = Swift.max(scanned, start)
      }
      if let nl = buffer[scanned...].firstIndex(of: 0x0A) {
        var end = nl
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let out = Data(buffer[start..<end])
        start = nl + 1
        scanned = start
        lineNo += 1
        return (lineNo, out)
      }
      scanned = buffer.count
      if eof {
        guard start < buffer.count else {
          closeFile()
          return nil
        }
        let out = Data(buffer[start...])
        start = buffer.count
        scanned = start
        lineNo += 1
        return (lineNo, out)
      }
      if start > 0 {
        buffer.removeFirst(start)
        scanned -= start
        start = 0
      }
      if buffer.count > lineLimit {
        lineNo += 1
        skipLongLine()
        return (lineNo, Data())
      }
      readChunk()
    }
  }

  /// Appends one chunk of the file to the buffer; sets `eof` at the end.
  private func readChunk() {
    var more = [UInt8](repeating: 0, count: chunk)
    var n = -1
    while fd >= 0 {
      n = more.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
      if n >= 0 || errno != EINTR { break }
    }
    if n <= 0 {
      eof = true
    } else {
      buffer.append(contentsOf: more[0..<n])
    }
  }

  /// Reads past the rest of the line that fills the buffer, keeping what follows it.
  private func skipLongLine() {
    var length = buffer.count
    var blank = buffer.allSatisfy(InputLimits.isSpace)
    buffer = []
    start = 0
    scanned = 0
    while !eof {
      readChunk()
      if let nl = buffer.firstIndex(of: 0x0A) {
        length += nl
        if blank { blank = buffer[..<nl].allSatisfy(InputLimits.isSpace) }
        buffer.removeSubrange(...nl)
        break
      }
      length += buffer.count
      if blank { blank = buffer.allSatisfy(InputLimits.isSpace) }
      buffer = []
    }
    if !blank { oversized.append((lineNo, length)) }
  }
}
