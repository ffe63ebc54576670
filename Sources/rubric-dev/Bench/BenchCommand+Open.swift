import ArgumentParser
import Foundation
import TaskStore

extension BenchCommand {
  /// The workstation's open rows: `wc -l` and `less` on the task file against the first
  /// frame on a first open, a reopen, a reopen after a shift, and peak memory on a walk.
  ///
  /// The first frame is timed for the source build beside this binary and, when there is
  /// one, for the release binary (`scripts/release`), the one file an annotator is given.
  /// The `less` target applies to the binary annotators run: the release binary when it
  /// was built, else the source build (docs/DECISIONS.md, "The first frame is the release
  /// binary's").
  func openRows(
    _ exe: String, release: String?, store storeDir: URL, taskFile: URL, _ add: Add
  ) throws {
    let fm = FileManager.default
    // Baselines on the same file.
    let wc = timeCommand("/usr/bin/wc", ["-l", taskFile.path])
    add("wc -l over the task file", ms(wc), "", nil)
    // The pager baseline, less on a pseudo-terminal the size of the probe's frame,
    // alternates with Rubric's first open (index removed before each): the real
    // binaries on a pseudo-terminal of the same size, timed the same way, and the
    // headless probe that splits off the index. A change in the machine's load
    // falls on all of them.
    var lessRuns: [Double] = []
    var ptyRuns: [Double] = []
    var releaseRuns: [Double] = []
    var firsts: [(frame: Double, indexed: Double)] = []
    let index = storeDir.appendingPathComponent(".rubric/index")
    for _ in 0..<7 {
      if let t = PagerBaseline.lessFirstScreen(taskFile, rows: 40, cols: 120) { lessRuns.append(t) }
      for (binary, isRelease) in [(exe, false)] + (release.map { [($0, true)] } ?? []) {
        try? fm.removeItem(at: index)
        guard
          let t = PagerBaseline.rubricFirstScreen(
            binary, store: storeDir, annotator: "bench", rows: 40, cols: 120)
        else { continue }
        if isRelease { releaseRuns.append(t) } else { ptyRuns.append(t) }
      }
      try? fm.removeItem(at: index)
      firsts.append(try firstFrame(exe, storeDir))
    }
    // Without less, the brief's figure for it (8 ms) stands in.
    let lessTime = lessRuns.isEmpty ? 0.008 : percentile(lessRuns, 50)
    add(
      "less, first screen at 120x40 (pty), median of 7",
      lessRuns.isEmpty ? "less not installed; 8 ms assumed" : ms(lessTime), "", nil)
    let target = String(format: "≤ 1× less (%.1f ms)", lessTime * 1000)
    func frameRow(_ label: String, _ runs: [Double], held: Bool, version: String = "") {
      let median = runs.isEmpty ? nil : percentile(runs, 50)
      let value =
        median.map { ms($0) + String(format: ", %.2f× less", $0 / lessTime) + version }
        ?? "no frame (no pseudo-terminal?)"
      add(label, value, held ? target : "", held ? median.map { $0 <= lessTime } ?? false : nil)
    }
    frameRow(
      "first frame of rubric DIR at 120x40 (pty), first open (no index yet), source build, median of 7",
      ptyRuns, held: release == nil)
    if let release {
      let version = (try? timedLines(release, ["--version"]).first?.1).map { " (\($0))" } ?? ""
      frameRow(
        "first frame of the release binary at 120x40 (pty), first open (no index yet), median of 7",
        releaseRuns, held: true, version: version)
    }
    add(
      "first frame, headless probe (start, open, session, render), median of 7",
      ms(percentile(firsts.map(\.frame), 50)), "", nil)
    add(
      "index complete, first open, median of 7", ms(percentile(firsts.map(\.indexed), 50)), "",
      nil)
    let reopened = try reopens(exe, storeDir, annotator: "bench").median
    add(
      "first frame at 120x40, reopen (index cached), median of 5", ms(reopened), "≤ 30 ms",
      reopened <= 0.030)

    // Reopening after a long shift: the annotator's journal holds thousands of snapshots.
    let shift = try SyntheticData.writeShiftJournal(
      storeDir.appendingPathComponent("annotations/bench-shift.jsonl"), records: 20_000,
      tasks: min(tasks, 400))
    // The first reopen scans the whole journal and keeps its index; the next ones
    // scan only what came since (nothing here).
    let shiftOpens = try reopens(exe, storeDir, annotator: "bench-shift")
    add(
      "first frame, first reopen after that shift (whole journal scanned, index kept)",
      ms(shiftOpens.first), "", nil)
    add(
      String(
        format: "first frame, reopen with a shift's journal (%d records, %.0f MB), median of 5",
        shift.records, Double(shift.bytes) / 1e6),
      ms(shiftOpens.median), "≤ 30 ms", shiftOpens.median <= 0.030)

    // The same with the journal the workstation writes now: typing as edits.
    let edited = try SyntheticData.writeEditShiftJournal(
      storeDir.appendingPathComponent("annotations/bench-edits.jsonl"), annotator: "bench-edits",
      seconds: 8 * 3600,
      tasks: min(tasks, 400))
    let editMedian = try reopens(exe, storeDir, annotator: "bench-edits").median
    add(
      String(
        format:
          "first frame, reopen after an 8-hour shift of typing (%d records as edits, %.1f MB), median of 5",
        edited.records, Double(edited.bytes) / 1e6),
      ms(editMedian), "≤ 30 ms", editMedian <= 0.030)

    // Peak RSS while moving through 1,000 tasks.
    let (rss, walked) = try walkRSS(exe, storeDir, 1000)
    add(
      "peak RSS, open + move through \(walked) tasks", String(format: "%.1f MB", Double(rss) / 1e6),
      "≤ 64 MB", rss <= 64_000_000)
  }

  /// The first frames of five reopens as `annotator`: the first, and the median.
  func reopens(_ exe: String, _ store: URL, annotator: String) throws -> (
    first: Double, median: Double
  ) {
    var opens: [Double] = []
    for _ in 0..<5 { opens.append(try firstFrame(exe, store, annotator: annotator).frame) }
    return (opens[0], percentile(opens, 50))
  }

  func firstFrame(_ exe: String, _ store: URL, annotator: String = "bench") throws -> (
    frame: Double, indexed: Double
  ) {
    let lines = try timedLines(DevTools.own, ["first-frame", store.path, "--annotator", annotator])
    guard let f = lines.first(where: { $0.1.hasPrefix("frame") }),
      let i = lines.first(where: { $0.1.hasPrefix("indexed") })
    else {
      throw StoreError.invalid("first-frame probe failed: \(lines)")
    }
    return (f.0, i.0)
  }

  /// Peak RSS in bytes while walking up to `n` tasks, and how many were walked.
  func walkRSS(_ exe: String, _ store: URL, _ n: Int) throws -> (Int, Int) {
    let lines = try timedLines(DevTools.own, ["walk", store.path, "\(n)"])
    let fields = lines.first(where: { $0.1.hasPrefix("rss") })?.1.split(separator: " ") ?? []
    guard fields.count == 3, let rss = Int(fields[1]), let walked = Int(fields[2]) else {
      throw StoreError.invalid("walk probe failed: \(lines)")
    }
    return (rss, walked)
  }
}

extension BenchCommand {
  /// The release binary to time: `--release-binary`, else `dist/rubric-linux-ARCH` when
  /// `scripts/release` has made it; nil when there is none.
  func releasedBinary() throws -> String? {
    if let given = releaseBinary {
      guard FileManager.default.isExecutableFile(atPath: given) else {
        throw ValidationError("no executable release binary at \(given)")
      }
      return given
    }
    var name = utsname()
    uname(&name)
    let machine = withUnsafeBytes(of: name.machine) {
      String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
    }
    let arch = machine == "aarch64" ? "arm64" : machine
    let path = "dist/rubric-linux-\(arch)"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }
}
