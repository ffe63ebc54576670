import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import TaskStore

@Suite struct PreferenceTests {
  @Test func pointsMapToWinnerAndStrengthWhateverTheOrderShown() {
    let order = ["c1", "c0"]
    #expect(
      PreferenceAnswer(point: 1, points: 5, order: order)
        == PreferenceAnswer(winner: "c1", strength: 2))
    #expect(
      PreferenceAnswer(point: 2, points: 5, order: order)
        == PreferenceAnswer(winner: "c1", strength: 1))
    #expect(
      PreferenceAnswer(point: 3, points: 5, order: order)
        == PreferenceAnswer(winner: nil, strength: 0))
    #expect(
      PreferenceAnswer(point: 5, points: 5, order: order)
        == PreferenceAnswer(winner: "c0", strength: 2))
    #expect(PreferenceAnswer(point: 6, points: 5, order: order) == nil)
    #expect(PreferenceAnswer(point: 1, points: 5, order: ["a", "b", "c"]) == nil)
    for p in 1...7 {
      #expect(
        PreferenceAnswer(point: p, points: 7, order: order)?.point(points: 7, order: order) == p)
    }
    #expect(
      PreferenceAnswer.defaultLabels(points: 3) == [
        1: "A better", 2: "About the same", 3: "B better",
      ])
    #expect(PreferenceAnswer.defaultLabels(points: 5)[2] == "A slightly better")
  }

  @Test func theAnswerIsStoredAsWinnerAndStrength() throws {
    let a = Answer.preference(PreferenceAnswer(winner: "c1", strength: 2))
    let text = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
    #expect(text.contains("\"winner\":\"c1\""))
    #expect(text.contains("\"strength\":2"))
    #expect(try JSONDecoder().decode(Answer.self, from: Data(text.utf8)) == a)
  }

  @Test func aScaleNeedsAnOddNumberOfPoints() {
    for points in [2, 4, 1, 11] {
      let text =
        "title = \"t\"\n\n[[question]]\nid = \"p\"\ntitle = \"P\"\nkind = \"preference\"\npoints = \(points)\n"
      do {
        _ = try StoreConfig.parse(text, file: "rubric.toml")
        Issue.record("accepted \(points) points")
      } catch {
        #expect(error.description.hasPrefix("rubric.toml:7: question.points:"), "\(error)")
      }
    }
    let scoped =
      "title = \"t\"\n\n[[question]]\nid = \"p\"\ntitle = \"P\"\nkind = \"preference\"\nscope = \"candidate\"\n"
    #expect(throws: LineError.self) { _ = try StoreConfig.parse(scoped, file: "rubric.toml") }
  }

  @Test func dpoRowsCarryTheChosenSideAndTheStrengthAsMargin() throws {
    let root = try makeStore(
      preset: "pairwise", tasks: [sampleTask("t0"), sampleTask("t1"), sampleTask("t2")])
    let store = try Store.open(root, annotator: "ann")
    func save(_ id: String, _ p: PreferenceAnswer) throws {
      var a = Annotation(
        taskId: id, annotator: "ann", status: .submitted, orderShown: ["c1", "c0"])
      a.answers["preference"] = .preference(p)
      try store.save(a, pos: nil)
    }
    try save("t0", PreferenceAnswer(winner: "c1", strength: 2))
    try save("t1", PreferenceAnswer(winner: "c0", strength: 1))
    try save("t2", PreferenceAnswer(winner: nil, strength: 0))
    let rows = try exportText(root, .dpo).map(json)
    // A tie gives no pair, as a tie in a ranking does.
    #expect(rows.count == 2)
    #expect(rows[0]["chosen"] as? String == "Answer 1 to t0")
    #expect(rows[0]["rejected"] as? String == "Answer 0 to t0")
    #expect(rows[0]["margin"] as? Double == 2)
    #expect(rows[1]["chosen"] as? String == "Answer 0 to t1")
    #expect(rows[1]["margin"] as? Double == 1)
    let csv = try exportText(root, .csv)
    #expect(csv[1].contains("c1 better by 2"))
    #expect(csv[3].contains("about the same"))
  }

  @Test func olderPairwiseStoresExportAsBefore() throws {
    let root = try makeStore(preset: "pairwise-ranking", tasks: [sampleTask("t0")])
    let store = try Store.open(root, annotator: "ann")
    var a = Annotation(
      taskId: "t0", annotator: "ann", status: .submitted, orderShown: ["c0", "c1"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["c1"], ["c0"]]))
    a.answers["strength"] = .choice(CandidateChoice.stored("B much better", order: ["c0", "c1"]))
    try store.save(a, pos: nil)
    let rows = try exportText(root, .dpo).map(json)
    #expect(rows.count == 1)
    #expect(rows[0]["chosen"] as? String == "Answer 1 to t0")
    #expect(rows[0]["margin"] == nil)
  }
}
