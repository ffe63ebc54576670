import Annotation
import Foundation
import TaskStore

/// How the team commands grow with a month of a team's work: the real binary run
/// on stores of 100,000 to 1,000,000 annotations, cold (no digest), warm (nothing
/// changed) and after one appended record, against Python's `json.loads` over the
/// same journals.
extension BenchCommand {
  /// One command's wall time and peak resident memory.
  struct Run {
    var seconds: Double
    var peakRSS: Int
  }

  /// Figures for one store size.
  struct ScaleFigures {
    var annotations = 0
    var journalBytes = 0
    var python: Double?
    var runs: [(label: String, run: Run)] = []
    var digestBytes = 0
    var reportBytes = 0
    /// The review screen's first frame with the digests and the queue kept (median of 3).
    var reviewFrame: Double?
  }

  /// Runs `exe args`, output thrown away, and measures it: the best time of `repeats`, the largest peak.
  ///
  /// The command runs under `rubric-dev peak`, a small process of its own: a child
  /// spawned straight from the bench would report the bench's own peak memory
  /// (Linux keeps the parent's at `exec`), whatever the command used.
  func measured(_ exe: String, _ args: [String], repeats: Int = 1, before: () throws -> Void = {})
    throws -> Run
  {
    var best = Run(seconds: .infinity, peakRSS: 0)
    let result = URL(fileURLWithPath: out).appendingPathComponent("peak-\(getpid()).txt")
    defer { try? FileManager.default.removeItem(at: result) }
    for _ in 0..<repeats {
      try before()
      let shim = try spawnAndWait(DevTools.own, ["peak", result.path, exe] + args)
      let fields = ((try? String(contentsOf: result, encoding: .utf8)) ?? "").split(separator: " ")
      guard shim.status == 0, fields.count == 3, let secs = Double(fields[0]),
        let rss = Int(fields[1]), fields[2] == "0"
      else {
        throw StoreError.invalid(
          "\(exe) \(args.joined(separator: " ")) failed (\(fields.joined(separator: " ")))")
      }
      // The fastest run's time (as Python's best of 2), and the largest peak of any run.
      best = Run(seconds: min(best.seconds, secs), peakRSS: max(best.peakRSS, rss))
    }
    return best
  }

  /// Seconds Python's `json.loads` takes over every record of every journal (best of 2).
  func pythonOverJournals(_ dir: URL) -> Double? {
    guard
      let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else { return nil }
    let script = """
      import json,sys,time,glob
      t=time.perf_counter()
      for f in sorted(glob.glob(sys.argv[1]+'/*.jsonl')):
          for l in open(f,'rb'): json.loads(l[9:])
      print(time.perf_counter()-t)
      """
    var best: Double?
    for _ in 0..<2 {
      guard let lines = try? timedLines(python, ["-c", script, dir.path]), let last = lines.last,
        let s = Double(last.1.trimmingCharacters(in: .whitespaces))
      else { return best }
      best = min(best ?? s, s)
    }
    return best
  }

  /// The team commands over `tasks` tasks × 50 annotators.
  func scaleFigures(_ exe: String, tasks: Int) throws -> ScaleFigures {
    let root = try teamStore(tasks: tasks)
    let fm = FileManager.default
    let journals = root.appendingPathComponent("annotations")
    var f = ScaleFigures(annotations: tasks * Self.teamAnnotators.count)
    for name in try fm.contentsOfDirectory(atPath: journals.path) {
      f.journalBytes +=
        (try? fm.attributesOfItem(atPath: journals.appendingPathComponent(name).path)[.size] as? Int)
        ?? 0
    }
    f.python = pythonOverJournals(journals)
    let digest = root.appendingPathComponent(".rubric/digest")
    // Cold: no digest and no kept result. `.rubric/` itself stays (made here if a run
    // before removed it), so both are written and the warm runs find them.
    let cold = {
      try? fm.removeItem(at: digest)
      try? fm.removeItem(at: root.appendingPathComponent(".rubric/results"))
      try? fm.createDirectory(
        at: root.appendingPathComponent(".rubric"), withIntermediateDirectories: true)
    }
    let export = URL(fileURLWithPath: out).appendingPathComponent("team-consensus.jsonl")
    let report = URL(fileURLWithPath: out).appendingPathComponent("team-report.html")
    let commands: [(String, [String])] = [
      ("stats", ["stats", root.path]),
      ("agreement", ["agreement", root.path]),
      ("review queue", ["review", root.path, "--reviewer", "lead", "--list"]),
      (
        "export --consensus",
        [
          "export", root.path, "--format", "dpo", "--consensus", "ranked-pairs", "--force", "-o",
          export.path,
        ]
      ),
      ("report", ["report", root.path, "-o", report.path]),
    ]
    for (label, args) in commands {
      // Best of 2, as Python's pass: one cold run alone read 0.87-1.01x in two runs a day apart.
      f.runs.append(("\(label), cold", try measured(exe, args, repeats: 2, before: { cold() })))
      f.runs.append(("\(label), warm", try measured(exe, args, repeats: 2)))
    }
    // The review screen, as a lead opens it again: digests and queue kept from a first open.
    let review = ["first-frame", root.path, "--reviewer", "lead"]
    _ = try timedLines(DevTools.own, review)
    var frames: [Double] = []
    for _ in 0..<3 {
      if let t = try timedLines(DevTools.own, review).first(where: { $0.1.hasPrefix("frame") }) {
        frames.append(t.0)
      }
    }
    f.reviewFrame = frames.isEmpty ? nil : frames.sorted()[frames.count / 2]
    // One more record in one journal: only its new bytes are read, and only its row
    // is counted again (the cold runs above dropped every kept result: keep them again).
    _ = try measured(exe, ["stats", root.path])
    let who = Self.teamAnnotators[0]
    let journal = try Journal(url: journals.appendingPathComponent("\(who).jsonl"), annotator: who)
    var a = Annotation(taskId: "appended-\(nowNs())", annotator: who, status: .skipped)
    a.skipReason = "bench"
    try journal.append(JournalRecord(annotation: a))
    f.runs.append(("stats, after one appended record", try measured(exe, ["stats", root.path])))
    try? fm.removeItem(at: export)
    for name in (try? fm.subpathsOfDirectory(atPath: digest.path)) ?? [] {
      f.digestBytes +=
        (try? fm.attributesOfItem(atPath: digest.appendingPathComponent(name).path)[.size] as? Int)
        ?? 0
    }
    if let size = try? fm.attributesOfItem(atPath: report.path)[.size] as? Int {
      f.reportBytes = size
    }
    try? fm.removeItem(at: report)
    return f
  }
}
