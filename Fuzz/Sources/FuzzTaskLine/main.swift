import Codecs
import Foundation
import TaskStore

/// Task-line decoding: any bytes give a task or a line error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Data(bytes: data, count: size)
  if let t = try? TaskCodec.decode(bytes, file: "fuzz", line: 1) {
    // A decoded task re-encodes and decodes to the same task.
    if let again = try? TaskCodec.encode(t.task),
      let back = try? TaskCodec.decode(again, file: "fuzz", line: 1)
    {
      precondition(back.task == t.task, "canonical round trip changed the task")
    }
  }
  return 0
}
