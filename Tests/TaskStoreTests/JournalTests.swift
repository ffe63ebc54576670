import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import TaskStore

@Suite struct JournalTests {
  func record(_ i: Int) -> JournalRecord {
    JournalRecord(
      annotation: Annotation(
        taskId: "t\(i % 3)", annotator: "a", answers: ["q": .text("answer \(i) é日")], activeMs: i))
  }

  @Test func latestRecordPerTaskWins() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("a.jsonl")
    let j = try Journal(url: url)
    for i in 0..<7 { try j.append(record(i)) }
    let again = try Journal(url: url)
    #expect(again.recordCount == 7)
    #expect(again.latest["t0"]?.annotation.activeMs == 6)
    #expect(again.latest["t2"]?.annotation.activeMs == 5)
    #expect(again.recovery == nil)
  }

  @Test func truncationAtEveryOffsetRecoversTheValidPrefix() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("a.jsonl")
    let j = try Journal(url: url)
    for i in 0..<4 { try j.append(record(i)) }
    let full = try Data(contentsOf: url)
    let lineEnds = full.enumerated().filter { $0.element == 0x0A }.map { $0.offset + 1 }
    let lastTwoStart = lineEnds[1]
    var cuts = 0
    for cut in lastTwoStart..<full.count {
      let copy = dir.appendingPathComponent("cut.jsonl")
      try full.prefix(cut).write(to: copy)
      let k = try Journal(url: copy)
      let complete = lineEnds.filter { $0 <= cut }.count
      #expect(k.recordCount == complete, "cut at \(cut)")
      let torn = !lineEnds.contains(cut)
      #expect((k.recovery != nil) == torn, "cut at \(cut)")
      if torn {
        let aside = try #require(k.recovery?.movedTo)
        #expect(
          try Data(contentsOf: URL(fileURLWithPath: aside))
            == full.subdata(in: (lineEnds.last { $0 <= cut } ?? 0)..<cut))
        #expect(try Data(contentsOf: copy).count == (lineEnds.last { $0 <= cut } ?? 0))
        try FileManager.default.removeItem(atPath: aside)
      }
      cuts += 1
    }
    #expect(cuts > 100)
  }

  @Test func flippedBitsAreDetected() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("a.jsonl")
    let j = try Journal(url: url)
    for i in 0..<3 { try j.append(record(i)) }
    let full = [UInt8](try Data(contentsOf: url))
    let lastStart = (full.dropLast().lastIndex(of: 0x0A) ?? 0) + 1
    var detected = 0
    var trials = 0
    for byte in lastStart..<(full.count - 1) {
      for bit in [0, 3, 6] {
        var copy = full
        copy[byte] ^= UInt8(1 << bit)
        if copy[byte] == 0x0A { continue }
        trials += 1
        let parsed = Journal.parse(Data(copy))
        if parsed.records.count == 2 && parsed.problems.map(\.line) == [3] { detected += 1 }
      }
    }
    #expect(trials > 100)
    #expect(detected == trials)
  }

  @Test func readOnlyJournalRefusesAppends() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("a.jsonl")
    try Journal(url: url).append(record(1))
    let ro = try Journal(url: url, readOnly: true)
    #expect(ro.recordCount == 1)
    #expect(throws: StoreError.readOnly(path: url.path)) { try ro.append(record(2)) }
  }

  @Test func writeErrorStopsTheJournal() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let j = try Journal(url: URL(fileURLWithPath: "/dev/full"))
    #expect(throws: StoreError.journalWrite(path: "/dev/full", errno: ENOSPC)) {
      try j.append(record(1))
    }
    #expect(j.failure != nil)
    #expect(throws: StoreError.journalWrite(path: "/dev/full", errno: ENOSPC)) {
      try j.append(record(2))
    }
  }
}

@Suite struct LockTests {
  @Test func aSecondOpenIsRefusedWithTheHolderNamed() throws {
    let root = try makeStore(tasks: [sampleTask("t1")])
    let first = try Store.open(root, annotator: "ann")
    do {
      _ = try Store.open(root, annotator: "ann")
      Issue.record("second open succeeded")
    } catch let StoreError.locked(_, holder) {
      #expect(holder?.pid == getpid())
      #expect(holder?.host.isEmpty == false)
    }
    // Another annotator works alongside.
    _ = try Store.open(root, annotator: "other")
    // Read-only needs no lock.
    #expect(try Store.open(root, annotator: "ann", readOnly: true).readOnly)
    _ = first
  }

  @Test func theHolderRecordReplacesALongerOneAndKeepsAShorterOnesLengthOut() throws {
    let root = try makeStore(tasks: [sampleTask("t1")])
    let url = root.appendingPathComponent(".rubric/ann.lock")
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    for before in [String(repeating: "x", count: 500) + "\n", "", "short\n"] {
      try Data(before.utf8).write(to: url)
      let lock = try StoreLock(url: url)
      let text = try String(contentsOf: url, encoding: .utf8)
      // Exactly one line: this process's record, nothing of the one before.
      #expect(text.filter { $0 == "\n" }.count == 1)
      #expect(text.hasSuffix("\n") && !text.contains("x") && !text.contains("short"))
      #expect(text.contains("\(getpid())"))
      _ = lock
    }
  }

  @Test func closingReleasesTheLock() throws {
    let root = try makeStore(tasks: [sampleTask("t1")])
    do { _ = try Store.open(root, annotator: "ann") }
    _ = try Store.open(root, annotator: "ann")
  }
}
