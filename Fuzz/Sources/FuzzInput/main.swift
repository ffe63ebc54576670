import Foundation
import Import
import TaskStore

/// Input preparation (sniffing, gzip and zstd, JSON arrays): any bytes are either
/// refused with an error or turned into lines, never a crash; a JSON array gives
/// one line per record, none of them holding a raw line break.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
    "fuzz-input-\(getpid())")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let src = dir.appendingPathComponent("in.json")
  guard (try? Data(bytes: data, count: size).write(to: src)) != nil else { return 0 }
  guard let prepared = try? PreparedInput.prepare(src.path, tempDir: dir) else { return 0 }
  defer { prepared.cleanUp() }
  // Prepared without `stream`, every input is read from a file.
  guard let url = prepared.url else { preconditionFailure("a prepared input with no file") }
  // An empty file is not read with Data(contentsOf:), which leaks a buffer for it (scripts/lsan.supp).
  let size =
    (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
  if prepared.shape.contains("JSON array"),
    let out = size == 0 ? Data() : try? Data(contentsOf: url)
  {
    let lines = out.split(separator: 0x0A, omittingEmptySubsequences: false)
    precondition(out.isEmpty || out.last == 0x0A, "array output does not end with a line break")
    let records = out.isEmpty ? 0 : lines.count - 1
    precondition(
      prepared.shape.contains("of \(records) records"),
      "record count differs from the lines written")
    precondition(!out.contains(0x0D), "a raw carriage return in array output")
  }
  return 0
}
