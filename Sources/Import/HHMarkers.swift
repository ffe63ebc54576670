import Annotation
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
