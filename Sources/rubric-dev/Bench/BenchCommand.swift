import Annotation
import ArgumentParser
import Codecs
import Commands
import Export
import Foundation
import Import
import TaskStore
import TerminalKit
import Worksheet
import Workstation

/// `rubric-dev bench` (or `rubric bench`): measures Rubric on a deterministic synthetic store and prints a table.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure start-up, rendering, journaling, import and export on a synthetic store.")

  @Option(help: "Tasks in the synthetic store.") var tasks = 100_000
  @Option(help: "Where to build the store and files (kept for reruns).") var out = "bench-out"
  @Option(help: "Records in the sharegpt and hh import files.") var importRecords = 20_000
  @Flag(help: "Measure only frames and keystrokes (a quick check while working on the screen).")
  var framesOnly = false
  @Flag(
    help:
      "Measure only the team commands at scale (stats, agreement, review queue, consensus export).")
  var scaleOnly = false
  @Flag(help: "Measure only imports (sharegpt, hh, compressed hh) and the dpo export.")
  var importOnly = false
  @Option(parsing: .upToNextOption, help: "Tasks per scale store, each answered by 50 annotators.")
  var scaleTasks: [Int] = [2_000, 6_000, 20_000]
  @Option(
    help:
      "The release binary (scripts/release) whose first frame is timed beside the source build's; by default dist/rubric-linux-ARCH when it exists."
  )
  var releaseBinary: String?

  /// Adds a row: figure, value, target, and whether it was met (nil: no target).
  typealias Add = (String, String, String, Bool?) -> Void

  struct Row {
    var figure: String
    var value: String
    var target: String
    var verdict: String
  }

  func run() throws {
    var rows: [Row] = []
    func add(_ f: String, _ v: String, _ t: String = "", _ ok: Bool? = nil) {
      rows.append(
        Row(figure: f, value: v, target: t, verdict: ok.map { $0 ? "ok" : "MISSED" } ?? ""))
      print(String(format: "  %-58@ %@", f as NSString, v as NSString))
    }
    if framesOnly {
      try FileManager.default.createDirectory(
        at: URL(fileURLWithPath: out), withIntermediateDirectories: true)
      let g = try journalGrowth()
      add(
        "journal growth typing \(g.typed) characters",
        "\(g.edits) edits \(g.editBytes) bytes, \(g.snapshots) snapshots \(g.snapshotBytes) bytes (snapshots alone \(g.snapshotsOnly))"
      )
      for (label, values) in try renderTimes() + comparisonTimes() {
        add(label, "\(us(percentile(values, 50))) / \(us(percentile(values, 99)))")
      }
      return
    }
    // The commands measured are the real `rubric` next to this binary; the probes
    // (first frame, walk, peak) are this binary's own.
    let exe = DevTools.rubric
    guard FileManager.default.isExecutableFile(atPath: exe) else {
      throw ValidationError("no rubric binary at \(exe): build both with swift build")
    }
    if importOnly {
      try FileManager.default.createDirectory(
        at: URL(fileURLWithPath: out), withIntermediateDirectories: true)
      try importRows(URL(fileURLWithPath: out)) { add($0, $1, $2, $3) }
      printTable(rows)
      return
    }
    if scaleOnly {
      try FileManager.default.createDirectory(
        at: URL(fileURLWithPath: out), withIntermediateDirectories: true)
      try scaleRows(exe) { add($0, $1, $2, $3) }
      printTable(rows)
      return
    }
    let dir = URL(fileURLWithPath: out)
    let storeDir = dir.appendingPathComponent("store-\(tasks)")
    let taskFile = storeDir.appendingPathComponent("tasks/bench.jsonl")
    let fm = FileManager.default
    if !Store.exists(at: storeDir) {
      print("generating \(tasks) tasks in \(storeDir.path) …")
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      try Store.create(at: storeDir, preset: "ranking", annotator: "bench")
      let t0 = nowNs()
      let bytes = try SyntheticData.writeStoreTasks(taskFile, count: tasks)
      print(
        String(
          format: "  generated %.1f MiB in %.1f s", Double(bytes) / 1_048_576,
          Double(nowNs() - t0) / 1e9))
    }
    let size = (try fm.attributesOfItem(atPath: taskFile.path)[.size] as? Int) ?? 0
    print(
      "store: \(tasks) tasks, \(String(format: "%.1f", Double(size) / 1_048_576)) MiB; binary \(exe)"
    )

    try openRows(exe, release: releasedBinary(), store: storeDir, taskFile: taskFile, add)

    // Rendering with a 100 KB response.
    let renders = try renderTimes() + comparisonTimes()
    for (label, values) in renders {
      let med = percentile(values, 50)
      let p99 = percentile(values, 99)
      let is200 = label.hasPrefix("200x60") || label.hasPrefix("250x70")
      // Issue 28's goal for typing in a long rewrite: a 2 ms median keystroke to frame.
      let typing = label.hasPrefix("keystroke→frame typing")
      add(
        label.hasPrefix("keystroke")
          ? "\(label), median / p99" : "frame render \(label), median / p99",
        "\(us(med)) / \(us(p99))",
        is200 ? "≤ 1 ms / ≤ 4 ms" : typing ? "median ≤ 2 ms" : "",
        is200 ? med <= 0.001 && p99 <= 0.004 : typing ? med <= 0.002 : nil)
    }

    // A team's store: stats and export over 100,000 annotations.
    let team = try teamTimes()
    add(
      "stats over \(team.annotations) annotations of 50 annotators",
      String(format: "%.2f s", team.stats), "≤ 5 s",
      team.stats <= 5)
    add(
      "agreement over the same", String(format: "%.2f s", team.agreement), "≤ 5 s",
      team.agreement <= 5)
    add(
      "review queue over the same (\(team.reviewTasks) tasks below 0.75)",
      String(format: "%.2f s", team.review), "≤ 5 s", team.review <= 5)
    // Every pair of every annotator's ranking, each row with its full texts: bound by writing.
    add(
      "export dpo over the same (\(team.rows) rows)",
      String(
        format: "%.2f s, %.1f GB written, %.0f MB/s", team.export, Double(team.bytes) / 1e9,
        Double(team.bytes) / 1e6 / team.export))

    // Journal growth while typing: edits instead of snapshots.
    let g = try journalGrowth()
    add(
      "journal growth typing \(g.typed) characters at 8/s: \(g.edits) edits",
      String(
        format: "%d bytes (%.1f× typed) + %d snapshots %d bytes; snapshots alone %d bytes",
        g.editBytes,
        Double(g.editBytes) / Double(g.typed), g.snapshots, g.snapshotBytes, g.snapshotsOnly),
      "edits ≤ 10× typed", g.editBytes <= 10 * g.typed)

    // Journal appends.
    let appends = try journalAppends(dir)
    add(
      "durable journal append (write + fdatasync), p50 / p99",
      "\(us(percentile(appends, 50))) / \(us(percentile(appends, 99)))", "p99 ≤ 2 ms",
      percentile(appends, 99) <= 0.002)

    try importRows(dir, add)

    try scaleRows(exe) { add($0, $1, $2, $3) }
    printTable(rows)
  }

  func printTable(_ rows: [Row]) {
    print("\n| figure | value | target | |\n|---|---|---|---|")
    for r in rows { print("| \(r.figure) | \(r.value) | \(r.target) | \(r.verdict) |") }
  }

  /// The scale rows: each team command cold, warm and after an append, against Python.
  func scaleRows(_ exe: String, _ add: Add) throws {
    for tasks in scaleTasks {
      let f = try scaleFigures(exe, tasks: tasks)
      let size =
        f.annotations >= 10_000
        ? "\(f.annotations / 1000)k annotations" : "\(f.annotations) annotations"
      let python = f.python
      add(
        "\(size): python json.loads over every journal line",
        String(format: "%.2f s over %.0f MB", python ?? .nan, Double(f.journalBytes) / 1e6), "", nil
      )
      let big = f.annotations >= 1_000_000
      for (label, run) in f.runs {
        var value = String(
          format: "%.2f s, peak RSS %.0f MB", run.seconds, Double(run.peakRSS) / 1e6)
        var target = ""
        var ok: Bool?
        if let py = python {
          let ratio = run.seconds / py
          value += String(format: ", %.2f× python", ratio)
          if big {
            let limit = label.hasSuffix("cold") ? 1.0 : 0.1
            target =
              String(format: "≤ %.1f× python", limit)
              + (label.hasSuffix("cold") ? ", ≤ 500 MB" : "")
            ok = ratio <= limit && (!label.hasSuffix("cold") || run.peakRSS <= 500_000_000)
          }
        }
        add("\(size): \(label)", value, target, ok)
      }
      if let frame = f.reviewFrame {
        add(
          "\(size): review screen first frame, warm (median of 3)", ms(frame),
          big ? "≤ 300 ms" : "", big ? frame <= 0.3 : nil)
      }
      add(
        "\(size): digest on disk", String(format: "%.1f MB", Double(f.digestBytes) / 1e6), "", nil)
      add(
        "\(size): report page", String(format: "%.0f KB", Double(f.reportBytes) / 1024), "≤ 2 MB",
        f.reportBytes <= 2 << 20)
    }
  }

  func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
  func us(_ s: Double) -> String {
    s < 0.001 ? String(format: "%.0f µs", s * 1e6) : String(format: "%.2f ms", s * 1000)
  }

  func percentile(_ v: [Double], _ p: Double) -> Double {
    guard !v.isEmpty else { return 0 }
    let s = v.sorted()
    return s[min(s.count - 1, Int((Double(s.count - 1) * p / 100).rounded()))]
  }

  /// Seconds from spawn to exit for a command (best of 3).
  func timeCommand(_ path: String, _ args: [String]) -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
      let t0 = nowNs()
      guard let (pid, fd) = try? spawnReading(path, args) else { return .nan }
      var buf = [UInt8](repeating: 0, count: 65536)
      while read(fd, &buf, buf.count) > 0 {}
      close(fd)
      var st: Int32 = 0
      waitpid(pid, &st, 0)
      best = min(best, Double(nowNs() - t0) / 1e9)
    }
    return best
  }

  /// Spawns a process with stdout on a pipe; returns its pid and the read end.
  func spawnReading(_ path: String, _ args: [String]) throws -> (pid_t, Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw StoreError.invalid("pipe failed") }
    var actions = newSpawnActions()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    close(fds[1])
    guard rc == 0 else { throw StoreError.invalid("cannot run \(path)") }
    return (pid, fds[0])
  }

  /// Reads lines from a child until it exits, timing each line from spawn.
  func timedLines(_ path: String, _ args: [String]) throws -> [(Double, String)] {
    let t0 = nowNs()
    let (pid, fd) = try spawnReading(path, args)
    var out: [(Double, String)] = []
    var pending = ""
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = read(fd, &buf, buf.count)
      if n <= 0 { break }
      let at = Double(nowNs() - t0) / 1e9
      pending += String(decoding: buf[0..<n], as: UTF8.self)
      while let nl = pending.firstIndex(of: "\n") {
        out.append((at, String(pending[..<nl])))
        pending = String(pending[pending.index(after: nl)...])
      }
    }
    close(fd)
    var st: Int32 = 0
    waitpid(pid, &st, 0)
    return out
  }

  /// Frame render times with a 100 KB response visible, and keystroke-to-frame times.
  func renderTimes() throws -> [(String, [Double])] {
    let root = URL(fileURLWithPath: out).appendingPathComponent("render-store")
    if !Store.exists(at: root) {
      try Store.create(at: root, preset: "rewrite", annotator: "bench")
      var gen = SyntheticData(seed: 9)
      var long = gen.text(100_000, cjk: false, emoji: true, markdown: true)
      long += "\n" + gen.text(2000, cjk: true, emoji: false, markdown: false)
      var convo: [Message] = []
      for i in 0..<60 {
        convo.append(
          Message(
            role: i % 2 == 0 ? .user : .assistant,
            content: gen.text(1500, cjk: false, emoji: false, markdown: i % 2 == 1)))
      }
      let t1 = ChatTask(
        id: "big", context: [Message(role: .user, content: "Write a very long answer.")],
        candidates: [Candidate(id: "a", messages: [Message(role: .assistant, content: long)])])
      let t2 = ChatTask(
        id: "convo", context: convo,
        candidates: [Candidate(id: "a", messages: [Message(role: .assistant, content: "ok")])])
      var data = try TaskCodec.encode(t1)
      data.append(0x0A)
      data.append(try TaskCodec.encode(t2))
      data.append(0x0A)
      try data.write(to: root.appendingPathComponent("tasks/render.jsonl"))
    }
    try? FileManager.default.removeItem(at: root.appendingPathComponent("annotations"))
    let store = try Store.open(root, annotator: "bench")
    store.indexNow()
    let session = Session(store: store, keymap: Keymap.defaultMap(), title: "bench")
    session.go(to: 0)
    var out: [(String, [Double])] = []
    for (w, h) in [(80, 24), (200, 60)] {
      // As the runner does: the session settles its scrolling for the size it is drawn at.
      session.viewport = (w, h)
      _ = Screen.render(session, width: w, height: h)
      var times: [Double] = []
      for i in 0..<400 {
        if i % 40 == 0 { _ = session.handle(.pageDown) }
        let t0 = nowNs()
        _ = Screen.render(session, width: w, height: h)
        times.append(Double(nowNs() - t0) / 1e9)
      }
      out.append(("\(w)x\(h), 100 KB response", times))
    }
    // Typing in the editor: key handling plus a frame.
    _ = session.handle(.char("e"))
    var typing: [Double] = []
    for i in 0..<300 {
      let t0 = nowNs()
      _ = session.handle(.char(i % 6 == 5 ? " " : "x"))
      _ = Screen.render(session, width: 200, height: 60)
      typing.append(Double(nowNs() - t0) / 1e9)
    }
    session.flushSave()
    _ = session.handle(.esc)
    out.append(("keystroke→frame typing in a 100 KB rewrite, 200x60", typing))
    session.go(to: 1)
    session.focus = .conversation
    _ = Screen.render(session, width: 200, height: 60)
    var scrolling: [Double] = []
    for _ in 0..<300 {
      let t0 = nowNs()
      _ = session.handle(.char("j"))
      _ = Screen.render(session, width: 200, height: 60)
      scrolling.append(Double(nowNs() - t0) / 1e9)
    }
    out.append(("keystroke→frame scrolling a 60-turn conversation, 200x60", scrolling))
    return out
  }

  func journalAppends(_ dir: URL) throws -> [Double] {
    let url = dir.appendingPathComponent("bench-journal.jsonl")
    try? FileManager.default.removeItem(at: url)
    let j = try Journal(url: url)
    var times: [Double] = []
    for i in 0..<1000 {
      var a = Annotation(
        taskId: "t\(i % 100)", annotator: "bench",
        answers: ["r": .text(String(repeating: "word ", count: 40))])
      a.activeMs = i
      let t0 = nowNs()
      try j.append(JournalRecord(annotation: a))
      times.append(Double(nowNs() - t0) / 1e9)
    }
    return times
  }

}
