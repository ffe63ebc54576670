import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

/// Opening a journal decodes only each task's newest record; it must agree with
/// decoding every record in order, whatever the records hold.
@Suite struct JournalReplayTests {
  func write(_ records: [JournalRecord], _ name: String = #function) throws -> URL {
    let url = temporaryDirectory(name).appendingPathComponent("a.jsonl")
    let j = try Journal(url: url)
    for r in records { try j.append(r) }
    return url
  }

  @Test func newestPerTaskMatchesDecodingEverything() throws {
    var random = SplitMix64(seed: 11)
    var records: [JournalRecord] = []
    for i in 0..<400 {
      let task = "task-\(random.next() % 40)"
      var a = Annotation(
        taskId: task, annotator: "a",
        answers: ["r": .text(String(repeating: "w\(i) ", count: Int(random.next() % 50)))])
      a.activeMs = i
      records.append(
        JournalRecord(
          annotation: a,
          pos: i % 3 == 0 ? TaskPosition(file: "t.jsonl", offset: UInt64(i), length: 9) : nil))
    }
    let url = try write(records)
    let opened = try Journal(url: url)
    let everything = Journal.parse(try Data(contentsOf: url))
    var expected: [String: JournalRecord] = [:]
    for r in everything.records { expected[r.annotation.taskId] = r }
    #expect(opened.latest == expected)
    #expect(opened.recordCount == 400)
    #expect(opened.lastRecord == records.last)
    #expect(opened.recovery == nil)
  }

  @Test func answersThatLookLikeTaskIDsDoNotConfuseIt() throws {
    // A question named task_id, and answer text holding the key and quotes.
    let tricky = #"{"task_id":"t1"} "task_id":"t1" \"task_id\":\"t1\""#
    let records = [
      JournalRecord(
        annotation: Annotation(taskId: "t1", annotator: "a", answers: ["q": .text("first")])),
      JournalRecord(
        annotation: Annotation(taskId: "t2", annotator: "a", answers: ["task_id": .text(tricky)])),
      JournalRecord(
        annotation: Annotation(taskId: "t\"3", annotator: "a", answers: ["q": .text("escaped id")])),
    ]
    let opened = try Journal(url: try write(records))
    #expect(opened.latest["t1"]?.annotation.answers["q"] == .text("first"))
    #expect(opened.latest["t2"]?.annotation.answers["task_id"] == .text(tricky))
    #expect(opened.latest["t\"3"] != nil)
    #expect(opened.recordCount == 3)
  }

  @Test func aDamagedOldRecordFallsBackToTheOneBeforeIt() throws {
    // Two records of t0, then more than the always-checked tail of other tasks.
    var records = [
      JournalRecord(
        annotation: Annotation(taskId: "t0", annotator: "a", answers: ["q": .text("older")])),
      JournalRecord(
        annotation: Annotation(taskId: "t0", annotator: "a", answers: ["q": .text("newer")])),
    ]
    let filler = String(repeating: "x", count: 2000)
    for i in 0..<(JournalScan.tailCheck / 2000 + 50) {
      records.append(
        JournalRecord(
          annotation: Annotation(
            taskId: "f\(i % 10)", annotator: "a", answers: ["q": .text(filler)])))
    }
    let url = try write(records)
    var bytes = [UInt8](try Data(contentsOf: url))
    // Damage the second record's answer text; its checksum no longer matches.
    let word = Array("newer".utf8)
    let at = try #require(
      (0..<(bytes.count - word.count)).first { bytes[$0..<($0 + word.count)].elementsEqual(word) })
    bytes[at] = UInt8(ascii: "N")
    try Data(bytes).write(to: url)
    let opened = try Journal(url: url)
    #expect(opened.recovery == nil)
    #expect(opened.record(for: "t0")?.annotation.answers["q"] == .text("older"))
    #expect(opened.damaged == [2])
    #expect(opened.record(for: "t0")?.annotation.answers["q"] == .text("older"))
    #expect(opened.damaged == [2])
    #expect(opened.recordCount == records.count)
    // The full check still reports it.
    #expect(Journal.parse(Data(bytes)).problems.map(\.line) == [2])
    // With every record of the task damaged, asking again reports nothing twice.
    let older = Array("older".utf8)
    let at2 = try #require(
      (0..<(bytes.count - older.count)).first {
        bytes[$0..<($0 + older.count)].elementsEqual(older)
      })
    bytes[at2] = UInt8(ascii: "O")
    try Data(bytes).write(to: url)
    let allDamaged = try Journal(url: url)
    #expect(allDamaged.record(for: "t0") == nil)
    #expect(allDamaged.record(for: "t0") == nil)
    #expect(allDamaged.damaged == [2, 1])
  }

  @Test func aChecksummedButUnreadableRecordIsSetAsideAndTheRestCount() throws {
    let url = try write([
      JournalRecord(annotation: Annotation(taskId: "t1", annotator: "a", answers: [:])),
      JournalRecord(annotation: Annotation(taskId: "t2", annotator: "a", answers: [:])),
    ])
    // Insert a record with a correct checksum whose JSON is not a record.
    let bogus = Data(#"{"not":"a record"}"#.utf8)
    var line = Data(String(format: "%08x ", CRC32.checksum(bogus)).utf8)
    line.append(bogus)
    line.append(0x0A)
    var bytes = try Data(contentsOf: url)
    let firstEnd = (bytes.firstIndex(of: 0x0A) ?? 0) + 1
    bytes.insert(contentsOf: line, at: firstEnd)
    try bytes.write(to: url)
    let opened = try Journal(url: url)
    #expect(opened.recordCount == 2)
    #expect(opened.latest.keys.sorted() == ["t1", "t2"])
    #expect(opened.recovery == nil)
    #expect(opened.setAside.map(\.line) == [2])
    #expect(opened.setAside.first?.reason == "unreadable record")
    // Nothing was rewritten.
    #expect(try Data(contentsOf: url) == bytes)
    #expect(Journal.parse(bytes).problems.map(\.line) == [2])
    #expect(Journal.parse(bytes).records.count == 2)
  }
}

@Suite struct CRC32Tests {
  /// The standard check value, and agreement with a bitwise reference at every length
  /// around the eight-byte step.
  @Test func matchesTheStandardAndABitwiseReference() {
    #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum(Data()) == 0)
    func reference(_ bytes: [UInt8]) -> UInt32 {
      var c: UInt32 = 0xFFFF_FFFF
      for b in bytes {
        c ^= UInt32(b)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      }
      return c ^ 0xFFFF_FFFF
    }
    var random = SplitMix64(seed: 9)
    for n in 0..<70 {
      let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      #expect(CRC32.checksum(Data(bytes)) == reference(bytes), "length \(n)")
    }
  }
}

@Suite struct TimestampTests {
  @Test func millisecondUTCStrings() {
    #expect(Timestamp.string(Date(timeIntervalSince1970: 0.5)) == "1970-01-01T00:00:00.500Z")
    #expect(
      Timestamp.string(Date(timeIntervalSince1970: 1_795_766_405.007)) == "2026-11-27T08:00:05.007Z"
    )
  }
}
