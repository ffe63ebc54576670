import Export
import Foundation
import Import
import TaskStore

extension BenchCommand {
  /// The import rows (sharegpt and hh against Python's `json.loads`, compressed hh
  /// against the system's decompressors) and the export throughput over the imported hh.
  func importRows(_ dir: URL, _ add: Add) throws {
    let fm = FileManager.default
    // Import throughput against Python's json.loads on the same files.
    let sg = dir.appendingPathComponent("import-sharegpt.jsonl")
    let hh = dir.appendingPathComponent("import-hh.jsonl")
    if !fm.fileExists(atPath: hh.path) {
      try SyntheticData.writeImportFiles(sharegpt: sg, hh: hh, count: importRecords)
    }
    for (name, file, format) in [
      ("sharegpt", sg, ImportFormat.sharegpt), ("hh", hh, ImportFormat.hh),
    ] {
      let bytes = Double((try fm.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
      let target = dir.appendingPathComponent("import-target-\(name)")
      // Best of three for both sides, taken in turns: this machine's timings drift
      // by a third between runs, and alternating puts any drift on both.
      var secs = Double.infinity
      var pythonRuns: [Double] = []
      for _ in 0..<3 {
        try? fm.removeItem(at: target)
        try Store.create(at: target, preset: "pairwise", annotator: "bench")
        let t0 = nowNs()
        _ = try Importer.importFile(file, into: target, format: format)
        secs = min(secs, Double(nowNs() - t0) / 1e9)
        if let py = pythonJSONLoads(file) { pythonRuns.append(py) }
      }
      var line = String(
        format: "%.0f MB/s (%.2f s for %.0f MB)", bytes / 1e6 / secs, secs, bytes / 1e6)
      var ok: Bool?
      if let py = pythonRuns.min() {
        line += String(format: "; json.loads %.2f s, ratio %.2f", py, secs / py)
        ok = secs / py <= 0.5
      }
      add("import \(name), best of 3", line, "ratio ≤ 0.5", ok)
    }

    // Compressed input, against decompressing and counting lines with the system tools.
    for (ext, tool) in [("gz", "gzip"), ("zst", "zstd")] {
      guard
        let toolPath = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: {
          fm.isExecutableFile(atPath: $0)
        })
      else { continue }
      let packed = dir.appendingPathComponent("import-hh.jsonl.\(ext)")
      if !fm.fileExists(atPath: packed.path) {
        _ = timeCommand("/bin/sh", ["-c", "\(toolPath) -c '\(hh.path)' > '\(packed.path)'"])
      }
      let baseline = timeCommand("/bin/sh", ["-c", "\(toolPath) -dc '\(packed.path)' | wc -l"])
      let target = dir.appendingPathComponent("import-target-\(ext)")
      var secs = Double.infinity
      for _ in 0..<3 {
        try? fm.removeItem(at: target)
        try Store.create(at: target, preset: "pairwise", annotator: "bench")
        let t0 = nowNs()
        _ = try Importer.importFile(packed, into: target, format: .hh)
        secs = min(secs, Double(nowNs() - t0) / 1e9)
      }
      add(
        "import hh .jsonl.\(ext), best of 3",
        String(format: "%.2f s; ", secs) + "\(tool) -dc piped to wc -l "
          + String(format: "%.2f s, ratio %.2f", baseline, secs / baseline),
        ext == "zst" ? "ratio ≤ 1.3" : "", ext == "zst" ? secs / baseline <= 1.3 : nil)
    }

    // Export throughput (dpo) over annotations of the imported hh tasks.
    let exportStore = dir.appendingPathComponent("import-target-hh")
    let t0 = nowNs()
    var o = ExportOptions(format: .dpo)
    o.fromPrior = true
    let exportFile = dir.appendingPathComponent("export-dpo.jsonl")
    let summary = try Exporter.export(exportStore, options: o, to: exportFile)
    let secs = Double(nowNs() - t0) / 1e9
    let outBytes = Double((try fm.attributesOfItem(atPath: exportFile.path)[.size] as? Int) ?? 0)
    add(
      "export dpo",
      String(
        format: "%.0f rows/s, %.0f MB/s written (%d rows in %.2f s)", Double(summary.rows) / secs,
        outBytes / 1e6 / secs, summary.rows, secs), "", nil)
  }

  /// Seconds Python's json.loads takes over every line of a file, or nil without python3.
  func pythonJSONLoads(_ file: URL) -> Double? {
    guard
      let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({
          "\($0)/python3"
        }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { return nil }
    let script =
      "import json,sys,time\nt=time.perf_counter()\nfor l in open(sys.argv[1],'rb'): json.loads(l)\nprint(time.perf_counter()-t)"
    guard let lines = try? timedLines(python, ["-c", script, file.path]), let last = lines.last
    else { return nil }
    return Double(last.1.trimmingCharacters(in: .whitespaces))
  }
}
