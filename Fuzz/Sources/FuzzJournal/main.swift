import Foundation
import TaskStore

/// Journal replay: any bytes give readable records, damaged lines and at most one torn tail,
/// never a crash; opening the same bytes (which reads lazily) agrees with the full check
/// when that finds nothing wrong.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Data(bytes: data, count: size)
  let parsed = Journal.parse(bytes)
  precondition(parsed.validLength <= size, "valid prefix longer than the input")
  if parsed.torn == nil {
    precondition(parsed.validLength == size, "no torn tail reported but bytes left over")
  }
  precondition(parsed.problems.allSatisfy { $0.line >= 1 }, "a problem without a line")
  let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
    "fuzz-journal-\(getpid()).jsonl")
  defer { unlink(url.path) }
  guard (try? bytes.write(to: url)) != nil, let opened = try? Journal(url: url, readOnly: true)
  else { return 0 }
  let latest = opened.latest
  for (id, r) in latest {
    precondition(r.annotation.taskId == id, "a record filed under another task")
  }
  if parsed.problems.isEmpty && parsed.torn == nil {
    // Both readers pick a task's latest record by its time, whatever the line order.
    let expected = parsed.latest
    precondition(
      latest.mapValues(\.annotation) == expected.mapValues(\.annotation),
      "lazy replay disagrees with the full check")
    // The full check passes over a line that repeats the one before it; the lazy
    // reader counts every line.
    precondition(
      opened.recordCount == parsed.records.count + parsed.repeatedLines, "record counts differ")
  }
  return 0
}
