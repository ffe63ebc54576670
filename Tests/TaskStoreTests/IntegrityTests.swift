import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Export
@testable import Import
@testable import Reports
@testable import TaskStore

/// Fault injection: damaged journals, links, exports into the store, concurrent imports, foreign records.
@Suite struct IntegrityTests {
  func records(_ n: Int, annotator: String = "ann") -> [JournalRecord] {
    (0..<n).map { i in
      JournalRecord(
        annotation: Annotation(
          taskId: "t\(i)", annotator: annotator, status: .submitted,
          answers: ["q": .text("answer \(i) é")]))
    }
  }

  func journalBytes(_ rs: [JournalRecord], at url: URL) throws -> [UInt8] {
    let j = try Journal(url: url, annotator: "ann")
    for r in rs { try j.append(r) }
    return [UInt8](try Data(contentsOf: url))
  }

  @Test func everySingleBitFlipInAMiddleRecordKeepsAllTheOthers() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let full = try journalBytes(records(40), at: url)
    let ends = full.indices.filter { full[$0] == 0x0A }
    // Record 6 (line 6): bytes from the end of line 5 to its newline.
    let start = ends[4] + 1
    let end = ends[5]
    var trials = 0
    for byte in start..<end {
      for bit in 0..<8 {
        var copy = full
        copy[byte] ^= UInt8(1 << bit)
        if copy[byte] == 0x0A { continue }  // a new line break splits the record: covered below
        trials += 1
        let parsed = Journal.parse(Data(copy), annotator: "ann")
        let ids = Set(parsed.records.map(\.annotation.taskId))
        let others = Set((0..<40).filter { $0 != 5 }.map { "t\($0)" })
        #expect(others.isSubset(of: ids), "bit \(bit) of byte \(byte)")
        #expect(parsed.torn == nil)
        // A flip is either caught (line 6 set aside) or harmless (the record still reads and checks).
        #expect(
          parsed.problems.map(\.line) == [6] || parsed.records.count == 40,
          "bit \(bit) of byte \(byte)")
      }
    }
    #expect(trials > 1000)
    // Opening a store on such a journal keeps the other 39, reports line 6, and rewrites nothing.
    var copy = full
    copy[start + 20] ^= 0x04
    try Data(copy).write(to: url)
    let opened = try Journal(url: url, annotator: "ann")
    #expect(opened.latest.count == 39)
    #expect(opened.setAside.map(\.line) == [6])
    #expect(opened.setAside.first?.taskId == "t5")
    #expect(opened.recovery == nil)
    #expect(try Data(contentsOf: url) == Data(copy))
    // New records go after it, and a reopen still reads them all.
    try opened.append(records(41)[40])
    #expect(try Journal(url: url, annotator: "ann").latest.count == 40)
  }

  @Test func aCRLFJournalReadsWhole() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let full = try journalBytes(records(12), at: url)
    var crlf: [UInt8] = []
    for b in full {
      if b == 0x0A { crlf.append(0x0D) }
      crlf.append(b)
    }
    try Data(crlf).write(to: url)
    let parsed = Journal.parse(Data(crlf), annotator: "ann")
    #expect(parsed.records.count == 12)
    #expect(parsed.problems.isEmpty)
    let opened = try Journal(url: url, annotator: "ann")
    #expect(opened.latest.count == 12)
    #expect(opened.recovery == nil)
    #expect(try Data(contentsOf: url) == Data(crlf))
  }

  @Test func aForeignAnnotatorsRecordIsReportedAndIgnored() throws {
    let root = try makeStore(tasks: [sampleTask("t0"), sampleTask("t1")])
    let url = root.appendingPathComponent("annotations/alice.jsonl")
    let j = try Journal(url: url)
    try j.append(records(2, annotator: "alice")[0])
    try j.append(
      JournalRecord(
        annotation: Annotation(
          taskId: "t0", annotator: "bob", status: .submitted, answers: ["q": .text("bob's")])))
    let opened = try Journal(url: url, annotator: "alice")
    #expect(opened.record(for: "t0")?.annotation.annotator == "alice")
    #expect(opened.setAside.count == 1)
    let report = StoreCheck.run(root)
    #expect(
      report.problems.contains {
        $0.hasPrefix("annotations/alice.jsonl:2: a record of annotator \"bob\"")
      })
    var o = ExportOptions(format: .annotations)
    o.status = nil
    let out = temporaryDirectory().appendingPathComponent("a.jsonl")
    _ = try Exporter.export(root, options: o, to: out)
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(text.contains("answer 0"))
    #expect(!text.contains("bob"))
  }

  @Test func symlinkedJournalsAndLocksLeaveTheOutsideFileByteIdentical() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let outside = temporaryDirectory().appendingPathComponent("precious.txt")
    let precious = Data("do not touch\nline two".utf8)
    try precious.write(to: outside)
    let journal = root.appendingPathComponent("annotations/carol.jsonl")
    try FileManager.default.createSymbolicLink(at: journal, withDestinationURL: outside)
    #expect(throws: StoreError.linked(path: journal.path)) {
      _ = try Store.open(root, annotator: "carol")
    }
    #expect(throws: StoreError.linked(path: journal.path)) { _ = try Journal(url: journal) }
    #expect(try Data(contentsOf: outside) == precious)
    #expect(
      StoreCheck.run(root).problems.contains {
        $0.contains("carol.jsonl") && $0.contains("symbolic link")
      })
    // A planted lock link is refused too.
    let lock = root.appendingPathComponent(".rubric/dave.lock")
    try FileManager.default.createSymbolicLink(at: lock, withDestinationURL: outside)
    #expect(throws: StoreError.linked(path: lock.path)) {
      _ = try Store.open(root, annotator: "dave")
    }
    #expect(try Data(contentsOf: outside) == precious)
    // And a symlinked annotations folder.
    let other = try makeStore(tasks: [sampleTask("t0")])
    let elsewhere = temporaryDirectory()
    try FileManager.default.removeItem(at: other.appendingPathComponent("annotations"))
    try FileManager.default.createSymbolicLink(
      at: other.appendingPathComponent("annotations"), withDestinationURL: elsewhere)
    #expect(throws: StoreError.self) { _ = try Store.open(other, annotator: "erin") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
  }

  @Test func exportIntoTheStoreIsRefusedAndTheJournalIsUnchanged() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let store = try Store.open(root, annotator: "bob")
    try store.save(Annotation(taskId: "t0", annotator: "bob", status: .submitted), pos: nil)
    let journal = root.appendingPathComponent("annotations/bob.jsonl")
    let before = try Data(contentsOf: journal)
    for path in [
      "annotations/bob.jsonl", "tasks/data.jsonl", "rubric.toml", "new.jsonl",
      "annotations/../x.jsonl",
    ] {
      #expect(throws: StoreError.self, "\(path)") {
        try ExportTarget.check(root.appendingPathComponent(path), store: root, force: true)
      }
    }
    // Through a link to the store.
    let link = temporaryDirectory().appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root)
    #expect(throws: StoreError.self) {
      try ExportTarget.check(
        link.appendingPathComponent("annotations/bob.jsonl"), store: root, force: true)
    }
    // Under exports/ it is allowed; an existing file needs --force.
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("exports"), withIntermediateDirectories: true)
    let allowed = root.appendingPathComponent("exports/dpo.jsonl")
    try ExportTarget.check(allowed, store: root, force: false)
    _ = try Exporter.export(root, options: ExportOptions(format: .dpo), to: allowed)
    #expect(throws: StoreError.self) { try ExportTarget.check(allowed, store: root, force: false) }
    try ExportTarget.check(allowed, store: root, force: true)
    #expect(try Data(contentsOf: journal) == before)
  }

  @Test func aStoreDeletedWhileOpenStopsSaving() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let store = try Store.open(root, annotator: "ann")
    try store.save(Annotation(taskId: "t0", annotator: "ann"), pos: nil)
    try FileManager.default.removeItem(at: root)
    #expect(throws: StoreError.storeGone(path: store.journal.url.path)) {
      try store.save(Annotation(taskId: "t0", annotator: "ann", status: .submitted), pos: nil)
    }
    // A journal replaced by another file is noticed the same way.
    let again = try makeStore(tasks: [sampleTask("t0")])
    let s2 = try Store.open(again, annotator: "ann")
    try s2.save(Annotation(taskId: "t0", annotator: "ann"), pos: nil)
    let j = again.appendingPathComponent("annotations/ann.jsonl")
    try FileManager.default.moveItem(
      at: j, to: again.appendingPathComponent("annotations/moved.jsonl"))
    try Data().write(to: j)
    #expect(throws: StoreError.storeGone(path: j.path)) {
      try s2.save(Annotation(taskId: "t0", annotator: "ann"), pos: nil)
    }
    #expect(try Data(contentsOf: j).isEmpty)
  }

  @Test func twoConcurrentImportsGiveTheSumOfTheirTasks() throws {
    let root = try makeStore(tasks: [])
    let a = temporaryDirectory().appendingPathComponent("data.jsonl")
    let b = temporaryDirectory().appendingPathComponent("data.jsonl")
    func write(_ url: URL, _ prefix: String) throws {
      var d = Data()
      for i in 0..<3000 {
        d.append(try TaskCodec.encode(sampleTask("\(prefix)\(i)")))
        d.append(0x0A)
      }
      try d.write(to: url)
    }
    try write(a, "a")
    try write(b, "b")
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 2) { k in
      let s = try? Importer.importFile(k == 0 ? a : b, into: root, format: nil, blockSize: 4096)
      results.add(s?.output)
    }
    #expect(Set(results.outputs.compactMap { $0 }).count == 2)
    let store = try Store.open(root, readOnly: true)
    store.indexNow()
    #expect(store.count == 6000)
  }

  @Test func leftoverImportTempFilesAreRemovedAndReported() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let stale = root.appendingPathComponent("tasks/.data.jsonl.tmp-99999")
    try Data(repeating: 0x41, count: 1000).write(to: stale)
    #expect(StoreCheck.run(root).problems.contains { $0.contains(".data.jsonl.tmp-99999") })
    let src = temporaryDirectory().appendingPathComponent("more.jsonl")
    try (try TaskCodec.encode(sampleTask("t1")) + Data([0x0A])).write(to: src)
    let s = try Importer.importFile(src, into: root)
    #expect(s.cleaned == 1000)
    #expect(!FileManager.default.fileExists(atPath: stale.path))
  }

  @Test func theSameIdWithOtherContentIsAConflictWithItsLine() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let stored = try #require(Store.taskFileURLs(root).first).lastPathComponent
    var changed = sampleTask("t0")
    changed.context[0].content = "A different question"
    let src = temporaryDirectory().appendingPathComponent("c.jsonl")
    var d = Data()
    for t in [
      sampleTask("t1"), sampleTask("t0"), changed, sampleTask("t1"),
      {
        var x = sampleTask("t1")
        x.candidates = []
        return x
      }(),
    ] {
      d.append(try TaskCodec.encode(t))
      d.append(0x0A)
    }
    try d.write(to: src)
    let s = try Importer.importFile(src, into: root)
    #expect(s.imported == 1)
    #expect(s.duplicates == 2)
    #expect(s.conflicts == 2)
    #expect(
      s.errors.map(\.description) == [
        "c.jsonl:3: id: \"t0\" is already at tasks/\(stored):1 with different content; give one of them another id",
        "c.jsonl:5: id: \"t1\" is already at c.jsonl:1 with different content; give one of them another id",
      ])
  }

  @Test func byteOrderMarksAreStrippedAndUTF16IsRefused() throws {
    let root = try makeStore(tasks: [])
    let src = temporaryDirectory().appendingPathComponent("bom.jsonl")
    let line = try TaskCodec.encode(sampleTask("t0"))
    try (Data([0xEF, 0xBB, 0xBF]) + line + Data([0x0A])).write(to: src)
    let s = try Importer.importFile(src, into: root)
    #expect(s.format == "canonical")
    #expect(s.imported == 1)
    #expect(s.errors.isEmpty)
    let utf16 = temporaryDirectory().appendingPathComponent("wide.jsonl")
    let text = String(decoding: line, as: UTF8.self) + "\n"
    for (encoding, name) in [
      (String.Encoding.utf16LittleEndian, "UTF-16LE"), (.utf16BigEndian, "UTF-16BE"),
      (.utf16, "UTF-16"), (.utf32LittleEndian, "UTF-32LE"),
    ] {
      try #require(text.data(using: encoding)).write(to: utf16)
      do {
        _ = try Importer.importFile(utf16, into: root)
        Issue.record("\(name) was imported")
      } catch {
        #expect("\(error)".contains("iconv -f UTF-"), "\(name): \(error)")
      }
    }
  }

  @Test func tasksThatCannotBeCompletedAreErrorsWithTheirLine() throws {
    let root = try makeStore(preset: "ranking", tasks: [])
    var noCandidates = sampleTask("t1")
    noCandidates.candidates = []
    var emptyCandidate = sampleTask("t2")
    emptyCandidate.candidates[1].messages = []
    var unknownForm = sampleTask("t3")
    unknownForm.form = "nope"
    let src = temporaryDirectory().appendingPathComponent("bad.jsonl")
    var d = Data()
    for t in [sampleTask("t0"), noCandidates, emptyCandidate, unknownForm] {
      d.append(try TaskCodec.encode(t))
      d.append(0x0A)
    }
    try d.write(to: src)
    let s = try Importer.importFile(src, into: root)
    #expect(s.imported == 2)
    #expect(s.errors.map { "\($0.line) \($0.field)" } == ["3 candidates[1].messages", "4 form"])
    #expect(s.warnings.map { "\($0.line) \($0.field)" } == ["2 candidates"])
  }
}

/// Collects results from concurrent work.
final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var outputs: [String?] = []
  func add(_ s: String?) { lock.withLock { outputs.append(s) } }
}

/// Forms at the edges of Int64, and forms changed under existing work.
@Suite struct FormIntegrityTests {
  func form(_ scale: String) -> String {
    "title = \"t\"\n\n[[question]]\nid = \"r\"\ntitle = \"R\"\nkind = \"rating\"\n\(scale)\n"
  }

  @Test func extremeFormsGiveErrorsNotCrashes() {
    for scale in [
      "min = -9223372036854775808\nmax = 7", "min = 9223372036854775806\nmax = 9223372036854775807",
      "min = 1\nmax = 9223372036854775807", "min = -9223372036854775808\nmax = 9223372036854775807",
      "min = 0\nmax = 1000",
    ] {
      do {
        _ = try StoreConfig.parse(form(scale), file: "rubric.toml")
        Issue.record("accepted \(scale)")
      } catch {
        #expect(error.description.hasPrefix("rubric.toml:"), "\(scale): \(error)")
      }
    }
    let text =
      "title = \"t\"\n\n[[question]]\nid = \"x\"\ntitle = \"X\"\nkind = \"text\"\nmin_length = 9223372036854775807\n"
    #expect(throws: LineError.self) { _ = try StoreConfig.parse(text, file: "rubric.toml") }
  }

  @Test func aFormChangeShowsSubmittedAnswersThatNeedReview() throws {
    let root = try makeStore(tasks: [sampleTask("t0"), sampleTask("t1"), sampleTask("t2")])
    let store = try Store.open(root, annotator: "ann")
    for id in ["t0", "t1", "t2"] {
      var a = Annotation(
        taskId: id, annotator: "ann", status: .submitted, orderShown: ["c0", "c1"])
      a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
      if id == "t1" { a.answers["rationale"] = .text("because") }
      try store.save(a, pos: nil)
    }
    #expect(StoreCheck.run(root).needsReview == 0)
    // Version 2 makes the rationale required.
    let url = root.appendingPathComponent("rubric.toml")
    var toml = try String(contentsOf: url, encoding: .utf8)
    toml = toml.replacingOccurrences(of: "version = \"1\"", with: "version = \"2\"")
      .replacingOccurrences(of: "kind = \"text\"", with: "kind = \"text\"\nrequired = true")
    try toml.write(to: url, atomically: true, encoding: .utf8)
    let report = StoreCheck.run(root)
    #expect(report.needsReview == 2)
    #expect(
      report.problems.contains {
        $0.hasPrefix(
          "annotations/ann.jsonl: task \"t0\": submitted, needs review (saved under form version 1, the form is now 2): Rationale: required"
        )
      })
    let stats = try Stats.compute(store: root)
    // Two of three answers lack the rationale now: counted, not the one that has it.
    #expect(stats.first?.needsReview == 2)
    #expect(Stats.table(stats).contains("needs review"))
  }
}

@Suite struct TaskFileOrderTests {
  @Test func importsComeInTheOrderTheyWereMade() throws {
    let root = try makeStore(tasks: [])
    let tasks = root.appendingPathComponent("tasks")
    for name in ["mytasks-10.jsonl", "mytasks.jsonl", "mytasks-2.jsonl", "b.jsonl", "a.jsonl"] {
      try Data().write(to: tasks.appendingPathComponent(name))
    }
    let names = Store.taskFileURLs(root).map(\.lastPathComponent).filter { !$0.hasPrefix("src-") }
    #expect(
      names == ["a.jsonl", "b.jsonl", "mytasks.jsonl", "mytasks-2.jsonl", "mytasks-10.jsonl"])
  }
}

@Suite struct EmptyStoreCheckTests {
  @Test func aStoreWithNoTasksYetIsNotAProblem() throws {
    let root = temporaryDirectory().appendingPathComponent("empty")
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    let report = StoreCheck.run(root)
    #expect(report.problems.isEmpty)
    #expect(report.notes.first?.hasPrefix("tasks/: no tasks yet") == true)
  }
}
