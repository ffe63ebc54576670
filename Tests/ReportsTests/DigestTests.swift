import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Reports
@testable import TaskStore

/// The digest under `.rubric/digest/` is a cache of the journals: whatever state it
/// is in (none, current, behind, of a rewritten journal, damaged), reading through it
/// gives exactly the newest annotations a full read of the journal gives.
@Suite struct DigestTests {
  @Test func everyRandomAnnotationSurvivesTheBinaryForm() {
    var g = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
      let a = RandomRecords.record(&g).annotation
      var bytes: [UInt8] = [0xFF]
      AnnotationBinary.encode(a, into: &bytes)
      let back = bytes.withUnsafeBytes {
        AnnotationBinary.decode(UnsafeRawBufferPointer(rebasing: $0[1...]))
      }
      #expect(back == a)
      // Cut anywhere, it reads as nothing rather than as something else.
      let cut = Int.random(in: 1..<bytes.count, using: &g)
      let partial = bytes.withUnsafeBytes {
        AnnotationBinary.decode(UnsafeRawBufferPointer(rebasing: $0[1..<cut]))
      }
      #expect(partial == nil)
    }
  }

  /// A journal with everything a real one can hold: snapshots out of time order,
  /// text edits, a damaged line, a repeated line, a foreign record, a blank line.
  func writeJournal(_ url: URL, seed: Int, records: Int, annotator: String = "ann") throws
    -> [UInt8]
  {
    var g = SplitMix64(seed: UInt64(seed))
    let journal = try Journal(url: url, annotator: annotator)
    var out: [UInt8] = []
    var current: Annotation?
    for i in 0..<records {
      let roll = Int(g.next() % 20)
      let task = "t\(g.next() % 12)"
      if roll == 0 {
        out += Array("0000beef {\"broken\":true}\n".utf8)
      } else if roll == 1, let last = out.split(separator: 0x0A).last {
        out += Array(last) + [0x0A]
      } else if roll == 2 {
        let a = Annotation(
          taskId: task, annotator: "mallory", status: .submitted,
          updated: "2099-01-01T00:00:00.000Z")
        out += Array(try journal.line(for: JournalRecord(annotation: a)))
      } else if roll == 3 {
        out += Array("   \n".utf8)
      } else if roll < 9, var a = current {
        let before = a
        a.answers["why"] = .text((a.answers["why"]?.text ?? "") + " word\(i)")
        a.updated = String(format: "2026-12-%02dT10:00:%02d.000Z", 1 + Int(g.next() % 5), i % 60)
        a.activeMs += 1000
        var r = JournalRecord(annotation: a)
        r.edit = TextEdit.between(before, a)
        out += Array(try journal.line(for: r))
        current = a
      } else {
        var a = Annotation(
          taskId: task, annotator: annotator, status: g.next() % 2 == 0 ? .submitted : .draft,
          answers: ["rank": .ranking(Ranking(tiers: [["a"], ["b"]]))], orderShown: ["a", "b"])
        // Clocks of two machines: `updated` is not in line order.
        a.updated = String(format: "2026-12-%02dT10:00:%02d.000Z", 1 + Int(g.next() % 5), i % 60)
        out += Array(try journal.line(for: JournalRecord(annotation: a)))
        current = a
      }
    }
    return out
  }

  func fullRead(_ url: URL, _ annotator: String = "ann") throws -> [String: Annotation] {
    try Journal.contents(of: url, annotator: annotator).latest.mapValues(\.annotation)
  }

  func digestRead(_ url: URL, cache: URL?, _ annotator: String = "ann") throws -> [String:
    Annotation]
  {
    try JournalDigest.read(journal: url, annotator: annotator, cache: cache).latest
  }

  @Test func coldWarmAppendedAndRewrittenReadsEqualAFullRead() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let cache = dir.appendingPathComponent("ann.digest")
    for seed in 1...12 {
      try? FileManager.default.removeItem(at: cache)
      let bytes = try writeJournal(url, seed: seed, records: 80)
      // Cut at every kind of place: mid-line (a torn tail), at a line end.
      let cut = bytes.count * (20 + seed * 5) / 100
      try Data(bytes[..<cut]).write(to: url)
      #expect(try digestRead(url, cache: cache) == fullRead(url), "cold, seed \(seed)")
      #expect(try digestRead(url, cache: cache) == fullRead(url), "warm, seed \(seed)")
      let valid = (bytes[..<cut].lastIndex(of: 0x0A) ?? -1) + 1
      #expect(try JournalDigest.read(journal: url, annotator: "ann", cache: cache).bytesRead == 0)
      // The rest arrives: the torn line completes, edits continue across the join.
      try Data(bytes).write(to: url)
      #expect(try digestRead(url, cache: cache) == fullRead(url), "appended, seed \(seed)")
      try Data(bytes[..<cut]).write(to: url)
      _ = try digestRead(url, cache: cache)
      try Data(bytes).write(to: url)
      // Only the new bytes are read (from the start of the torn line).
      let appended = try JournalDigest.read(journal: url, annotator: "ann", cache: cache)
      #expect(appended.bytesRead == bytes.count - valid, "seed \(seed)")
      // A merge rewrites the journal: other lines, the same length or shorter.
      let other = try writeJournal(
        dir.appendingPathComponent("other.jsonl"), seed: seed + 100, records: 80)
      try Data(other.prefix(bytes.count)).write(to: url)
      #expect(try digestRead(url, cache: cache) == fullRead(url), "rewritten, seed \(seed)")
      try Data(other.prefix(bytes.count / 3)).write(to: url)
      #expect(try digestRead(url, cache: cache) == fullRead(url), "shortened, seed \(seed)")
    }
  }

  @Test func aDamagedDigestGivesWhatNoDigestGives() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let cache = dir.appendingPathComponent("ann.digest")
    try Data(try writeJournal(url, seed: 7, records: 60)).write(to: url)
    let truth = try fullRead(url)
    _ = try digestRead(url, cache: cache)
    let good = try Data(contentsOf: cache)
    #expect(DigestFile.load(cache, annotator: "ann") != nil)
    // Every byte flipped in turn (and the file cut at every length): never a different answer.
    for i in 0..<good.count {
      var bad = good
      bad[i] ^= 0x5A
      try bad.write(to: cache)
      #expect(DigestFile.load(cache, annotator: "ann") == nil, "byte \(i) flipped was not noticed")
      #expect(try digestRead(url, cache: cache) == truth)
    }
    for n in stride(from: 0, to: good.count, by: 7) {
      try good.prefix(n).write(to: cache)
      #expect(try digestRead(url, cache: cache) == truth)
    }
  }

  @Test func theDigestOfAnotherAnnotatorOrVersionIsNotUsed() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let cache = dir.appendingPathComponent("ann.digest")
    try Data(try writeJournal(url, seed: 3, records: 40)).write(to: url)
    _ = try digestRead(url, cache: cache)
    #expect(DigestFile.load(cache, annotator: "bob") == nil)
    // Another version with a valid checksum: only the version check can refuse it.
    var bytes = Array(try Data(contentsOf: cache))
    func resealed(_ b: [UInt8]) -> [UInt8] {
      var body = Array(b.dropLast(4))
      var w = ByteWriter(out: [])
      w.fixed32(body.withUnsafeBufferPointer { CRC32C.checksum($0) })
      body += w.out
      return body
    }
    #expect(DigestFile.decode(resealed(bytes), annotator: "ann") != nil)
    bytes[8] &+= 1
    #expect(DigestFile.decode(resealed(bytes), annotator: "ann") == nil)
  }

  @Test func aStoreKeepsItsDigestUnderDotRubricAndDeletingItOnlyCostsTime() throws {
    let root = temporaryDirectory()
    try Store.create(at: root, preset: "ranking", annotator: "ann")
    let url = root.appendingPathComponent("annotations/ann.jsonl")
    try Data(try writeJournal(url, seed: 5, records: 50)).write(to: url)
    let first = try JournalDigests.annotations(root)
    let file = root.appendingPathComponent(".rubric/digest/annotations/ann.digest")
    #expect(FileManager.default.fileExists(atPath: file.path))
    #expect(first.byName["ann"]?.latest == (try fullRead(url)))
    try FileManager.default.removeItem(at: root.appendingPathComponent(".rubric/digest"))
    #expect(try JournalDigests.annotations(root).byName["ann"]?.latest == (try fullRead(url)))
  }

  /// A journal of many snapshots of a few tasks: what the read holds stays near the
  /// newest answers (superseded ones are dropped as it goes), and it reads as a full read.
  @Test func manySnapshotsOfAFewTasksAreDroppedAsTheyAreSuperseded() throws {
    let dir = temporaryDirectory()
    let url = dir.appendingPathComponent("ann.jsonl")
    let journal = try Journal(url: url, annotator: "ann")
    var out = Data()
    let rationale = String(repeating: "a long rationale ", count: 240)
    for i in 0..<3_000 {
      var a = Annotation(taskId: "t\(i % 5)", annotator: "ann", status: .draft)
      a.answers["why"] = .text(rationale + "\(i)")
      // Out of order now and then: an older snapshot after a newer one is not kept.
      a.updated = String(format: "2026-12-06T10:%02d:%02d.000Z", (i / 60) % 60, (i * 7) % 60)
      out.append(try journal.line(for: JournalRecord(annotation: a)))
    }
    try out.write(to: url)
    let (fd, size) = try Journal.openForTools(url)
    defer { close(fd) }
    var builder = DigestBuilder(annotator: "ann")
    try builder.advance(fd, to: size, path: url.path)
    // About 1,500 newer entries of 4 KB were kept in turn (6 MB); five are live.
    #expect(builder.live < 25_000)
    #expect(builder.bytes.count <= 2 * builder.live + (1 << 20) + 4_096)
    #expect(builder.finish(bytesRead: size).latest == (try fullRead(url)))
  }

  /// Which of two answers is newer is decided on `updated`'s bytes as `String` orders them.
  @Test func newerIsDecidedOnBytesAsStringsOrderThem() {
    let stamps = [
      "", "2026-12-06T10:00:00.000Z", "2026-12-06T10:00:00.001Z", "2026-12-06", "2026-12-06T9",
      "é", "e\u{301}", "z", "Z", "2026-12-06T10:00:00.000Z\u{301}", "\u{1F44D}",
    ]
    for a in stamps {
      for b in stamps {
        var x = a
        var y = b
        let got = x.withUTF8 { p in
          y.withUTF8 { q in
            DigestBuilder.isNewerOrSame(UnsafeRawBufferPointer(p), than: UnsafeRawBufferPointer(q))
          }
        }
        #expect(got == (a >= b), "\(a.debugDescription) >= \(b.debugDescription)")
      }
    }
  }
}
