import Annotation
import Codecs
import Platform

/// How a transcript's bytes spell its text, for finding the HH-RLHF turn markers in them.
protocol HHSpelling {
  /// "\n\nHuman:" as this spelling writes it.
  static var human: [UInt8] { get }
  /// "\n\nAssistant:" as this spelling writes it.
  static var assistant: [UInt8] { get }
  /// The bytes one "\n" takes.
  static var newline: Int { get }
  /// The offset of the next "\n\n" at or after `from` (which falls between characters), or nil.
  static func nextBlankLine(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int?
  /// Whether offset `i`, where a marker's bytes were found, falls between characters.
  static func isBetweenCharacters(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool
  /// Appends the text as a JSON string, quotes included, as `JSONWriter` writes it.
  static func writeQuoted(_ text: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput)
}

/// The offset of the first `byte` at or after `from` with at least `leaving` bytes after it.
private func firstByte(
  _ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, leaving: Int
) -> Int? {
  guard let base = b.baseAddress, from + leaving < b.count,
    let p = memchr(base + from, Int32(byte), b.count - from - leaving)
  else { return nil }
  return UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
}

/// The text itself, as a JSON string decodes to it.
enum DecodedText: HHSpelling {
  static let human = Array("\n\nHuman:".utf8)
  static let assistant = Array("\n\nAssistant:".utf8)
  static let newline = 1

  static func nextBlankLine(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    var i = from
    while let nl = firstByte(0x0A, in: b, from: i, leaving: 1) {
      if b[nl + 1] == 0x0A { return nl }
      i = nl + 2
    }
    return nil
  }

  static func isBetweenCharacters(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool { true }

  static func writeQuoted(_ text: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
    JSONWriter.quote(bytes: text, into: &out)
  }
}

/// The text as `JSONWriter` spells it between a string's quotes (what
/// `FastJSON.readCanonicalString` accepts): a newline is always `\n`, and every
/// escape is two bytes, or six for `\u`. Markers are found without decoding, and a
/// slice between characters is written by copying it.
enum WrittenText: HHSpelling {
  static let human = Array(#"\n\nHuman:"#.utf8)
  static let assistant = Array(#"\n\nAssistant:"#.utf8)
  static let newline = 2

  static func nextBlankLine(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    // From a place between characters, the next backslash starts an escape; stepping
    // over whole escapes keeps every place looked at between characters.
    var i = from
    while let e = firstByte(0x5C, in: b, from: i, leaving: 3) {
      if b[e + 1] == UInt8(ascii: "n") && b[e + 2] == 0x5C && b[e + 3] == UInt8(ascii: "n") {
        return e
      }
      i = e + (b[e + 1] == UInt8(ascii: "u") ? 6 : 2)
    }
    return nil
  }

  /// An even run of backslashes before `i` is whole `\\` escapes.
  static func isBetweenCharacters(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    var k = i
    while k > 0 && b[k - 1] == 0x5C { k -= 1 }
    return (i - k) % 2 == 0
  }

  static func writeQuoted(_ text: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
    out.append(UInt8(ascii: "\""))
    out.append(text)
    out.append(UInt8(ascii: "\""))
  }
}

/// The turn markers of HH-RLHF transcripts, found at the byte level in either spelling.
enum HHMarkers<Spelling: HHSpelling> {
  /// The role and length of a marker starting at `i`, if one does.
  static func marker(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Role, Int)? {
    if matches(b, Spelling.human, at: i) { return (.user, Spelling.human.count) }
    if matches(b, Spelling.assistant, at: i) { return (.assistant, Spelling.assistant.count) }
    return nil
  }

  /// The turns of a transcript as (role, start, end) byte offsets of their text.
  ///
  /// Markers are ASCII and found between characters, so every offset falls between characters.
  static func turns(_ b: UnsafeBufferPointer<UInt8>, field: String) throws(ImportProblem) -> [(
    role: Role, start: Int, end: Int
  )] {
    var turns: [(role: Role, start: Int, end: Int)] = []
    var role: Role?
    var start = 0
    var i = 0
    while let nl = Spelling.nextBlankLine(b, from: i) {
      i = nl
      guard let (next, len) = marker(b, at: i) else {
        i += Spelling.newline
        continue
      }
      if let r = role {
        turns.append((r, start, i))
      } else if i > 0 {
        throw ImportProblem(field: field, message: "text before the first \"Human:\" marker")
      }
      role = next
      i += len
      if i < b.count && b[i] == 0x20 { i += 1 }
      start = i
    }
    if let r = role { turns.append((r, start, b.count)) }
    guard !turns.isEmpty else {
      throw ImportProblem(
        field: field, message: "no \"\\n\\nHuman: \" or \"\\n\\nAssistant: \" marker")
    }
    return turns
  }

  /// Where two transcripts' shared prompt ends: the start of their last shared
  /// "\n\nAssistant:" marker, and where the answers begin after it (and one space).
  ///
  /// Both transcripts must have the same spelling. A marker lies within the shared
  /// bytes exactly when it lies within the shared text, so the written spelling
  /// compares bytes without decoding them.
  static func promptCut(_ cb: UnsafeBufferPointer<UInt8>, _ rb: UnsafeBufferPointer<UInt8>) -> (
    start: Int, sep: Int
  )? {
    let n = min(cb.count, rb.count)
    var common = 0
    if let c = cb.baseAddress, let r = rb.baseAddress {
      // Compare 8 bytes at a time, then narrow down.
      while common + 8 <= n
        && UnsafeRawPointer(c).loadUnaligned(fromByteOffset: common, as: UInt64.self)
          == UnsafeRawPointer(r).loadUnaligned(fromByteOffset: common, as: UInt64.self)
      {
        common += 8
      }
    }
    while common < n && cb[common] == rb[common] { common += 1 }
    let first = Spelling.assistant[0]
    var i = common - Spelling.assistant.count
    while i >= 0 {
      if cb[i] == first, let (role, len) = marker(cb, at: i), role == .assistant,
        Spelling.isBetweenCharacters(cb, i)
      {
        var sep = i + len
        if sep < common && cb[sep] == 0x20 { sep += 1 }
        return (i, sep)
      }
      i -= 1
    }
    return nil
  }

  static func matches(_ b: UnsafeBufferPointer<UInt8>, _ m: [UInt8], at i: Int) -> Bool {
    guard i + m.count <= b.count else { return false }
    for k in 0..<m.count where b[i + k] != m[k] { return false }
    return true
  }
}

extension String {
  /// The text between two UTF-8 offsets that fall between scalars, copied without re-validation.
  func utf8Slice(_ from: Int, _ to: Int) -> String {
    let start = utf8.index(utf8.startIndex, offsetBy: from)
    let end = utf8.index(start, offsetBy: to - from)
    return String(self[start..<end])
  }
}
