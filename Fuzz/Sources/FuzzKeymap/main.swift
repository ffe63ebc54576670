import Commands
import Foundation

/// The keymap parser: bad files give errors naming a line, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? Keymap.parse(text, file: "fuzz.toml", over: Keymap.defaultMap(), name: "fuzz")
  return 0
}
