import Annotation
import CSystem
import Platform

/// A JSON parser over UTF-8 bytes, several times faster than JSONDecoder for task lines.
///
/// Invalid UTF-8 and lone surrogate escapes are replaced with U+FFFD and
/// reported through `repaired`, never dropped; nesting deeper than `maxDepth`
/// is an error rather than a stack overflow.
public struct FastJSON: ~Copyable {
  /// A syntax error at a byte offset.
  public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "\(message) at byte \(offset + 1)" }

    /// An error at `offset`.
    public init(offset: Int, message: String) {
      self.offset = offset
      self.message = message
    }
  }

  /// The deepest nesting accepted.
  public static let maxDepth = 256

  let bytes: UnsafeBufferPointer<UInt8>
  var i = 0
  /// Unescaped bytes of the string being read (kept between strings to save allocations).
  var scratch = JSONOutput(capacity: 256)
  /// Members of the objects being read, innermost last.
  var members: [(String, JSONValue)] = []
  /// Whether invalid text had to be replaced.
  public internal(set) var repaired = false

  /// Parses one JSON document.
  public static func parse(_ data: some Collection<UInt8>) throws(SyntaxError) -> (
    value: JSONValue, repaired: Bool
  ) {
    var result: Result<(JSONValue, Bool), SyntaxError> = .failure(
      SyntaxError(offset: 0, message: "empty"))
    // Parse in place when the bytes are contiguous (Data, Array); copy only otherwise.
    let parsed: Void? = data.withContiguousStorageIfAvailable { buf in
      result = parseBuffer(buf)
    }
    if parsed == nil { result = Array(data).withUnsafeBufferPointer { parseBuffer($0) } }
    return try result.get()
  }

  static func parseBuffer(_ buf: UnsafeBufferPointer<UInt8>) -> Result<
    (JSONValue, Bool), SyntaxError
  > {
    var result: Result<(JSONValue, Bool), SyntaxError> = .failure(
      SyntaxError(offset: 0, message: "empty"))
    do throws(SyntaxError) {
      var p = FastJSON(bytes: buf)
      p.skipSpace()
      let v = try p.value(depth: 0)
      p.skipSpace()
      if p.i != buf.count { throw p.fail("unexpected text after the JSON value") }
      result = .success((v, p.repaired))
    } catch {
      result = .failure(error)
    }
    return result
  }

  func fail(_ m: String) -> SyntaxError { SyntaxError(offset: i, message: m) }

  mutating func skipSpace() {
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
    }
  }

  mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
    guard i < bytes.count else { throw fail("unexpected end of input") }
    switch bytes[i] {
    case UInt8(ascii: "{"):
      guard depth < FastJSON.maxDepth else {
        throw fail("nested too deeply (more than \(FastJSON.maxDepth) levels)")
      }
      i += 1
      skipSpace()
      if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .object([:])
      }
      // Members collect on a stack shared by all nesting levels; the dictionary is
      // then built once at its final size instead of growing member by member.
      let base = members.count
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
          throw fail("expected a key in quotes")
        }
        let key = try string()
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
          throw fail("expected ':' after a key")
        }
        i += 1
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        if try another(UInt8(ascii: "}")) { continue }
        // Duplicate keys: the last wins, as in Python.
        let obj = Dictionary(members[base...], uniquingKeysWith: { _, last in last })
        members.removeSubrange(base...)
        return .object(obj)
      }
    case UInt8(ascii: "["):
      guard depth < FastJSON.maxDepth else {
        throw fail("nested too deeply (more than \(FastJSON.maxDepth) levels)")
      }
      i += 1
      var arr: [JSONValue] = []
      skipSpace()
      if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .array(arr)
      }
      while true {
        skipSpace()
        arr.append(try value(depth: depth + 1))
        if try another(UInt8(ascii: "]")) { continue }
        return .array(arr)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    default:
      return try number()
    }
  }

  /// After a member or an element: true when a comma says another follows, false at
  /// `close` (`}` or `]`), which is read.
  @inline(__always) mutating func another(_ close: UInt8) throws(SyntaxError) -> Bool {
    skipSpace()
    guard i < bytes.count else {
      throw fail(close == UInt8(ascii: "}") ? "unterminated object" : "unterminated array")
    }
    if bytes[i] == UInt8(ascii: ",") {
      i += 1
      return true
    }
    guard bytes[i] == close else {
      throw fail(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
    }
    i += 1
    return false
  }

  mutating func literal(_ word: StaticString) throws(SyntaxError) {
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { throw fail("unexpected end of input") }
    let w = word.utf8Start
    for k in 0..<n where bytes[i + k] != w[k] { throw fail("unexpected character") }
    i += n
  }

  mutating func number() throws(SyntaxError) -> JSONValue {
    let start = i
    var isInt = true
    if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 else {
      throw fail("unexpected character")
    }
    while i < bytes.count {
      let c = bytes[i]
      if c >= 0x30 && c <= 0x39 {
        i += 1
      } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        || c == UInt8(ascii: "+")
        || c == UInt8(ascii: "-")
      {
        isInt = false
        i += 1
      } else {
        break
      }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    if isInt, let n = Int64(text) { return .int(n) }
    guard let d = Double(text) else {
      throw SyntaxError(offset: start, message: "bad number \"\(text)\"")
    }
    return .double(d)
  }

  mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: throw fail("bad \\u escape")
      }
      v = v << 4 | d
      i += 1
    }
    return v
  }

  mutating func string() throws(SyntaxError) -> String {
    i += 1
    let start = i
    i = ByteScan.firstJSONSpecial(bytes, from: i, end: bytes.count)
    guard i < bytes.count else { throw fail("unterminated string") }
    if bytes[i] == UInt8(ascii: "\"") {
      // No escapes: the text is the bytes themselves.
      let (s, bad) = FastJSON.text(UnsafeBufferPointer(rebasing: bytes[start..<i]))
      if bad { repaired = true }
      i += 1
      return s
    }
    try unescapeRest(from: start)
    let (s, bad) = scratch.withBytes { FastJSON.text($0) }
    if bad { repaired = true }
    return s
  }

  /// Decodes a string whose text from `start` up to `i` (a backslash or a control)
  /// held nothing to undo into `scratch`, and moves past its closing quote.
  mutating func unescapeRest(from start: Int) throws(SyntaxError) {
    scratch.removeAll()
    scratch.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
    guard let base = bytes.baseAddress else { throw fail("unterminated string") }
    let n = bytes.count
    while i < n {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        return
      }
      if c < 0x20 { throw fail("control character in a string (escape it)") }
      try unescape()
      // Runs and the common escapes up to the next quote, control or \u, in C.
      var at = i
      scratch.appendInPlace(room: n - at + 16) { csystem_json_unescape(base, &at, n, $0) }
      i = at
    }
    throw fail("unterminated string")
  }

  /// Appends the character of the escape at `i` (a backslash) to `scratch`.
  mutating func unescape() throws(SyntaxError) {
    i += 1
    guard i < bytes.count else { throw fail("unterminated escape") }
    let e = bytes[i]
    i += 1
    switch e {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var v = try hex4()
      if v >= 0xD800 && v <= 0xDBFF {
        if i + 6 <= bytes.count && bytes[i] == 0x5C && bytes[i + 1] == UInt8(ascii: "u") {
          let save = i
          i += 2
          let w = try hex4()
          if w >= 0xDC00 && w <= 0xDFFF {
            v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00)
          } else {
            i = save
            v = 0xFFFD
            repaired = true
          }
        } else {
          v = 0xFFFD
          repaired = true
        }
      } else if v >= 0xDC00 && v <= 0xDFFF {
        v = 0xFFFD
        repaired = true
      }
      // v is a scalar here: surrogates were paired or replaced above.
      if v < 0x80 {
        scratch.append(UInt8(v))
      } else if v < 0x800 {
        scratch.append(UInt8(0xC0 | v >> 6))
        scratch.append(UInt8(0x80 | v & 0x3F))
      } else if v < 0x10000 {
        scratch.append(UInt8(0xE0 | v >> 12))
        scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
        scratch.append(UInt8(0x80 | v & 0x3F))
      } else {
        scratch.append(UInt8(0xF0 | v >> 18))
        scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
        scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
        scratch.append(UInt8(0x80 | v & 0x3F))
      }
    default: throw fail("unknown escape \\\(Character(Unicode.Scalar(e)))")
    }
  }

  /// A string from UTF-8 bytes, and whether invalid sequences had to become U+FFFD.
  static func text(_ utf8: UnsafeBufferPointer<UInt8>) -> (String, repaired: Bool) {
    // String(validating:) would do this in one call, but it runs unspecialised and
    // looks up generic metadata for every string (7% of an import). Decoding repairs
    // by inserting U+FFFD, so a result without one needs no second look.
    let s = String(decoding: utf8, as: UTF8.self)
    if !FastJSON.containsReplacementCharacter(s) || FastJSON.isValidUTF8(utf8) { return (s, false) }
    return (FastJSON.repairing(utf8), true)
  }

  /// Whether the text holds U+FFFD (UTF-8 EF BF BD), found with memchr.
  static func containsReplacementCharacter(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { b in
      guard let base = b.baseAddress else { return false }
      var i = 0
      while i + 2 < b.count, let p = memchr(base + i, 0xEF, b.count - i - 2) {
        i = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
        if b[i + 1] == 0xBF && b[i + 2] == 0xBD { return true }
        i += 1
      }
      return false
    }
  }

  /// The length of the valid UTF-8 sequence starting at `b[i]`, or 0 if it is not one.
  @inline(__always) static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let c = b[i]
    if c < 0x80 { return 1 }
    let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0
    guard len > 0, i + len <= b.count, c <= 0xF4 else { return 0 }
    for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return 0 }
    let b1 = b[i + 1]
    if len == 3 && ((c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 >= 0xA0)) { return 0 }
    if len == 4 && ((c == 0xF0 && b1 < 0x90) || (c == 0xF4 && b1 >= 0x90)) { return 0 }
    return len
  }

  /// Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
  static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    return csystem_utf8_valid(base, b.count) == 1
  }

  /// Replaces each byte that does not start a valid UTF-8 sequence with U+FFFD.
  static func repairing(_ b: UnsafeBufferPointer<UInt8>) -> String {
    var out = [UInt8]()
    out.reserveCapacity(b.count + 16)
    var i = 0
    while i < b.count {
      let len = sequenceLength(b, at: i)
      if len > 0 {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<i + len]))
        i += len
      } else {
        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
