import Annotation
import TaskStore

/// Random journal records for the readers' round-trip tests (the fast reader, the digest).
public enum RandomRecords {
  /// A random answer of any shape, with awkward text.
  public static func answer(_ g: inout SystemRandomNumberGenerator) -> Answer {
    let ids = ["a", "b", "c", "seed", "x y", "é"]
    switch Int.random(in: 0..<8, using: &g) {
    case 0:
      return .ranking(
        Ranking(
          tiers: ids.shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)).map { [$0] }))
    case 1: return .ranking(Ranking(noneAcceptable: true))
    case 2: return .rating(Int.random(in: -1_000_000...1_000_000, using: &g))
    case 3: return .choice(ids.randomElement(using: &g) ?? "")
    case 4: return .labels(Array(ids.shuffled(using: &g).prefix(3)))
    case 5:
      return .text(
        ["", "plain", "\"seed\":42", "emoji 👍🏽 and \u{0} and \\ and \n"].randomElement(using: &g)
          ?? "")
    case 6: return .turn(Int.random(in: 0...20, using: &g))
    default:
      return .preference(
        PreferenceAnswer(
          winner: Bool.random(using: &g) ? "a" : nil, strength: Int.random(in: 0...3, using: &g)))
    }
  }

  /// A random journal record: any status, answers, review and position.
  public static func record(_ g: inout SystemRandomNumberGenerator) -> JournalRecord {
    var a = Annotation(
      taskId: "t\(Int.random(in: 0...99, using: &g))", annotator: "ann",
      status: [Status.draft, .submitted, .skipped].randomElement(using: &g) ?? .draft,
      skipReason: Bool.random(using: &g) ? "unsure \"why\"" : nil, orderShown: ["b", "a"],
      seed: [
        0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max,
        UInt64.random(in: 0...UInt64.max, using: &g),
      ]
      .randomElement(using: &g) ?? 0,
      activeMs: Int.random(in: 0...1 << 40, using: &g), created: "2026-12-01T09:00:00.000Z",
      updated: Timestamp.now(),
      formVersion: "3")
    for q in ["rank", "seed", "note"] where Bool.random(using: &g) { a.answers[q] = answer(&g) }
    for q in ["overall", "flags"] where Bool.random(using: &g) {
      a.candidateAnswers[q] = ["a": answer(&g), "b": answer(&g)]
    }
    if Int.random(in: 0..<4, using: &g) == 0 {
      a.review = Review(
        decision: [.accepted, .edited, .sentBack].randomElement(using: &g) ?? .accepted,
        settles: [Review.Settled(annotator: "bob", updated: "x")],
        accepted: Bool.random(using: &g) ? "bob" : nil,
        note: Bool.random(using: &g) ? "a note" : nil, quick: Bool.random(using: &g),
        agreement: [nil, 0.25, 1.0 / 3.0, 1].randomElement(using: &g) ?? nil,
        sentTo: [nil, [], ["bob"], ["bob", "carol"]].randomElement(using: &g) ?? nil)
    }
    if Bool.random(using: &g) { a.revealed = Bool.random(using: &g) }
    if Int.random(in: 0..<4, using: &g) == 0 {
      a.withheld = Withheld(reason: .heldBack, category: "violence", day: "2026-12-01")
    }
    let pos =
      Bool.random(using: &g)
      ? TaskPosition(
        file: "tasks/x.jsonl", offset: UInt64.random(in: 0...1 << 40, using: &g),
        length: UInt32.random(in: 0...UInt32.max, using: &g)) : nil
    return JournalRecord(annotation: a, pos: pos)
  }
}
