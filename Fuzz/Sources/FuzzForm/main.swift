import Foundation
import TaskStore

/// The form config parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? StoreConfig.parse(text, file: "rubric.toml")
  return 0
}
