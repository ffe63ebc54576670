import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Reports
@testable import TaskStore

/// `.rubric/results/` keeps what team commands computed; whatever state it is in
/// (none, current, behind one journal, about other tasks, damaged), the answers equal
/// a computation from the journals themselves.
@Suite struct ResultCacheTests {
  let names = ["ann", "bob", "cy", "dee"]

  /// A ranking store of 12 tasks, each annotator's journal holding `records` random
  /// answers; every file dated an hour back, so results may be kept.
  func teamStore(seed: UInt64, records: Int = 30) throws -> URL {
    let root = try makeStore(
      preset: "ranking", tasks: (0..<12).map { sampleTask("t\($0)", candidates: 3) })
    var g = SplitMix64(seed: seed)
    for who in names {
      let journal = try Journal(
        url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
      for i in 0..<records {
        try journal.append(JournalRecord(annotation: randomAnswer(&g, who, i)))
      }
    }
    try age(root)
    return root
  }

  func randomAnswer(_ g: inout SplitMix64, _ who: String, _ i: Int) -> Annotation {
    let ids = ["c0", "c1", "c2"]
    let k = Int(g.next() % 3)
    let status: Status = g.next() % 5 == 0 ? .skipped : .submitted
    var a = Annotation(
      taskId: "t\(g.next() % 12)", annotator: who, status: status, orderShown: ids)
    a.answers["rank"] = .ranking(Ranking(tiers: (ids[k...] + ids[..<k]).map { [$0] }))
    a.candidateAnswers["overall"] = Dictionary(
      uniqueKeysWithValues: ids.map { ($0, .rating(1 + Int(g.next() % 7))) })
    a.activeMs = 1000 * (1 + Int(g.next() % 30))
    a.updated = String(format: "2026-12-01T10:%02d:%02d.000Z", i / 60, i % 60)
    return a
  }

  /// Dates every file of the store an hour back (no longer "racy").
  func age(_ root: URL) throws {
    let old = Date().addingTimeInterval(-3600)
    for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
      try FileManager.default.setAttributes(
        [.modificationDate: old], ofItemAtPath: root.appendingPathComponent(path).path)
    }
  }

  /// Stats straight from the journals, no digest and no kept result.
  func uncached(_ root: URL) throws -> [AnnotatorStats] {
    let copy = temporaryDirectory()
    try FileManager.default.removeItem(at: copy)
    try FileManager.default.copyItem(at: root, to: copy)
    try? FileManager.default.removeItem(at: copy.appendingPathComponent(".rubric"))
    return try Stats.compute(store: copy, team: JournalDigests.annotations(copy))
  }

  /// The names `compute` is asked for, through the per-journal cache.
  func recomputed(_ root: URL) throws -> Set<String> {
    var asked = Set<String>()
    _ = ResultCache.perJournal(root, kind: "probe", arguments: []) { stale in
      asked = stale
      return Dictionary(uniqueKeysWithValues: stale.map { ($0, Array($0.utf8)) })
    }
    return asked
  }

  @Test func statsColdWarmAfterAnAppendAndAfterAShorteningEqualAFullRead() throws {
    let root = try teamStore(seed: 1)
    let file = root.appendingPathComponent(".rubric/results/stats")
    #expect(try Stats.compute(store: root) == (try uncached(root)))
    #expect(FileManager.default.fileExists(atPath: file.path))
    #expect(try Stats.compute(store: root) == (try uncached(root)))

    // One more record in one journal: only that journal's row is computed again.
    #expect(try recomputed(root) == Set(names))
    #expect(try recomputed(root).isEmpty)
    var g = SplitMix64(seed: 99)
    let bob = root.appendingPathComponent("annotations/bob.jsonl")
    try Journal(url: bob, annotator: "bob").append(
      JournalRecord(annotation: randomAnswer(&g, "bob", 500)))
    #expect(try recomputed(root) == ["bob"])
    #expect(try Stats.compute(store: root) == (try uncached(root)))

    // A journal cut back (a restore) is read again.
    let bytes = try Data(contentsOf: bob)
    let cut = bytes.prefix(
      upTo: bytes.prefix(bytes.count / 2).lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
    try cut.write(to: bob)
    #expect(try recomputed(root) == ["bob"])
    #expect(try Stats.compute(store: root) == (try uncached(root)))

    // A journal removed is gone from the figures; a new one appears.
    try FileManager.default.removeItem(at: bob)
    try Journal(url: root.appendingPathComponent("annotations/eve.jsonl"), annotator: "eve")
      .append(JournalRecord(annotation: randomAnswer(&g, "eve", 1)))
    let rows = try Stats.compute(store: root)
    #expect(rows.map(\.annotator) == ["ann", "cy", "dee", "eve"])
    #expect(rows == (try uncached(root)))
  }

  @Test func aChangedTaskFileOrFormComputesEveryRowAgain() throws {
    let root = try teamStore(seed: 2)
    _ = try recomputed(root)
    #expect(try recomputed(root).isEmpty)
    let tasks = try #require(Store.taskFileURLs(root).first)
    var data = try Data(contentsOf: tasks)
    data.append(try TaskCodec.encode(sampleTask("t99", candidates: 3)))
    data.append(0x0A)
    try data.write(to: tasks)
    try age(root)
    #expect(try recomputed(root) == Set(names))
    #expect(try Stats.compute(store: root) == (try uncached(root)))
    // A task file just written may change again in the same clock tick: nothing is kept.
    try data.write(to: tasks)
    #expect(try recomputed(root) == Set(names))
    #expect(try recomputed(root) == Set(names))
  }

  @Test func aDamagedResultFileGivesWhatNoResultFileGives() throws {
    let root = try teamStore(seed: 3, records: 8)
    let expected = try uncached(root)
    #expect(try Stats.compute(store: root) == expected)
    let file = root.appendingPathComponent(".rubric/results/stats")
    let good = try Data(contentsOf: file)
    for i in 0..<good.count {
      var bad = good
      bad[i] ^= 0x5A
      try bad.write(to: file)
      #expect(try Stats.compute(store: root) == expected, "byte \(i) flipped")
    }
    // Cut short, or empty: likewise.
    for n in [0, 7, good.count / 2, good.count - 1] {
      try good.prefix(n).write(to: file)
      #expect(try Stats.compute(store: root) == expected, "cut to \(n) bytes")
    }
  }

  /// The review screen's queue is kept as a result and its answers are read as each
  /// task is shown: cold, from the kept result, and after a change, it equals the
  /// queue computed with every answer held.
  @Test func theScreensQueueReadsItsAnswersWhenShownAndEqualsTheHeldQueue() throws {
    let root = try teamStore(seed: 5)
    func same() throws {
      let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
      let held = try Reviews.queue(store, all: true)
      let lazy = try Reviews.screenQueue(store, all: true)
      #expect(!held.isEmpty)
      #expect(lazy.map(\.taskId) == held.map(\.taskId))
      #expect(lazy.map(\.position) == held.map(\.position))
      #expect(lazy.map(\.annotators) == held.map(\.annotators))
      #expect(lazy.map(\.agreement) == held.map(\.agreement))
      #expect(lazy.map(\.answers) == held.map(\.answers))
      #expect(lazy.allSatisfy { $0.held == nil })
    }
    try same()
    let kept = root.appendingPathComponent(".rubric/results/review-queue")
    #expect(FileManager.default.fileExists(atPath: kept.path))
    try same()
    var g = SplitMix64(seed: 9)
    try Journal(url: root.appendingPathComponent("annotations/cy.jsonl"), annotator: "cy")
      .append(JournalRecord(annotation: randomAnswer(&g, "cy", 901)))
    try age(root)
    try same()
    // The kept items round-trip, a missing agreement included.
    let items = [
      ReviewItem(taskId: "a", position: 3, answers: [], annotators: ["x", "y"], agreement: 0.25),
      ReviewItem(taskId: "b", position: 0, answers: [], annotators: [], agreement: nil),
      ReviewItem(
        taskId: "c", position: 987_654, answers: [], annotators: ["x", "z"], agreement: 1),
    ]
    let encoded = Reviews.encode(items)
    let back = try #require(Reviews.decode(encoded))
    #expect(back.map(\.taskId) == ["a", "b", "c"] && back.map(\.agreement) == [0.25, nil, 1])
    #expect(back.map(\.annotators) == [["x", "y"], [], ["x", "z"]])
    // Each name is written once, in the table; items name annotators by their place.
    #expect(encoded.filter { $0 == UInt8(ascii: "x") }.count == 1)
    var beyond = encoded
    let place = try #require(beyond.lastIndex(of: 2))  // "z", the table's third name
    beyond[place] = 3
    #expect(Reviews.decode(beyond) == nil)
    #expect(back.map(\.position) == [3, 0, 987_654])
    #expect(Reviews.decode(Array(Reviews.encode(items).dropLast())) == nil)
  }

  @Test func aWholeResultIsKeptUntilAnyJournalOrReviewChanges() throws {
    let root = try teamStore(seed: 4)
    var runs = 0
    func queue() throws -> [UInt8] {
      try ResultCache.whole(root, kind: "queue", arguments: ["0.75"], reviews: true) {
        runs += 1
        let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
        return Array(
          try Reviews.queue(store, all: true, keepAnswers: false)
            .map { "\($0.taskId) \($0.agreement ?? -1) \($0.annotators)" }
            .joined(separator: "\n").utf8)
      }
    }
    let first = try queue()
    #expect(try queue() == first)
    #expect(runs == 1)
    var g = SplitMix64(seed: 7)
    try Journal(url: root.appendingPathComponent("annotations/cy.jsonl"), annotator: "cy")
      .append(JournalRecord(annotation: randomAnswer(&g, "cy", 900)))
    let second = try queue()
    #expect(runs == 2)
    #expect(try queue() == second)
    #expect(runs == 2)
    // A reviewer's journal is an input too.
    var d = Annotation(taskId: "t1", annotator: "lead", status: .submitted)
    d.review = Review(decision: .accepted, settles: [])
    let reviews = root.appendingPathComponent("reviews")
    try FileManager.default.createDirectory(at: reviews, withIntermediateDirectories: true)
    try Journal(url: reviews.appendingPathComponent("lead.jsonl"), annotator: "lead")
      .append(JournalRecord(annotation: d))
    _ = try queue()
    #expect(runs == 3)
    // Deleting .rubric/ only costs time.
    try FileManager.default.removeItem(at: root.appendingPathComponent(".rubric"))
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(".rubric"), withIntermediateDirectories: true)
    #expect(try queue() == second)
    #expect(runs == 4)
  }
}
