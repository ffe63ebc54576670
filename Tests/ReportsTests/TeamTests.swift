import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Export
@testable import Reports
@testable import TaskStore

@Suite struct QueueTests {
  let ids = (0..<10_000).map { "task-\($0)" }

  @Test func everyTaskGoesToExactlyOverlapAnnotators() {
    let team = Team(annotators: ["alice", "bob", "carol"], overlap: 2, seed: 7)
    let tasks = ids.map { (id: $0, gold: false) }
    var seen: [Int: Int] = [:]
    for a in team.annotators {
      for i in Queue.positions(for: a, team: team, tasks: tasks) { seen[i, default: 0] += 1 }
    }
    #expect(seen.count == ids.count)
    #expect(seen.values.allSatisfy { $0 == 2 })
    // Balanced within a few percent: each gets about two thirds of the tasks.
    for a in team.annotators {
      let n = Queue.positions(for: a, team: team, tasks: tasks).count
      #expect(abs(n - 6_667) < 300, "\(a): \(n)")
    }
    // The same on every machine: a pure function of the seed and the ids, never of Swift's seeded Hasher.
    // Pinned: a change to the hash would reassign every team's tasks.
    #expect(Queue.assignees(of: "task-1", team: team) == ["carol", "bob"])
    #expect(Queue.score(7, "alice", "task-1") == 0x8b8d_9866_fea2_d7c7)
  }

  @Test func aFourthAnnotatorTakesOverOnlyTheirShare() {
    let three = Team(annotators: ["alice", "bob", "carol"], overlap: 2, seed: 7)
    let four = Team(annotators: ["alice", "bob", "carol", "dave"], overlap: 2, seed: 7)
    var moved = 0
    var betweenOld = 0
    for id in ids {
      let before = Set(Queue.assignees(of: id, team: three))
      let after = Set(Queue.assignees(of: id, team: four))
      moved += before.subtracting(after).count
      // Anything that left an old annotator went to dave, never to another old one.
      betweenOld += after.subtracting(before).subtracting(["dave"]).count
    }
    print(
      "rendezvous: \(moved) of \(ids.count * 2) assignments moved when dave joined alice, bob and carol"
    )
    #expect(betweenOld == 0)
    // dave's fair share is 2/4 of the tasks; nothing else moves.
    #expect(abs(moved - 5_000) < 250)
  }

  @Test func goldTasksAreMixedInAtTheShare() {
    let team = Team(annotators: ["alice", "bob"], overlap: 1, gold: 0.05, seed: 3)
    var tasks = (0..<1_900).map { (id: "t\($0)", gold: false) }
    tasks += (0..<100).map { (id: "g\($0)", gold: true) }
    for a in team.annotators {
      let q = Queue.positions(for: a, team: team, tasks: tasks)
      let gold = q.filter { tasks[$0].gold }.count
      let share = Double(gold) / Double(q.count)
      #expect(abs(share - 0.05) < 0.005, "\(a): \(gold) of \(q.count)")
      // Mixed in, not bunched at either end.
      let first = q.firstIndex { tasks[$0].gold } ?? 0
      let last = q.lastIndex { tasks[$0].gold } ?? 0
      #expect(first < q.count / 4 && last > q.count * 3 / 4)
    }
  }

  @Test func theTeamTableIsCheckedWithLinesAndKeys() throws {
    func parse(_ team: String) throws(LineError) -> StoreConfig {
      try StoreConfig.parse(
        "title = \"t\"\n\(team)\n\n[[question]]\nid = \"c\"\ntitle = \"C\"\nkind = \"text\"\n",
        file: "rubric.toml")
    }
    let ok = try parse(
      "[team]\nannotators = [\"alice\", \"bob\"]\noverlap = 2\ngold = 0.05\nseed = 7")
    #expect(ok.team == Team(annotators: ["alice", "bob"], overlap: 2, gold: 0.05, seed: 7))
    for (bad, line) in [
      ("[team]\nannotators = [\"alice\"]\noverlap = 2", 4), ("[team]\nannotators = []", 3),
      ("[team]\nannotators = [\"a/b\"]", 3), ("[team]\nannotators = [\"a\"]\ngold = 1.0", 4),
      ("[team]\nannotators = [\"a\", \"a\"]", 3), ("[team]\nannotators = [\"a\"]\nshare = 1", 4),
    ] {
      do {
        _ = try parse(bad)
        Issue.record("accepted \(bad)")
      } catch {
        #expect(error.description.hasPrefix("rubric.toml:\(line): team."), "\(error)")
      }
    }
  }
}

@Suite struct GoldTests {
  let form = Form(
    title: "f",
    questions: [
      Question(id: "rank", title: "Rank", kind: .ranking(RankingOptions())),
      Question(
        id: "overall", title: "Overall", scope: .candidate, kind: .rating(lo: 1, hi: 7, labels: [:])
      ),
      Question(id: "error", title: "Error", kind: .choice(options: ["hallucination", "refusal"])),
    ])

  @Test func onlyTheGivenPartsAreChecked() {
    var a = Annotation(taskId: "g", annotator: "x", orderShown: ["b", "a"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["a"], ["b"]]))
    a.candidateAnswers["overall"] = ["a": .rating(6), "b": .rating(3)]
    a.answers["error"] = .choice("refusal")
    #expect(Gold(ranking: [["a"], ["b"]]).check(a, form: form, order: a.orderShown).isRight)
    #expect(Gold(preference: "a").check(a, form: form, order: a.orderShown).isRight)
    #expect(!Gold(preference: "").check(a, form: form, order: a.orderShown).isRight)
    #expect(
      Gold(ratings: ["overall": ["a": 7, "b": 2]], tolerance: 1).check(
        a, form: form, order: a.orderShown
      ).isRight)
    let wrong = Gold(
      ranking: [["b"], ["a"]], choices: ["error": "hallucination"], ratings: ["overall": ["a": 3]])
    #expect(
      wrong.check(a, form: form, order: a.orderShown).misses == [
        "best: expected A", "Error: expected hallucination", "Overall (B): expected 3",
      ])
  }

  @Test func goldRoundTripsThroughTheTaskLineAndStaysOutOfExports() throws {
    let line =
      #"{"id":"g1","context":[{"role":"user","content":"Is 9 prime?"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"No."}]},{"id":"b","messages":[{"role":"assistant","content":"Yes."}]}],"gold":{"ranking":[["a"],["b"]],"tolerance":1,"explanation":"9 = 3 × 3."}}"#
    let t = try TaskCodec.decode(Data(line.utf8), file: "t", line: 1).task
    #expect(t.gold == Gold(ranking: [["a"], ["b"]], tolerance: 1, explanation: "9 = 3 × 3."))
    let again = try TaskCodec.decode(try TaskCodec.encode(t), file: "t", line: 1).task
    #expect(again == t)
    let root = try makeStore(tasks: [t, sampleTask("t2")])
    let store = try Store.open(root, annotator: "ann")
    #expect(store.taskList().map(\.gold) == [true, false])
    var a = Annotation(taskId: "g1", annotator: "ann", status: .submitted, orderShown: ["a", "b"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["a"], ["b"]]))
    try store.save(a, pos: nil)
    for format in ExportFormat.allCases where format != .annotations {
      let text = try exportText(root, format).joined(separator: "\n")
      #expect(!text.contains("9 = 3 × 3"), "\(format) exports the gold explanation")
      #expect(!text.contains("\"gold\""), "\(format) exports the gold field")
    }
  }
}
