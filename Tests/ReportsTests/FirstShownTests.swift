import Foundation
import TestSupport
import Testing

@testable import Agreement
@testable import Annotation
@testable import Reports
@testable import TaskStore

/// One definition of the first-shown win rate and of blind submits, whichever command shows them.
@Suite struct FirstShownTests {
  /// A pairwise preference store: alice and bob answer five tasks, each seeing its
  /// own order; the first shown wins on four of alice's and two of bob's; one of
  /// alice's submits was made with the text masked, and one of bob's says "about the same".
  func store() throws -> URL {
    let root = try makeStore(preset: "pairwise", tasks: (0..<5).map { sampleTask("t\($0)") })
    for who in ["alice", "bob"] {
      let journal = try Journal(
        url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
      for i in 0..<5 {
        let order = i % 2 == 0 ? ["a", "b"] : ["b", "a"]
        let firstWins = who == "alice" ? i < 4 : i < 2
        var a = Annotation(
          taskId: "t\(i)", annotator: who, status: .submitted, orderShown: order,
          updated: "2026-12-01T10:00:0\(i).000Z")
        let winner = firstWins ? order[0] : order[1]
        a.answers["preference"] = .preference(
          who == "bob" && i == 4
            ? PreferenceAnswer(winner: nil, strength: 0)
            : PreferenceAnswer(winner: winner, strength: 1))
        if who == "alice" && i == 3 { a.revealed = false }
        try journal.append(JournalRecord(annotation: a))
      }
    }
    return root
  }

  @Test func statsAndAgreementGiveTheSameFirstShownRateAndBlindCount() throws {
    let root = try store()
    let stats = Dictionary(
      uniqueKeysWithValues: try Stats.compute(store: root).map { ($0.annotator, $0) })
    let report = try AgreementReport.compute(store: root)
    let figures = Dictionary(uniqueKeysWithValues: report.annotators.map { ($0.name, $0) })
    #expect(stats["alice"]?.firstShownWins == 4 && stats["alice"]?.firstShownTrials == 5)
    // "About the same" names no winner: no trial.
    #expect(stats["bob"]?.firstShownWins == 2 && stats["bob"]?.firstShownTrials == 4)
    for who in ["alice", "bob"] {
      #expect(figures[who]?.firstShownWins == stats[who]?.firstShownWins)
      #expect(figures[who]?.firstShownTrials == stats[who]?.firstShownTrials)
      #expect(figures[who]?.blind == stats[who]?.blind)
    }
    #expect(figures["alice"]?.blind == 1 && figures["bob"]?.blind == 0)
    #expect(report.table.contains("annotator        submitted  blind"))
    #expect(
      report.csv.split(separator: "\n").first?.hasPrefix("annotator,submitted,blind_submits,")
        == true)
    #expect(report.json.contains(#""blind_submits":1"#))
  }
}
