import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// Snapshot lines carry a per-journal sequence number, so a removed line shows as
/// a gap that `rubric check` names, while merges of two machines' lines (the same
/// numbers twice) and journals written before numbering show none.
@Suite struct JournalSequenceTests {
  func snapshot(_ task: String, _ text: String) -> JournalRecord {
    JournalRecord(
      annotation: Annotation(
        taskId: task, annotator: "alice", status: .draft, answers: ["q": .text(text)],
        updated: "2026-12-01T10:00:\(String(format: "%02d", text.count % 60)).000Z"))
  }

  func lines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  func write(_ lines: [String], to url: URL) throws {
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
  }

  @Test func snapshotsAreNumberedAcrossReopensAndEditsAreNot() throws {
    let url = temporaryDirectory().appendingPathComponent("alice.jsonl")
    var j = try Journal(url: url, annotator: "alice")
    try j.append(snapshot("t0", "a"))
    var edited = snapshot("t0", "ab")
    edited.edit = TextEdit.between(snapshot("t0", "a").annotation, edited.annotation)
    try j.append(edited)
    try j.append(snapshot("t1", "b"))
    j = try Journal(url: url, annotator: "alice")
    try j.append(snapshot("t2", "c"))
    let written = try lines(url)
    #expect(written.count == 4)
    #expect(written[0].hasSuffix(#","n":1}"#))
    #expect(written[1].contains(#"{"e":["#) && !written[1].contains(#""n":"#))
    #expect(written[2].hasSuffix(#","n":2}"#))
    #expect(written[3].hasSuffix(#","n":3}"#))
    // Both readers read the numbered lines as before.
    let contents = try Journal.contents(of: url, annotator: "alice")
    #expect(contents.problems.isEmpty && contents.missing.isEmpty)
    #expect(contents.latest["t0"]?.annotation.answers["q"] == .text("ab"))
    #expect(j.record(for: "t2")?.annotation.answers["q"] == .text("c"))
  }

  @Test func checkNamesTheRecordsRemovedFromAJournal() throws {
    let root = try makeStore(tasks: (0..<8).map { sampleTask("t\($0)") })
    let url = root.appendingPathComponent("annotations/alice.jsonl")
    let j = try Journal(url: url, annotator: "alice")
    for k in 0..<8 { try j.append(snapshot("t\(k)", String(repeating: "x", count: k + 1))) }
    #expect(StoreCheck.run(root).problems.isEmpty)
    let original = try lines(url)
    var all = original
    all.removeSubrange(3...5)  // records 4, 5 and 6
    all.remove(at: 0)  // record 1
    try write(all, to: url)
    let problems = StoreCheck.run(root).problems
    #expect(
      problems.contains {
        $0.hasPrefix(
          "annotations/alice.jsonl: records 4–6 are missing: the numbered records jump from 3 to 7")
      }, "\(problems)")
    // The first line is numbered, so the journal was numbered from 1: record 1 is missing too.
    #expect(
      problems.contains {
        $0.hasPrefix(
          "annotations/alice.jsonl: record 1 is missing: the numbered records start at 2")
      })
    #expect(problems.count == 2)
    // Put back, nothing is missing.
    try write(original, to: url)
    #expect(StoreCheck.run(root).problems.isEmpty)
  }

  @Test func twoMachinesLinesMergedAndOldUnnumberedJournalsShowNoGap() throws {
    let dir = temporaryDirectory()
    let a = dir.appendingPathComponent("a.jsonl")
    let b = dir.appendingPathComponent("b.jsonl")
    let ja = try Journal(url: a, annotator: "alice")
    try ja.append(snapshot("t0", "one"))
    try FileManager.default.copyItem(at: a, to: b)
    let jb = try Journal(url: b, annotator: "alice")
    try ja.append(snapshot("t1", "machine a"))
    try jb.append(snapshot("t2", "machine b"))
    try jb.append(snapshot("t3", "machine b again"))
    // A union merge: the common line, then each side's new lines.
    let merged = try lines(a) + Array(try lines(b).dropFirst())
    try write(merged, to: a)
    #expect(try Journal.contents(of: a, annotator: "alice").missing.isEmpty)
    // The next record after the merge follows the highest number, whichever machine wrote it.
    let reopened = try Journal(url: a, annotator: "alice")
    try reopened.append(snapshot("t4", "after"))
    #expect(try lines(a).last?.hasSuffix(#","n":4}"#) == true)
    // A journal written before numbering, with numbered lines after it.
    let old = dir.appendingPathComponent("old.jsonl")
    let unnumbered = try Journal(url: old, annotator: "alice")
    let first = try unnumbered.line(for: snapshot("t0", "old one"))
    let second = try unnumbered.line(for: snapshot("t1", "old two"))
    try (first + second).write(to: old)
    let continued = try Journal(url: old, annotator: "alice")
    try continued.append(snapshot("t2", "new"))
    #expect(try lines(old).last?.hasSuffix(#","n":1}"#) == true)
    #expect(try Journal.contents(of: old, annotator: "alice").missing.isEmpty)
    // Numbering starts at 1 there too, so the first numbered record removed is named.
    try continued.append(snapshot("t3", "newer"))
    var mixed = try lines(old)
    mixed.remove(at: 2)
    try write(mixed, to: old)
    #expect(try Journal.contents(of: old, annotator: "alice").missing == [1...1])
  }

  @Test func sequenceIsReadOnlyFromTheLinesEnd() {
    func read(_ s: String) -> Int? {
      let bytes = Array(s.utf8)
      return bytes.withUnsafeBufferPointer {
        JournalScan.sequence($0.baseAddress!, 0..<bytes.count)
      }
    }
    #expect(read(#"{"v":1,"n":12}"#) == 12)
    #expect(read(#"{"v":1}"#) == nil)
    #expect(read(#"{"a":{"n":3}}"#) == nil)
    #expect(read(#"{"x":"n":}"#) == nil)
    #expect(read(#","n":}"#) == nil)
  }
}
