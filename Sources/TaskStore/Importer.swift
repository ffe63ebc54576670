import Annotation
import Foundation

/// What an import did, for the summary line.
public struct ImportSummary: Sendable, CustomStringConvertible {
  public var source: String
  public var format: String
  public var imported = 0
  /// Records that could not be imported (each has an error).
  public var skipped = 0
  /// Tasks already in the store (same id), left out.
  public var duplicates = 0
  /// Records imported after repairing invalid UTF-8 or surrogates.
  public var repaired = 0
  public var errors: [LineError] = []
  /// The task file written, relative to the store.
  public var output: String?

  public var description: String {
    var s = "\(source): \(imported) imported, \(skipped) skipped, \(repaired) repaired, \(duplicates) already in the store (format \(format))"
    if let o = output { s += " -> \(o)" }
    return s
  }
}

/// Adds tasks to a store from files in any supported format.
public enum Importer {
  /// Imports one file: detects or uses the format, converts each record, skips ids
  /// already in the store, and writes the new tasks atomically to `tasks/<name>.jsonl`.
  public static func importFile(_ source: URL, into root: URL, format: ImportFormat? = nil) throws -> ImportSummary {
    guard Store.exists(at: root) else { throw StoreError.notAStore(path: root.path) }
    let fmt = try format ?? ImportFormat.detect(source)
    var summary = ImportSummary(source: source.path, format: fmt.rawValue)
    var known = Set<String>()
    for url in Store.taskFileURLs(root) {
      let f = try TaskFile(url: url, name: url.lastPathComponent, cacheDir: nil)
      f.indexNow()
      for e in f.entries {
        if !e.id.isEmpty {
          known.insert(e.id)
        } else if let data = try? f.read(e), let t = try? TaskCodec.decode(data, file: "", line: 0) {
          known.insert(t.task.id)
        }
      }
    }
    let dir = root.appendingPathComponent("tasks")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var stem = source.deletingPathExtension().lastPathComponent
    if !Store.isSafeName(stem) { stem = "import" }
    var target = dir.appendingPathComponent(stem + ".jsonl")
    var n = 2
    while FileManager.default.fileExists(atPath: target.path) {
      target = dir.appendingPathComponent("\(stem)-\(n).jsonl")
      n += 1
    }
    let tmp = dir.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
    let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "create") }
    var finished = false
    defer {
      close(fd)
      if !finished { unlink(tmp.path) }
    }
    var pending = Data()
    func emit(_ task: ImportFormat.EncodedTask, repaired: Bool) throws {
      guard known.insert(task.id).inserted else {
        summary.duplicates += 1
        return
      }
      pending.append(task.bytes)
      pending.append(0x0A)
      summary.imported += 1
      if repaired { summary.repaired += 1 }
      if pending.count > 1 << 20 {
        try DurableFile.writeAll(fd, pending, path: tmp.path)
        pending.removeAll(keepingCapacity: true)
      }
    }
    let name = source.lastPathComponent
    try fmt.convertEncoded(source, file: name) { result in
      switch result {
      case .success(let encoded): try emit(encoded, repaired: encoded.repaired)
      case .failure(let error):
        summary.skipped += 1
        summary.errors.append(error)
      }
    }
    try DurableFile.writeAll(fd, pending, path: tmp.path)
    guard fsync(fd) == 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "sync") }
    if summary.imported == 0 {
      return summary
    }
    guard rename(tmp.path, target.path) == 0 else { throw StoreError.io(path: target.path, errno: errno, doing: "rename into") }
    finished = true
    try DurableFile.syncDirectory(dir)
    summary.output = "tasks/" + target.lastPathComponent
    return summary
  }
}
