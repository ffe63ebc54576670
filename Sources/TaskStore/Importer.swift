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
    try importFile(source, into: root, format: format, blockSize: nil)
  }

  /// `importFile` with a chosen block size for the parallel reader.
  static func importFile(_ source: URL, into root: URL, format: ImportFormat?, blockSize: Int?) throws -> ImportSummary {
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
    var sinceWriteback = 0
    func write(_ bytes: ArraySlice<UInt8>) throws {
      guard !bytes.isEmpty else { return }
      try DurableFile.writeAll(fd, bytes, path: tmp.path)
      sinceWriteback += bytes.count
      // Start writing back as we go, so the final fsync has little left to wait for.
      if sinceWriteback >= 16 << 20 {
        DurableFile.startWriteback(fd)
        sinceWriteback = 0
      }
    }
    try fmt.convertBlocks(source, file: source.lastPathComponent, blockSize: blockSize) { block in
      // Lines of tasks already in the store (or earlier in this file) are left out.
      var runStart = 0
      var lineStart = 0
      for item in block.items {
        switch item {
        case .task(let id, let end, let repaired):
          if known.insert(id).inserted {
            summary.imported += 1
            if repaired { summary.repaired += 1 }
          } else {
            summary.duplicates += 1
            try write(block.bytes[runStart..<lineStart])
            runStart = end
          }
          lineStart = end
        case .error(let e):
          summary.skipped += 1
          summary.errors.append(e)
        }
      }
      try write(block.bytes[runStart...])
    }
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
