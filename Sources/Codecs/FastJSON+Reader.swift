import Annotation
import Platform

/// Reading a JSON document in place, value by value, without building a tree: the
/// caller walks objects member by member and reads each value as the type it expects.
///
/// Journal lines are read this way (`FastRecord`): a tree would build a dictionary
/// per object only to look its keys up once. Every read checks the syntax as
/// `parse` does; a value of another type than asked for is a `SyntaxError` too, so
/// a caller that cannot take a line whole hands it to a stricter reader.
extension FastJSON {
  /// An object's key as it is written (escapes not undone), valid while the bytes are.
  public struct Key {
    /// The bytes between the quotes.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Whether the key holds an escape (its text is then not its bytes).
    public let escaped: Bool

    /// Whether the key is `name` exactly (an escaped key never is).
    @inline(__always) public static func == (key: Key, name: StaticString) -> Bool {
      guard !key.escaped, key.bytes.count == name.utf8CodeUnitCount,
        let base = key.bytes.baseAddress
      else { return false }
      return memcmp(base, name.utf8Start, key.bytes.count) == 0
    }
  }

  /// A reader at the start of `bytes`.
  public init(reading bytes: UnsafeBufferPointer<UInt8>) {
    self.init(bytes: bytes)
  }

  /// Whether only white space is left.
  public mutating func atEnd() -> Bool {
    skipSpace()
    return i == bytes.count
  }

  /// Reads an object, calling `body` at each member with its key; `body` reads the value.
  /// Members come in the order written; a key written twice is met twice.
  public mutating func forEachMember(
    _ body: (inout FastJSON, Key) throws(SyntaxError) -> Void
  ) throws(SyntaxError) {
    try expect(UInt8(ascii: "{"), "expected an object")
    skipSpace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
      i += 1
      return
    }
    while true {
      skipSpace()
      let key = try key()
      skipSpace()
      try expect(UInt8(ascii: ":"), "expected ':' after a key")
      try body(&self, key)
      if try another(UInt8(ascii: "}")) { continue }
      return
    }
  }

  /// Reads an array, calling `body` at each element; `body` reads it.
  public mutating func forEachElement(_ body: (inout FastJSON) throws(SyntaxError) -> Void)
    throws(SyntaxError)
  {
    try expect(UInt8(ascii: "["), "expected an array")
    skipSpace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
      i += 1
      return
    }
    while true {
      skipSpace()
      try body(&self)
      if try another(UInt8(ascii: "]")) { continue }
      return
    }
  }

  /// A key's text, its escapes undone.
  public mutating func text(of key: Key) throws(SyntaxError) -> String {
    guard key.escaped else {
      let (s, bad) = FastJSON.text(key.bytes)
      if bad { repaired = true }
      return s
    }
    guard let keyStart = key.bytes.baseAddress, let base = bytes.baseAddress else { return "" }
    let resume = i
    i = keyStart - base - 1
    defer { i = resume }
    return try string()
  }

  /// Reads a string.
  public mutating func readString() throws(SyntaxError) -> String {
    skipSpace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
    return try string()
  }

  /// Reads a number written as an integer (no fraction, no exponent) that fits in 64 bits.
  public mutating func readInt() throws(SyntaxError) -> Int64 {
    skipSpace()
    let start = i
    // Up to 18 digits cannot overflow: read them here, anything longer as `number` does.
    let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    var n: Int64 = 0
    let digits = i
    while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39, i - digits < 18 {
      n = n &* 10 &+ Int64(bytes[i] - 0x30)
      i += 1
    }
    if i > digits, i == bytes.count || !Self.continuesDigits(bytes[i]) {
      return negative ? -n : n
    }
    i = start
    guard case .int(let m) = try number() else {
      throw SyntaxError(offset: start, message: "expected an integer")
    }
    return m
  }

  static func continuesDigits(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || continuesNumber(c)
  }

  /// Reads an unsigned integer written as digits only (one past Int64 included).
  public mutating func readUnsigned() throws(SyntaxError) -> UInt64 {
    skipSpace()
    let start = i
    var n: UInt64 = 0
    while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
      let (times, o1) = n.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(UInt64(bytes[i] - 0x30))
      guard !o1, !o2 else { throw SyntaxError(offset: start, message: "number too large") }
      n = sum
      i += 1
    }
    // A leading zero, no digits, or a fraction or exponent after them: not read here.
    guard i > start, !(bytes[start] == 0x30 && i - start > 1),
      i == bytes.count || !Self.continuesNumber(bytes[i])
    else { throw SyntaxError(offset: start, message: "expected an unsigned integer") }
    return n
  }

  static func continuesNumber(_ c: UInt8) -> Bool {
    c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
      || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
  }

  /// Reads a number as a double (an integer too).
  public mutating func readDouble() throws(SyntaxError) -> Double {
    skipSpace()
    switch try number() {
    case .int(let n): return Double(n)
    case .double(let d): return d
    default: throw fail("expected a number")
    }
  }

  /// Reads `true` or `false`.
  public mutating func readBool() throws(SyntaxError) -> Bool {
    skipSpace()
    guard i < bytes.count else { throw fail("unexpected end of input") }
    if bytes[i] == UInt8(ascii: "t") {
      try literal("true")
      return true
    }
    try literal("false")
    return false
  }

  /// Reads `null` when it is next, and says whether it was.
  public mutating func readNull() throws(SyntaxError) -> Bool {
    skipSpace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  mutating func key() throws(SyntaxError) -> Key {
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
      throw fail("expected a key in quotes")
    }
    let start = i + 1
    let end = ByteScan.firstJSONSpecial(bytes, from: start, end: bytes.count)
    guard end < bytes.count else { throw fail("unterminated string") }
    if bytes[end] == UInt8(ascii: "\"") {
      i = end + 1
      return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]), escaped: false)
    }
    // An escape or a control character: read the string properly to find its end.
    _ = try string()
    return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), escaped: true)
  }

  mutating func expect(_ c: UInt8, _ message: String) throws(SyntaxError) {
    skipSpace()
    guard i < bytes.count, bytes[i] == c else { throw fail(message) }
    i += 1
  }
}
