import Agreement
import Annotation
import Codecs
import Commands
import Export
import Foundation
import Reports
import TaskStore
import TerminalKit
import Worksheet
import Workstation

extension BenchCommand {
  /// A team's store: 50 annotators, `tasks` tasks each answered by all of them
  /// (2,000 tasks make 100,000 annotations), built once and kept for reruns.
  func teamStore(tasks: Int) throws -> URL {
    let root = URL(fileURLWithPath: out).appendingPathComponent("team-store-\(tasks)")
    guard !Store.exists(at: root) else { return root }
    print("generating a team store of \(tasks) tasks × 50 annotators in \(root.path) …")
    try Store.create(at: root, preset: "ranking", annotator: "lead")
    _ = try SyntheticData.writeStoreTasks(
      root.appendingPathComponent("tasks/team.jsonl"), count: tasks)
    let store = try Store.open(root, annotator: "lead", readOnly: true)
    store.indexNow()
    let candidates = try (0..<store.count).map { try store.task(at: $0).task }.map {
      ($0.id, $0.candidates.map(\.id))
    }
    for (n, who) in Self.teamAnnotators.enumerated() {
      let url = root.appendingPathComponent("annotations/\(who).jsonl")
      let journal = try Journal(url: url, annotator: who)
      var data = Data()
      for (i, (id, ids)) in candidates.enumerated() {
        // Each annotator ranks by a rotation of the order: realistic disagreement.
        let k = (i + n) % max(1, ids.count)
        let ranked = Array(ids[k...] + ids[..<k])
        var a = Annotation(taskId: id, annotator: who, status: .submitted, orderShown: ids)
        a.answers["rank"] = .ranking(Ranking(tiers: ranked.map { [$0] }))
        a.candidateAnswers["overall"] = Dictionary(
          uniqueKeysWithValues: ranked.enumerated().map { ($1, .rating(7 - $0)) })
        a.activeMs = 20_000
        data.append(try journal.line(for: JournalRecord(annotation: a)))
      }
      try data.write(to: url)
    }
    return root
  }

  static let teamAnnotators = (0..<50).map { String(format: "annotator-%02d", $0) }

  /// A team's store of 100,000 annotations: seconds for `rubric stats`, `rubric agreement`,
  /// the review queue and a DPO export, in this process.
  func teamTimes() throws -> (
    annotations: Int, stats: Double, agreement: Double, review: Double, reviewTasks: Int,
    export: Double, rows: Int, bytes: Int
  ) {
    let tasks = 2_000
    let root = try teamStore(tasks: tasks)
    // As on a store made for this run, whichever run made it: no digest, no kept result
    // (a store kept from an earlier run read stats at 0.00 s from its results).
    for kept in [".rubric/digest", ".rubric/results"] {
      try? FileManager.default.removeItem(at: root.appendingPathComponent(kept))
    }
    let a0 = nowNs()
    _ = try AgreementReport.compute(store: root)
    let a1 = nowNs()
    let queue = try Reviews.queue(
      try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true))
    let a2 = nowNs()
    let t0 = nowNs()
    _ = try Stats.compute(store: root)
    let t1 = nowNs()
    let target = URL(fileURLWithPath: out).appendingPathComponent("team-dpo.jsonl")
    try? FileManager.default.removeItem(at: target)
    let summary = try Exporter.export(root, options: ExportOptions(format: .dpo), to: target)
    let t2 = nowNs()
    let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
    try? FileManager.default.removeItem(at: target)
    return (
      Self.teamAnnotators.count * tasks, Double(t1 - t0) / 1e9, Double(a1 - a0) / 1e9,
      Double(a2 - a1) / 1e9, queue.count,
      Double(t2 - t1) / 1e9, summary.rows, bytes
    )
  }
}

extension BenchCommand {
  /// Typing 4,000 characters into a rewrite at 8 a second, saved as the workstation
  /// saves (debounced): the journal's growth in edits and in snapshots, and what
  /// snapshots alone would have written.
  func journalGrowth() throws -> (
    typed: Int, edits: Int, editBytes: Int, snapshots: Int, snapshotBytes: Int, snapshotsOnly: Int
  ) {
    let root = URL(fileURLWithPath: out).appendingPathComponent("typing-store")
    try? FileManager.default.removeItem(at: root)
    try Store.create(at: root, preset: "rewrite", annotator: "bench")
    let task = ChatTask(
      id: "letter", context: [Message(role: .user, content: "Write to the landlord.")],
      candidates: [
        Candidate(
          id: "a", messages: [Message(role: .assistant, content: "hey, the tap is broken.")])
      ])
    var line = try TaskCodec.encode(task)
    line.append(0x0A)
    try line.write(to: root.appendingPathComponent("tasks/letter.jsonl"))
    let store = try Store.open(root, annotator: "bench")
    store.indexNow()
    final class Clock: @unchecked Sendable { var now = 0 }
    let clock = Clock()
    let session = Session(
      store: store, keymap: Keymap.defaultMap(), title: "bench", clock: { clock.now })
    session.go(to: 0)
    _ = session.handle(.char("e"))
    let words = "The tap in the kitchen has leaked for a week; please send someone. "
    let typed = String(String(repeating: words, count: 4_000 / words.count + 1).prefix(4_000))
    for ch in typed {
      clock.now += 125
      _ = session.handle(ch == " " ? .space : .char(ch))
      _ = session.tick()
    }
    _ = session.handle(.esc)
    session.flushSave()
    let url = root.appendingPathComponent("annotations/bench.jsonl")
    let contents = try Journal.contents(of: url, annotator: "bench")
    let journal = try Journal(url: url, readOnly: true, annotator: "bench")
    var edits = 0
    var snapshots = 0
    var snapshotBytes = 0
    var snapshotsOnly = 0
    for r in contents.records {
      var whole = r
      whole.edit = nil
      let full = try journal.line(for: whole).count
      snapshotsOnly += full
      if r.edit == nil {
        snapshots += 1
        snapshotBytes += full
      } else {
        edits += 1
      }
    }
    let total = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return (typed.utf8.count, edits, total - snapshotBytes, snapshots, snapshotBytes, snapshotsOnly)
  }
}

extension SyntheticData {
  /// An 8-hour shift's journal as the workstation writes it now: per task, a
  /// snapshot, then typing as edits (a snapshot every 50), about one save a second.
  static func writeEditShiftJournal(_ url: URL, annotator: String, seconds: Int, tasks: Int) throws
    -> (records: Int, bytes: Int)
  {
    if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int,
      size > 0
    {
      return (seconds, size)
    }
    var gen = SyntheticData(seed: 6)
    let journal = try Journal(url: url, annotator: annotator)
    var data = Data()
    var current: Annotation?
    var sinceSnapshot = 0
    for s in 0..<seconds {
      // A new task about every four minutes.
      let task = (s / 240) % max(1, tasks)
      let id = String(format: "bench-%07d", task)
      if current?.taskId != id {
        current = Annotation(
          taskId: id, annotator: annotator, answers: ["rating": .rating(1 + s % 7)])
        sinceSnapshot = 50
      }
      guard var a = current else { continue }
      let before = a
      a.answers["why"] = .text(
        (a.answers["why"]?.text ?? "") + gen.text(8, cjk: false, emoji: false, markdown: false))
      a.activeMs += 1000
      var record = JournalRecord(annotation: a)
      if sinceSnapshot < 50, let edit = TextEdit.between(before, a) {
        record.edit = edit
        sinceSnapshot += 1
      } else {
        sinceSnapshot = 0
      }
      data.append(try journal.line(for: record))
      current = a
    }
    try data.write(to: url)
    return (seconds, data.count)
  }
}
