import TaskStore

/// Streams the records of a JSON array out as one line each, never holding the array.
///
/// Records are cut by bracket depth outside strings; white space between tokens
/// (a pretty-printed array) is dropped, so each record is one compact line. The
/// records themselves are parsed later, by the importer, which reports a bad
/// record by its index; what breaks the array's own syntax is reported here
/// with the record index and byte offset, and stops the import.
enum JSONArrayLines {
  /// Converts an array to lines; returns each record's byte offset in the stream.
  static func convert(_ stream: ByteStream, name: String, into writer: LineWriter) throws -> [Int] {
    var p = Parser(name: name, writer: writer)
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var offset = 0
    while true {
      let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
      if n == 0 { break }
      try p.feed(buffer[0..<n], at: offset)
      offset += n
    }
    try p.finish(at: offset)
    return p.offsets
  }

  struct Parser {
    enum State {
      /// Before the opening bracket (a byte-order mark and spaces allowed).
      case start
      /// After `[` or `,`: a record or (after `[` only) the closing bracket.
      case beforeRecord(afterComma: Bool)
      case inRecord
      /// After a record: `,` or `]`.
      case afterRecord
      case done
    }

    let name: String
    let writer: LineWriter
    var state = State.start
    var offsets: [Int] = []
    var depth = 0
    var inString = false
    var escaped = false
    var bomLeft = 3

    init(name: String, writer: LineWriter) {
      self.name = name
      self.writer = writer
    }

    func fail(_ what: String, at offset: Int) -> StoreError {
      StoreError.invalid(
        "\(name): JSON array, record \(offsets.count + (inRecordState ? 0 : 1)) at byte \(offset): \(what)"
      )
    }

    var inRecordState: Bool {
      if case .inRecord = state { return true }
      return false
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    mutating func feed(_ bytes: ArraySlice<UInt8>, at base: Int) throws {
      var i = bytes.startIndex
      while i < bytes.endIndex {
        let b = bytes[i]
        let at = base + (i - bytes.startIndex)
        switch state {
        case .start:
          if bomLeft > 0 && at < 3 && b == [0xEF, 0xBB, 0xBF][at] {
            bomLeft -= 1
          } else if b == UInt8(ascii: "[") {
            state = .beforeRecord(afterComma: false)
          } else if !Parser.isSpace(b) {
            throw fail("expected \"[\" to open the array", at: at)
          }
          i += 1
        case .beforeRecord(let afterComma):
          if Parser.isSpace(b) {
            i += 1
          } else if b == UInt8(ascii: "]") && !afterComma {
            state = .done
            i += 1
          } else if b == UInt8(ascii: "]") || b == UInt8(ascii: ",") {
            throw fail("expected a record", at: at)
          } else {
            offsets.append(at)
            state = .inRecord
            depth = 0
          }
        case .inRecord:
          // Copy a run of the record at once, up to the byte that may end it.
          var j = i
          var ended = false
          while j < bytes.endIndex {
            let c = bytes[j]
            if inString {
              if escaped {
                escaped = false
              } else if c == 0x5C {
                escaped = true
              } else if c == 0x22 {
                inString = false
              } else if c == 0x0A || c == 0x0D {
                throw fail("a line break inside a string", at: base + (j - bytes.startIndex))
              }
            } else if c == 0x22 {
              inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
              depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
              if depth == 0 {
                ended = true
                break
              }
              depth -= 1
              if depth == 0 {
                j += 1
                ended = true
                break
              }
            } else if depth == 0 && c == UInt8(ascii: ",") {
              ended = true
              break
            } else if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
              // Insignificant white space is dropped: the record becomes the compact
              // line a JSONL file of the same data holds, and so gets the same id.
              try writer.write(bytes[i..<j])
              i = j + 1
            }
            j += 1
          }
          if i < j { try writer.write(bytes[i..<j]) }
          i = j
          if ended {
            try writer.append(0x0A)
            state = .afterRecord
          }
        case .afterRecord:
          if Parser.isSpace(b) {
            i += 1
          } else if b == UInt8(ascii: ",") {
            state = .beforeRecord(afterComma: true)
            i += 1
          } else if b == UInt8(ascii: "]") {
            state = .done
            i += 1
          } else {
            throw StoreError.invalid(
              "\(name): JSON array, after record \(offsets.count) at byte \(at): expected \",\" or \"]\""
            )
          }
        case .done:
          if !Parser.isSpace(b) { throw fail("text after the array's closing \"]\"", at: at) }
          i += 1
        }
      }
    }

    mutating func finish(at end: Int) throws {
      switch state {
      case .done: return
      case .inRecord: throw fail("the array ends inside this record (a cut-off file?)", at: end)
      default: throw fail("the array ends without its closing \"]\" (a cut-off file?)", at: end)
      }
    }
  }
}
