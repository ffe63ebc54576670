import CSystem
import Platform

/// Reading past values and reading strings as bytes, without making a `String` or a tree.
extension FastJSON {
  /// Reads a string and hands its text (escapes undone) to `body` as UTF-8 bytes, valid
  /// only inside `body`. Invalid UTF-8 or a lone surrogate sets `repaired` (the bytes
  /// are then not what a `String` would hold) but is still handed on.
  public mutating func readStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T)
    throws(SyntaxError) -> T
  {
    skipSpace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
    i += 1
    let start = i
    i = ByteScan.firstJSONSpecial(bytes, from: i, end: bytes.count)
    guard i < bytes.count else { throw fail("unterminated string") }
    if bytes[i] == UInt8(ascii: "\"") {
      let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
      if !FastJSON.isValidUTF8(text) { repaired = true }
      i += 1
      return body(text)
    }
    try unescapeRest(from: start)
    if !scratch.withBytes({ FastJSON.isValidUTF8($0) }) { repaired = true }
    return scratch.withBytes(body)
  }

  /// The string at the reader as it is written, quotes included, when writing its
  /// text again (`JSONWriter.quote`) would give these very bytes; nil, with nothing
  /// read, otherwise (the caller then reads it the long way).
  public mutating func readCanonicalString() -> UnsafeBufferPointer<UInt8>? {
    skipSpace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let base = bytes.baseAddress else {
      return nil
    }
    let end = csystem_json_canonical_end(base, i + 1, bytes.count)
    guard end > i else { return nil }
    let text = UnsafeBufferPointer(rebasing: bytes[i...end])
    i = end + 1
    return text
  }

  /// Reads any value and drops it, checking its syntax as `parse` does, without building it.
  public mutating func skipValue() throws(SyntaxError) {
    skipSpace()
    try skip(depth: 1)
  }

  mutating func skip(depth: Int) throws(SyntaxError) {
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
        return
      }
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
          throw fail("expected a key in quotes")
        }
        try readStringBytes { _ in () }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
          throw fail("expected ':' after a key")
        }
        i += 1
        skipSpace()
        try skip(depth: depth + 1)
        if try another(UInt8(ascii: "}")) { continue }
        return
      }
    case UInt8(ascii: "["):
      guard depth < FastJSON.maxDepth else {
        throw fail("nested too deeply (more than \(FastJSON.maxDepth) levels)")
      }
      i += 1
      skipSpace()
      if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
        i += 1
        return
      }
      while true {
        skipSpace()
        try skip(depth: depth + 1)
        if try another(UInt8(ascii: "]")) { continue }
        return
      }
    case UInt8(ascii: "\""): try readStringBytes { _ in () }
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default: _ = try number()
    }
  }
}
