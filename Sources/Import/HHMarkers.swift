import Annotation
import Codecs
import Platform

/// The turn markers of HH-RLHF transcripts, found at the byte level.
enum HHMarkers {
  static let human = Array("\n\nHuman:".utf8)
  static let assistant = Array("\n\nAssistant:".utf8)

  /// The offset of the next "\n\n" at or after `from`, or nil.
  static func nextBlankLine(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let base = b.baseAddress else { return nil }
    var i = from
    while i + 1 < b.count {
      guard let p = memchr(base + i, 0x0A, b.count - i - 1) else { return nil }
      i = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
      if b[i + 1] == 0x0A { return i }
      i += 2
    }
    return nil
  }

  /// The role and length of a marker starting at `i`, if one does.
  static func marker(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Role, Int)? {
    if matches(b, human, at: i) { return (.user, human.count) }
    if matches(b, assistant, at: i) { return (.assistant, assistant.count) }
    return nil
  }

  /// The turns of a transcript as (role, start, end) UTF-8 offsets of their text.
  ///
  /// Markers are ASCII, so every offset falls between characters.
  static func turns(_ b: UnsafeBufferPointer<UInt8>, field: String) throws(ImportProblem) -> [(
    role: Role, start: Int, end: Int
  )] {
    var turns: [(role: Role, start: Int, end: Int)] = []
    var role: Role?
    var start = 0
    var i = 0
    while let nl = nextBlankLine(b, from: i) {
      i = nl
      guard let (next, len) = marker(b, at: i) else {
        i += 1
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
    var i = common - assistant.count
    while i >= 0 {
      if cb[i] == 0x0A, let (role, len) = marker(cb, at: i), role == .assistant {
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
