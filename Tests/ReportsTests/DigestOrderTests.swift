import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Reports

/// A digest holds its tasks in ascending id order, and the walk steps through it with a
/// hint: whatever order the lookups come in, they find exactly what the digest holds.
@Suite struct DigestOrderTests {
  func digest(_ ids: [String], annotator: String = "ann") -> JournalDigest {
    var bytes: [UInt8] = []
    var ranges: [Range<Int>] = []
    for id in ids {
      let from = bytes.count
      AnnotationBinary.encode(
        Annotation(taskId: id, annotator: annotator, status: .submitted), into: &bytes)
      ranges.append(from..<bytes.count)
    }
    return JournalDigest(
      annotator: annotator, bytes: bytes, ids: ids, ranges: ranges, state: DigestState())
  }

  func randomIds(_ n: Int, _ g: inout SplitMix64) -> [String] {
    var set = Set<String>()
    while set.count < n {
      // Short and long ids, shared prefixes, and a few non-ASCII ones.
      let k = g.next() % 40
      set.insert(k < 2 ? "tâche-\(k)" : "t\(g.next() % 500)" + (k % 3 == 0 ? "-long-suffix" : ""))
    }
    return set.sorted()
  }

  @Test func lookupsInAnyOrderFindWhatTheDigestHolds() {
    var g = SplitMix64(seed: 28)
    for round in 0..<40 {
      let ids = randomIds(Int(g.next() % 60), &g)
      let d = digest(ids)
      let held = Set(ids)
      // Asked for: held ids and absent ones (before, between and after them all).
      var asks = ids + ["", "a", "t", "t0", "t250x", "zzz", "tâche"]
      for _ in 0..<30 { asks.append("t\(g.next() % 520)") }
      let orders = [asks.sorted(), asks.sorted().reversed(), asks.shuffled(using: &g)]
      for (k, order) in orders.enumerated() {
        var hint = Int(g.next() % 5)
        for id in order {
          let place = d.place(of: id, hint: &hint)
          #expect((place != nil) == held.contains(id), "round \(round), order \(k), id \(id)")
          if let place { #expect(ids[place] == id) }
          #expect(hint >= 0 && hint <= ids.count)
        }
      }
      #expect(held.allSatisfy { d.annotation(for: $0)?.taskId == $0 })
      #expect(d.map(\.taskId) == ids)
    }
  }

  @Test func everyJournalsIdsMergeOnceInOrder() {
    var g = SplitMix64(seed: 7)
    // One cursor across teams of other sizes: it fits itself to each.
    var cursor = JournalDigests.Cursor()
    for journals in [0, 1, 2, 3, 5, 8, 13, 3] {
      var byName: [String: JournalDigest] = [:]
      var all = Set<String>()
      for j in 0..<journals {
        let ids = randomIds(Int(g.next() % 40), &g)
        all.formUnion(ids)
        byName["a\(j)"] = digest(ids, annotator: "a\(j)")
      }
      let team = JournalDigests(byName: byName, names: byName.keys.sorted())
      #expect(team.taskIds == all.sorted(), "\(journals) journals")
      // Each id's answers come from exactly the journals that hold it, in name order.
      for id in team.taskIds {
        let places = team.placedAnswers(to: id, cursor: &cursor).map(\.place)
        let holders = team.names.indices.filter {
          byName[team.names[$0]]?.taskIds.contains(id) ?? false
        }
        #expect(places == holders, "\(id)")
      }
    }
  }

  @Test func aDigestFileWithEntriesOutOfOrderIsNotUsed() {
    let sorted = digest(["a", "b", "c"])
    #expect(
      DigestFile.decode(DigestFile.encode(sorted), annotator: "ann")?.taskIds == ["a", "b", "c"])
    // The same entries with a valid checksum, one pair swapped or repeated: a damaged digest.
    for ids in [["b", "a", "c"], ["a", "c", "b"], ["a", "a", "c"]] {
      let bad = JournalDigest(
        annotator: "ann", bytes: sorted.bytes, ids: ids, ranges: sorted.ranges, state: DigestState()
      )
      #expect(DigestFile.decode(DigestFile.encode(bad), annotator: "ann") == nil, "\(ids)")
    }
  }
}
