import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import TaskStore

@Suite struct TextEditTests {
  func annotation(_ text: String?) -> Annotation {
    var a = Annotation(taskId: "t", annotator: "ann", orderShown: ["a", "b"])
    a.candidateAnswers["rewrite"] = text.map { ["a": .text($0)] }
    return a
  }

  @Test func anEditTurnsTheTextBeforeIntoTheTextAfter() throws {
    var rng = SystemRandomNumberGenerator()
    let alphabet = Array("ab cé日本🙂\n")
    for _ in 0..<500 {
      let old = String(
        (0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
      var new = old
      let cut = Int.random(in: 0...new.count, using: &rng)
      let i = new.index(new.startIndex, offsetBy: cut)
      new.insert(
        contentsOf: String(
          (0..<Int.random(in: 0...5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        ), at: i)
      if !new.isEmpty && Bool.random(using: &rng) {
        new.remove(
          at: new.index(new.startIndex, offsetBy: Int.random(in: 0..<new.count, using: &rng)))
      }
      // Nothing typed is no edit: the next save is a snapshot.
      guard old != new else {
        #expect(TextEdit.between(annotation(old), annotation(new)) == nil)
        continue
      }
      let before = annotation(old)
      var after = annotation(new)
      after.activeMs = 5
      let edit = try #require(TextEdit.between(before, after))
      #expect(edit.apply(to: before) == after, "\(old.debugDescription) -> \(new.debugDescription)")
      // Against any other text it does not apply.
      // Applied again to the text after, it fails or changes nothing (a same-length replacement).
      let again = edit.apply(to: after)
      #expect(again == nil || again == after)
    }
  }

  @Test func onlyAChangeToOneTextAnswerIsAnEdit() {
    var a = annotation("x")
    var b = annotation("xy")
    #expect(TextEdit.between(a, b) != nil)
    b.status = .submitted
    #expect(TextEdit.between(a, b) == nil)
    b = annotation("xy")
    b.answers["other"] = .rating(3)
    #expect(TextEdit.between(a, b) == nil)
    a.candidateAnswers["rewrite"] = ["a": .rating(2)]
    #expect(TextEdit.between(a, annotation("xy")) == nil)
  }

  func journal(_ name: String = #function) throws -> (Journal, URL) {
    let url = temporaryDirectory(name).appendingPathComponent("ann.jsonl")
    return (try Journal(url: url, annotator: "ann"), url)
  }

  @Test func editsReadBackAsTheWholeAnnotationLazilyAndInTools() throws {
    let (j, url) = try journal()
    var a = annotation("Dear landlord")
    try j.append(JournalRecord(annotation: a))
    for word in [",", " the tap", " leaks."] {
      let before = a
      a.candidateAnswers["rewrite"] = [
        "a": .text((a[AnswerKey("rewrite", candidate: "a")]?.text ?? "") + word)
      ]
      try j.append(JournalRecord(annotation: a, edit: TextEdit.between(before, a)))
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.split(separator: "\n").filter { $0.contains("{\"e\":[") }.count == 3)
    let reopened = try Journal(url: url, annotator: "ann")
    #expect(reopened.record(for: "t")?.annotation == a)
    #expect(reopened.lastRecord?.annotation == a)
    let tools = try Journal.contents(of: url, annotator: "ann")
    #expect(tools.problems.isEmpty)
    #expect(tools.latest["t"]?.annotation == a)
  }

  @Test func aDamagedEditStopsTheChainThereAndIsReported() throws {
    let (j, url) = try journal()
    var a = annotation("one")
    try j.append(JournalRecord(annotation: a))
    var states = [a]
    for word in [" two", " three", " four"] {
      let before = a
      a.candidateAnswers["rewrite"] = [
        "a": .text((a[AnswerKey("rewrite", candidate: "a")]?.text ?? "") + word)
      ]
      try j.append(JournalRecord(annotation: a, edit: TextEdit.between(before, a)))
      states.append(a)
    }
    // Flip a bit inside the second edit's line.
    var bytes = [UInt8](try Data(contentsOf: url))
    let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
    bytes[lineStarts[2] + 40] ^= 0x04
    try Data(bytes).write(to: url)
    let reopened = try Journal(url: url, readOnly: true, annotator: "ann")
    #expect(reopened.record(for: "t")?.annotation == states[1])
    #expect(reopened.setAside.map(\.line).sorted() == [3, 4])
    let tools = try Journal.contents(of: url, annotator: "ann")
    #expect(tools.latest["t"]?.annotation == states[1])
    #expect(tools.problems.map(\.line) == [3, 4])
  }

  @Test func editsFollowASnapshotWhoseIdHasEscapesAndAnOrphanIsSetAside() throws {
    let (j, url) = try journal()
    // The id cannot be read from the bytes (it has an escaped quote), so its snapshot
    // is decoded at open; the edits after it still belong to it.
    var a = annotation("one")
    a.taskId = "t\"q"
    try j.append(JournalRecord(annotation: a))
    for word in [" two", " three"] {
      let before = a
      a.candidateAnswers["rewrite"] = [
        "a": .text((a[AnswerKey("rewrite", candidate: "a")]?.text ?? "") + word)
      ]
      try j.append(JournalRecord(annotation: a, edit: TextEdit.between(before, a)))
    }
    var b = annotation("x")
    try j.append(JournalRecord(annotation: b))
    let before = b
    b.candidateAnswers["rewrite"] = ["a": .text("xy")]
    try j.append(JournalRecord(annotation: b, edit: TextEdit.between(before, b)))
    let reopened = try Journal(url: url, readOnly: true, annotator: "ann")
    #expect(reopened.record(for: "t\"q")?.annotation == a)
    #expect(reopened.record(for: "t")?.annotation == b)
    #expect(reopened.setAside.isEmpty)
    #expect(reopened.recordCount == 5)
    // Line 4 (the snapshot the last edit continues) torn out: the edit has no line
    // before it and is set aside at open, with nothing decoded for it.
    let lines = try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let cut = (lines[0..<3] + ["garbage"] + lines[4...]).joined(separator: "\n")
    try Data(cut.utf8).write(to: url)
    let orphaned = try Journal(url: url, readOnly: true, annotator: "ann")
    #expect(orphaned.record(for: "t\"q")?.annotation == a)
    #expect(orphaned.record(for: "t") == nil)
    #expect(orphaned.setAside.map(\.line) == [4, 5])
    #expect(orphaned.setAside.map(\.reason) == ["malformed record", "unreadable record"])
  }
}
