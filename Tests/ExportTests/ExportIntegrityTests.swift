import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Export
@testable import Import
@testable import TaskStore

/// Splits RFC 4180 CSV text into rows of cells.
func parseCSV(_ text: String) -> [[String]] {
  var rows: [[String]] = []
  var row: [String] = []
  var cell = ""
  var quoted = false
  var chars = Array(text)[...]
  while let c = chars.popFirst() {
    if quoted {
      if c == "\"" {
        if chars.first == "\"" {
          cell.append("\"")
          chars.removeFirst()
        } else {
          quoted = false
        }
      } else {
        cell.append(c)
      }
    } else if c == "\"" {
      quoted = true
    } else if c == "," {
      row.append(cell)
      cell = ""
    } else if c == "\n" {
      row.append(cell)
      rows.append(row)
      row = []
      cell = ""
    } else {
      cell.append(c)
    }
  }
  if !cell.isEmpty || !row.isEmpty { rows.append(row + [cell]) }
  return rows
}

@Suite struct ExportIntegrityTests {
  /// A random form: a ranking question, then a few of the other kinds, ids drawn from a small pool so forms overlap.
  func randomForm(_ g: inout SplitMix64, name: String) -> (
    toml: String, questions: [(id: String, kind: String, perCandidate: Bool)]
  ) {
    var text =
      "title = \"\(name)\"\n\n[[question]]\nid = \"rank\"\ntitle = \"Rank\"\nkind = \"ranking\"\n"
    var qs: [(String, String, Bool)] = []
    var used = Set<String>()
    for _ in 0..<(1 + Int(g.next() % 5)) {
      let id = "q\(g.next() % 8)"
      guard used.insert(id).inserted else { continue }
      let per = g.next() % 2 == 0
      let scope = per ? "scope = \"candidate\"\n" : ""
      switch g.next() % 4 {
      case 0:
        text +=
          "\n[[question]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nkind = \"rating\"\nmin = 1\nmax = 7\n"
          + scope
        qs.append((id, "rating", per))
      case 1:
        text +=
          "\n[[question]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nkind = \"choice\"\noptions = [\"A better\", \"B better\", \"x,y\"]\n"
        qs.append((id, "choice", false))
      case 2:
        text +=
          "\n[[question]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nkind = \"labels\"\noptions = [\"p\", \"q\"]\n"
          + scope
        qs.append((id, "labels", per))
      default:
        text += "\n[[question]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nkind = \"text\"\n"
        qs.append((id, "text", false))
      }
    }
    return (text, qs)
  }

  @Test func csvRowsAlignWithOneHeaderOverRandomForms() throws {
    for seed in 0..<25 {
      var g = SplitMix64(seed: UInt64(seed))
      let root = try makeStore(tasks: [])
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent("forms"), withIntermediateDirectories: true)
      var forms: [String: [(id: String, kind: String, perCandidate: Bool)]] = [:]
      for k in 0..<(1 + Int(g.next() % 3)) {
        let f = randomForm(&g, name: "f\(k)")
        try f.toml.write(
          to: root.appendingPathComponent("forms/f\(k).toml"), atomically: true, encoding: .utf8)
        forms["f\(k)"] = f.questions
      }
      let names = forms.keys.sorted()
      var tasks: [ChatTask] = []
      for i in 0..<12 {
        var t = sampleTask("t\(i)", candidates: 3)
        t.form = names[i % names.count]
        tasks.append(t)
      }
      let src = root.appendingPathComponent("in.jsonl")
      try Data(
        tasks.map { String(decoding: try TaskCodec.encode($0), as: UTF8.self) + "\n" }.joined().utf8
      ).write(to: src)
      _ = try Importer.importFile(src, into: root)
      let store = try Store.open(root, annotator: "ann")
      // Expected cells by (task, column).
      var expected: [String: [String: String]] = [:]
      for t in tasks {
        let order = ["c2", "c0", "c1"]
        var a = Annotation(
          taskId: t.id, annotator: "ann", status: .submitted, orderShown: order,
          seed: UInt64.max - UInt64(seed))
        a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1", "c2"]]))
        var cells: [String: String] = [:]
        for q in forms[t.form ?? ""] ?? [] where g.next() % 3 != 0 {
          switch (q.kind, q.perCandidate) {
          case ("rating", true):
            a.candidateAnswers[q.id] = ["c0": .rating(3), "c1": .rating(7)]
            cells[q.id] = "c0=3; c1=7"
          case ("rating", false):
            a.answers[q.id] = .rating(5)
            cells[q.id] = "5"
          case ("choice", _):
            a.answers[q.id] = .choice(CandidateChoice.stored("B better", order: order))
            cells[q.id] = "c0 better"
          case ("labels", true):
            a.candidateAnswers[q.id] = ["c2": .labels(["p", "q"])]
            cells[q.id] = "c2=p|q"
          case ("labels", false):
            a.answers[q.id] = .labels(["q"])
            cells[q.id] = "q"
          default:
            a.answers[q.id] = .text("said, \"quoted\"\nnext")
            cells[q.id] = "said, \"quoted\"\nnext"
          }
        }
        // An answer to a question no form asks any more keeps its column.
        if t.id == "t5" {
          a.answers["retired"] = .text("old answer")
          cells["retired"] = "old answer"
        }
        try store.save(a, pos: nil)
        expected[t.id] = cells
      }
      let rows = parseCSV(try exportText(root, .csv).joined(separator: "\n") + "\n")
      let header = try #require(rows.first)
      #expect(Set(header).count == header.count, "seed \(seed): duplicate columns")
      #expect(header.contains("retired"))
      #expect(rows.count == tasks.count + 1)
      for row in rows.dropFirst() {
        #expect(row.count == header.count, "seed \(seed): row \(row.first ?? "")")
        let byColumn = Dictionary(uniqueKeysWithValues: zip(header, row))
        let id = byColumn["task_id"] ?? ""
        #expect(byColumn["ranking"] == "c0 > c1=c2")
        #expect(byColumn["form_version"] == "1")
        for (column, value) in byColumn where column.hasPrefix("q") || column == "retired" {
          #expect(
            value == (expected[id]?[column] ?? ""), "seed \(seed) task \(id) column \(column)")
        }
      }
    }
  }

  /// Tasks are exported in batches on all cores: the rows still come in task order,
  /// across batches, and tasks nobody answered (skipped before decoding) give none.
  @Test func rowsComeInTaskOrderAcrossBatchesAndUnansweredTasksAreSkipped() throws {
    let ids = (0..<2600).map { String(format: "t%04d", $0) }
    let root = try makeStore(tasks: ids.map { sampleTask($0) })
    let journal = try Journal(url: root.appendingPathComponent("annotations/ann.jsonl"))
    var lines = Data()
    let answered = ids.enumerated().filter { $0.offset % 3 != 1 }.map(\.element)
    for id in answered {
      var a = Annotation(
        taskId: id, annotator: "ann", status: .submitted, orderShown: ["c0", "c1"])
      a.answers["rank"] = .ranking(Ranking(tiers: [["c1"], ["c0"]]))
      lines.append(try journal.line(for: JournalRecord(annotation: a)))
    }
    try lines.write(to: journal.url)
    let rows = try exportText(root, .annotations).map(json)
    #expect(rows.compactMap { $0["task_id"] as? String } == answered)
    var o = ExportOptions(format: .dpo)
    o.split = [("train", 0.5), ("test", 0.5)]
    let summary = try Exporter.export(root, options: o, to: root.appendingPathComponent("s.jsonl"))
    #expect(summary.tasks == answered.count)
    #expect(summary.rows == answered.count)
    #expect(summary.parts["train", default: 0] + summary.parts["test", default: 0] == summary.rows)
    #expect(summary.parts["train", default: 0] > 0 && summary.parts["test", default: 0] > 0)
  }

  @Test func theAnnotationsExportRoundTripsWithTheSeedAsAnInteger() throws {
    let root = try makeStore(tasks: [sampleTask("t0"), sampleTask("t1")])
    let store = try Store.open(root, annotator: "ann")
    var saved: [Annotation] = []
    for (i, seed) in [UInt64(13_903_015_326_437_810_000), UInt64.max].enumerated() {
      var a = Annotation(
        taskId: "t\(i)", annotator: "ann", status: .submitted, orderShown: ["c1", "c0"], seed: seed)
      a.answers["rank"] = .ranking(Ranking(tiers: [["c1"], ["c0"]]))
      a.answers["strength"] = .choice(CandidateChoice.stored("A much better", order: a.orderShown))
      a.answers["turn"] = .turn(0)
      try store.save(a, pos: nil)
      saved.append(a)
    }
    let lines = try exportText(root, .annotations)
    #expect(lines[0].contains("\"seed\":13903015326437810000"))
    let back = try lines.map { try JSONDecoder().decode(Annotation.self, from: Data($0.utf8)) }
    #expect(back == saved)
  }

  @Test func theStrengthIsStoredAndExportedByCandidateId() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let store = try Store.open(root, annotator: "ann")
    // Shown as A = c1, B = c0: "B much better" means c0.
    let order = ["c1", "c0"]
    var a = Annotation(taskId: "t0", annotator: "ann", status: .submitted, orderShown: order)
    a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
    a.answers["strength"] = .choice(CandidateChoice.stored("B much better", order: order))
    #expect(a.answers["strength"] == .choice("{c0} much better"))
    try store.save(a, pos: nil)
    let rows = parseCSV(try exportText(root, .csv).joined(separator: "\n") + "\n")
    let cells = Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
    #expect(cells["strength"] == "c0 much better")
    // Turns are 0-based context indices in the CSV too (a column kept for an answer no form asks).
    a.answers["turn"] = .turn(0)
    try store.save(a, pos: nil)
    let withTurn = parseCSV(try exportText(root, .csv).joined(separator: "\n") + "\n")
    #expect(Dictionary(uniqueKeysWithValues: zip(withTurn[0], withTurn[1]))["turn"] == "0")
    a.answers["turn"] = nil
    // An answer saved with the shown letter (before ids) is translated through order_shown.
    a.answers["strength"] = .choice("B much better")
    try store.save(a, pos: nil)
    let old = parseCSV(try exportText(root, .csv).joined(separator: "\n") + "\n")
    #expect(Dictionary(uniqueKeysWithValues: zip(old[0], old[1]))["strength"] == "c0 much better")
    // A strength that contradicts the ranking is a consistency warning.
    let form = store.config.form
    store.indexNow()
    let task = try store.task(at: 0).task
    #expect(form.validate(a, task: task).warnings.isEmpty)
    a.answers["strength"] = .choice(CandidateChoice.stored("A much better", order: order))
    #expect(
      form.validate(a, task: task).warnings == [
        "How much better? says A is better, but A is ranked below B"
      ])
    #expect(form.validate(a, task: task).issues.isEmpty)
  }

  @Test func csvCellsStartingWithTabOrCarriageReturnAreEscaped() {
    #expect(CSVRow.quote("\t=1+1") == "'\t=1+1")
    #expect(CSVRow.quote("\r=1+1") == "\"'\r=1+1\"")
    #expect(CSVRow.quote("-2") == "'-2")
  }
}
