import Foundation
import TerminalKit

/// The sanitiser: its output never holds a character it should have replaced.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let out = Sanitizer.sanitize(text)
  for span in out.spans {
    for ch in span.text {
      for s in ch.unicodeScalars where s != "\n" {
        precondition(Sanitizer.placeholder(for: s, inEmoji: Sanitizer.isEmojiSequence(ch)) == nil, "unsafe scalar U+\(String(s.value, radix: 16)) passed")
      }
    }
  }
  precondition(out.replaced == Sanitizer.hostileCount(text) || text.contains("\r\n"), "replaced count disagrees with hostileCount")
  return 0
}
