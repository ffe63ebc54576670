import Foundation
import Import
import TaskStore

/// Every importer over the same bytes (the first byte picks the format).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let formats = ImportFormat.allCases
  let format = formats[Int(data[0]) % formats.count]
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rubric-fuzz-import-\(getpid()).jsonl")
  defer { unlink(url.path) }
  try? Data(bytes: data + 1, count: size - 1).write(to: url)
  try? format.convert(url, file: "fuzz") { _ in }
  return 0
}
