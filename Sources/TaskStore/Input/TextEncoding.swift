import Platform

/// How a text file begins: a UTF-8 byte-order mark to skip, or an encoding Rubric refuses.
package enum TextEncoding {
  /// Opens a text file for reading, positioned after a UTF-8 byte-order mark;
  /// throws for UTF-16 and UTF-32 (the descriptor is closed then).
  package static func openText(_ path: String) throws -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw StoreError.io(path: path, errno: errno, doing: "open") }
    do {
      let skip = try bytesToSkip(fd, path: path)
      if skip > 0 { lseek(fd, off_t(skip), SEEK_SET) }
    } catch {
      close(fd)
      throw error
    }
    return fd
  }

  /// Looks at a file's first bytes and returns how many to skip (a UTF-8 BOM),
  /// or throws for UTF-16 and UTF-32, with or without a BOM, naming the encoding
  /// and the command that converts the file.
  static func bytesToSkip(_ fd: Int32, path: String) throws -> Int {
    var head = [UInt8](repeating: 0xAA, count: 4)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, 0) }
    guard n > 0 else { return 0 }
    let b = Array(head.prefix(n))
    if b.starts(with: [0xEF, 0xBB, 0xBF]) { return 3 }
    guard let name = wideEncoding(b) else { return 0 }
    throw StoreError.invalid(
      "\(path): the file is \(name) text; Rubric reads UTF-8. Convert it first: iconv -f \(name) -t UTF-8 \(path) > converted.jsonl"
    )
  }

  /// The UTF-16 or UTF-32 encoding a file's first bytes show (with or without a BOM); nil for anything else.
  package static func wideEncoding(_ b: [UInt8]) -> String? {
    guard b.count >= 2 else { return nil }
    let q = b.count >= 4 ? (b[0], b[1], b[2], b[3]) : (b[0], b[1], 0xAA, 0xAA)
    switch q {
    case (0xFF, 0xFE, 0x00, 0x00),
      (_, 0x00, 0x00, 0x00) where b.count >= 4 && b[0] != 0:
      return "UTF-32LE"
    case (0x00, 0x00, 0xFE, 0xFF),
      (0x00, 0x00, 0x00, _) where b.count >= 4 && b[3] != 0:
      return "UTF-32BE"
    case (0xFF, 0xFE, _, _),
      (_, 0x00, _, 0x00) where b[0] != 0:
      return "UTF-16LE"
    case (0xFE, 0xFF, _, _),
      (0x00, _, 0x00, _) where b[1] != 0:
      return "UTF-16BE"
    default: return nil
    }
  }
}
