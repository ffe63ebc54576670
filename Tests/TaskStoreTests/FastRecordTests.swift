import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// The fast journal reader must give exactly what JSONDecoder gives, or leave the line to it.
@Suite struct FastRecordTests {
  func randomAnswer(_ g: inout SystemRandomNumberGenerator) -> Answer {
    let ids = ["a", "b", "c", "seed", "x y", "é"]
    switch Int.random(in: 0..<8, using: &g) {
    case 0: return .ranking(Ranking(tiers: ids.shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)).map { [$0] }))
    case 1: return .ranking(Ranking(noneAcceptable: true))
    case 2: return .rating(Int.random(in: -1_000_000...1_000_000, using: &g))
    case 3: return .choice(ids.randomElement(using: &g) ?? "")
    case 4: return .labels(Array(ids.shuffled(using: &g).prefix(3)))
    case 5: return .text(["", "plain", "\"seed\":42", "emoji 👍🏽 and \u{0} and \\ and \n"].randomElement(using: &g) ?? "")
    case 6: return .turn(Int.random(in: 0...20, using: &g))
    default: return .preference(PreferenceAnswer(winner: Bool.random(using: &g) ? "a" : nil, strength: Int.random(in: 0...3, using: &g)))
    }
  }

  func randomRecord(_ g: inout SystemRandomNumberGenerator) -> JournalRecord {
    var a = Annotation(
      taskId: "t\(Int.random(in: 0...99, using: &g))", annotator: "ann",
      status: [Status.draft, .submitted, .skipped].randomElement(using: &g) ?? .draft,
      skipReason: Bool.random(using: &g) ? "unsure \"why\"" : nil, orderShown: ["b", "a"],
      seed: [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max, UInt64.random(in: 0...UInt64.max, using: &g)]
        .randomElement(using: &g) ?? 0,
      activeMs: Int.random(in: 0...1 << 40, using: &g), created: "2026-12-01T09:00:00.000Z", updated: Timestamp.now(),
      formVersion: "3")
    for q in ["rank", "seed", "note"] where Bool.random(using: &g) { a.answers[q] = randomAnswer(&g) }
    for q in ["overall", "flags"] where Bool.random(using: &g) {
      a.candidateAnswers[q] = ["a": randomAnswer(&g), "b": randomAnswer(&g)]
    }
    if Int.random(in: 0..<4, using: &g) == 0 {
      a.review = Review(
        decision: [.accepted, .edited, .sentBack].randomElement(using: &g) ?? .accepted,
        settles: [Review.Settled(annotator: "bob", updated: "x")], accepted: Bool.random(using: &g) ? "bob" : nil,
        note: Bool.random(using: &g) ? "a note" : nil, quick: Bool.random(using: &g),
        agreement: [nil, 0.25, 1.0 / 3.0, 1].randomElement(using: &g) ?? nil,
        sentTo: [nil, [], ["bob"], ["bob", "carol"]].randomElement(using: &g) ?? nil)
    }
    if Bool.random(using: &g) { a.revealed = Bool.random(using: &g) }
    if Int.random(in: 0..<4, using: &g) == 0 { a.withheld = Withheld(reason: .heldBack, category: "violence", day: "2026-12-01") }
    let pos = Bool.random(using: &g) ? TaskPosition(file: "tasks/x.jsonl", offset: UInt64.random(in: 0...1 << 40, using: &g), length: UInt32.random(in: 0...UInt32.max, using: &g)) : nil
    return JournalRecord(annotation: a, pos: pos)
  }

  @Test func fastAndFoundationReadEveryRandomRecordAlike() throws {
    var g = SystemRandomNumberGenerator()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var fast = 0
    for _ in 0..<3_000 {
      let r = randomRecord(&g)
      let json = try encoder.encode(r)
      let expected = try JSONDecoder().decode(JournalRecord.self, from: json)
      if let got = FastRecord.decode(json) {
        fast += 1
        #expect(got == expected, "\(String(decoding: json, as: UTF8.self))")
      }
    }
    // Every record the workstation writes takes the fast way.
    #expect(fast == 3_000)
  }

  @Test func oddLinesGoToFoundationWhichDecides() throws {
    let lines = [
      #"{"annotation":{"active_ms":1.5,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{"q":{"rating":"5"}},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":-1,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"done","task_id":"t","updated":""},"v":1}"#,
    ]
    for line in lines {
      let json = Data(line.utf8)
      #expect(FastRecord.decode(json) == nil, "\(line)")
      // Foundation decides; JournalLine gives its answer either way.
      let foundation = try? JSONDecoder().decode(JournalRecord.self, from: json)
      if case .snapshot(let r)? = JournalLine.decode(json, with: JSONDecoder()) {
        #expect(r == foundation)
      } else {
        #expect(foundation == nil)
      }
    }
  }
}
