import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// A reopen through the kept index (`JournalIndex`) must leave the journal exactly
/// as a replay from the first byte does: cold, warm, after appends, after a rewrite
/// or a shortening, and with any byte of the index damaged.
@Suite struct JournalIndexTests {
  /// What a replay leaves, as far as anyone can see it.
  struct Replayed: Equatable {
    var latest: [String: JournalRecord]
    var setAside: [JournalProblem]
    var recordCount: Int
    var lastRecord: JournalRecord?
    var lastSequence: Int
    var editLines: [Int]
    var lineCount: Int
    var length: Int

    init(_ j: Journal) {
      // Read before `latest`, which reads every task and may set more lines aside.
      setAside = j.setAside
      recordCount = j.recordCount
      lastRecord = j.lastRecord
      lastSequence = j.lastSequence
      editLines = j.editLines.all
      lineCount = j.lineCount
      length = j.length
      latest = j.latest
    }
  }

  struct Fixture {
    let url: URL
    let index: URL

    init(_ name: String) {
      let dir = temporaryDirectory(name)
      url = dir.appendingPathComponent("ann.jsonl")
      index = dir.appendingPathComponent(".rubric/index/annotations_ann.journal-index")
    }

    /// Opened through the index, which any replay writes again (no threshold).
    func viaIndex(readOnly: Bool = false) throws -> Journal {
      try Journal(
        url: url, readOnly: readOnly, annotator: "ann", index: index, rescanWorthKeeping: 0)
    }

    /// Replayed from the first byte, no index.
    func replayed() throws -> Replayed {
      Replayed(try Journal(url: url, readOnly: true, annotator: "ann"))
    }

    func appendRaw(_ text: String) throws {
      let h = try FileHandle(forWritingTo: url)
      try h.seekToEnd()
      try h.write(contentsOf: Data(text.utf8))
      try h.close()
    }
  }

  func text(_ a: Annotation) -> String { a[AnswerKey("rewrite", candidate: "a")]?.text ?? "" }

  /// Snapshots and text edits over a few tasks, an id with an escape, a foreign
  /// annotator's record, a blank line and a malformed one.
  func work(_ j: Journal, rounds: Int, seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    for i in 0..<rounds {
      let id = ["t1", "t2", "t\"3", "t4"][Int(random.next() % 4)]
      var a = j.record(for: id)?.annotation ?? Annotation(taskId: id, annotator: "ann")
      let before = a
      a.candidateAnswers["rewrite"] = ["a": .text(text(a) + " w\(i)")]
      a.activeMs = i
      let edit = random.next() % 3 != 0 && j.record(for: id) != nil
      try j.append(JournalRecord(annotation: a, edit: edit ? TextEdit.between(before, a) : nil))
    }
    try j.append(JournalRecord(annotation: Annotation(taskId: "t9", annotator: "someone-else")))
  }

  @Test func aReopenThroughTheIndexEqualsAFullReplayColdWarmAndAfterAppends() throws {
    let f = Fixture(#function)
    try work(try Journal(url: f.url, annotator: "ann"), rounds: 60, seed: 1)
    try f.appendRaw("\n   \nnot a record\n")
    let cold = try f.viaIndex()
    #expect(cold.bytesScanned == cold.length)
    #expect(FileManager.default.fileExists(atPath: f.index.path))
    #expect(Replayed(cold) == (try f.replayed()))
    let warm = try f.viaIndex()
    #expect(warm.bytesScanned == 0)
    #expect(Replayed(warm) == (try f.replayed()))
    // Appended: edits whose snapshot is before the index's end belong to it.
    let before = warm.length
    let writer = try f.viaIndex(readOnly: false)
    try work(writer, rounds: 30, seed: 2)
    try f.appendRaw("00000000 {\"damaged\":true}\n")
    let after = try f.viaIndex()
    #expect(after.bytesScanned == after.length - before)
    #expect(Replayed(after) == (try f.replayed()))
    #expect(after.editLines.all.contains { $0 > warm.lineCount })
    #expect(
      after.setAside.contains { $0.reason == "checksum mismatch" && $0.line > warm.lineCount })
  }

  @Test func aJournalRewrittenOrShortenedIsReplayedFromItsFirstByte() throws {
    let f = Fixture(#function)
    try work(try Journal(url: f.url, annotator: "ann"), rounds: 40, seed: 3)
    _ = try f.viaIndex()
    // The same length, one byte changed in the first line: the head no longer matches.
    var bytes = [UInt8](try Data(contentsOf: f.url))
    let size = bytes.count
    bytes[20] = bytes[20] == 0x61 ? 0x62 : 0x61
    try Data(bytes).write(to: f.url)
    let rewritten = try f.viaIndex()
    #expect(rewritten.bytesScanned == size)
    #expect(Replayed(rewritten) == (try f.replayed()))
    // Shortened to its first ten lines.
    let cut = bytes.indices.filter { bytes[$0] == 0x0A }[9] + 1
    try Data(bytes[..<cut]).write(to: f.url)
    let shortened = try f.viaIndex()
    #expect(shortened.bytesScanned == cut)
    #expect(shortened.lineCount == 10)
    #expect(Replayed(shortened) == (try f.replayed()))
  }

  @Test func anyDamagedByteOfTheIndexIsAsIfThereWereNone() throws {
    let f = Fixture(#function)
    try work(try Journal(url: f.url, annotator: "ann"), rounds: 12, seed: 4)
    _ = try f.viaIndex()
    let good = [UInt8](try Data(contentsOf: f.index))
    let truth = try f.replayed()
    for i in good.indices {
      var bad = good
      bad[i] ^= 0x20
      try Data(bad).write(to: f.index)
      let j = try Journal(url: f.url, readOnly: true, annotator: "ann", index: f.index)
      #expect(j.bytesScanned == j.length, "byte \(i)")
      #expect(Replayed(j) == truth, "byte \(i)")
    }
    try Data(good.dropLast(5)).write(to: f.index)
    #expect(Replayed(try f.viaIndex()) == truth)
    // Another annotator's index of the same bytes is not used either.
    let other = try Journal(
      url: f.url, readOnly: true, annotator: "bob", index: f.index, rescanWorthKeeping: 0)
    #expect(other.bytesScanned == other.length)
  }

  @Test func aTornTailIsCutAfterTheIndexAsWithoutIt() throws {
    let f = Fixture(#function)
    try work(try Journal(url: f.url, annotator: "ann"), rounds: 20, seed: 5)
    _ = try f.viaIndex()
    try f.appendRaw("0badc0de {\"annotation\":{\"task_id\":\"t")
    let copy = f.url.deletingLastPathComponent().appendingPathComponent("copy.jsonl")
    try FileManager.default.copyItem(at: f.url, to: copy)
    let indexed = try f.viaIndex(readOnly: false)
    let plain = try Journal(url: copy, annotator: "ann")
    #expect(indexed.bytesScanned == 0)
    #expect(indexed.recovery?.line == plain.recovery?.line)
    #expect(indexed.recovery?.bytes == plain.recovery?.bytes)
    #expect(Replayed(indexed) == Replayed(plain))
    #expect(try Data(contentsOf: f.url) == Data(contentsOf: copy))
  }

  @Test func aStoreKeepsItsJournalIndexUnderDotRubric() throws {
    let root = try makeStore(tasks: [sampleTask("a"), sampleTask("b")])
    let kept = root.appendingPathComponent(".rubric/index/annotations_ann.journal-index")
    do {
      let store = try Store.open(root, annotator: "ann")
      let big = String(repeating: "x", count: 4096)
      for i in 0..<(JournalIndex.rescanWorthKeeping / 4096 + 10) {
        var a = Annotation(taskId: i % 2 == 0 ? "a" : "b", annotator: "ann")
        a.answers["note"] = .text(big)
        try store.journal.append(JournalRecord(annotation: a))
      }
    }
    #expect(!FileManager.default.fileExists(atPath: kept.path))
    let latest: [String: JournalRecord]
    do {
      let first = try Store.open(root, annotator: "ann")
      #expect(first.journal.bytesScanned == first.journal.length)
      latest = first.journal.latest
    }
    #expect(FileManager.default.fileExists(atPath: kept.path))
    let second = try Store.open(root, annotator: "ann")
    #expect(second.journal.bytesScanned == 0)
    #expect(second.journal.latest == latest)
  }
}
