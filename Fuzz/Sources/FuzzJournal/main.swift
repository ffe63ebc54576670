import Foundation
import TaskStore

/// Journal replay: any bytes give a valid prefix and at most one problem, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Data(bytes: data, count: size)
  let parsed = Journal.parse(bytes)
  precondition(parsed.validLength <= size, "valid prefix longer than the input")
  if parsed.problem == nil { precondition(parsed.validLength == size, "no problem reported but bytes left over") }
  return 0
}
