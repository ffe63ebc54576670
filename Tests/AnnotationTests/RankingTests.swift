import Foundation
import Testing

@testable import Annotation

@Suite struct RankingTests {
  @Test func sameRankTies() {
    let r = Ranking().placing("a", at: 1).placing("b", at: 1).placing("c", at: 2)
    #expect(r.tiers == [["a", "b"], ["c"]])
    #expect(r.tier(of: "c") == 2)
  }

  @Test func gapsKeepOrderAndSurviveEncoding() throws {
    let r = Ranking().placing("a", at: 1).placing("c", at: 3)
    #expect(r.tiers == [["a"], ["c"]])
    let back = try JSONDecoder().decode(Ranking.self, from: JSONEncoder().encode(r))
    #expect(back == r)
  }

  @Test func zeroRemoves() {
    let r = Ranking().placing("a", at: 1).placing("a", at: 0)
    #expect(r.isEmpty)
  }

  @Test func pairsSkipTies() {
    let r = Ranking(tiers: [["a", "b"], ["c"]])
    let pairs = r.pairs().map { "\($0.chosen)>\($0.rejected)" }
    #expect(pairs == ["a>c", "b>c"])
  }

  @Test func adjacentPairsOnlyNeighbouringTiers() {
    let r = Ranking(tiers: [["a"], ["b"], ["c"]])
    #expect(r.pairs(mode: .all).count == 3)
    #expect(r.pairs(mode: .adjacent).map { "\($0.chosen)>\($0.rejected)" } == ["a>b", "b>c"])
  }

  @Test func marginsComeFromTheRatingGap() {
    let r = Ranking(tiers: [["a"], ["b"], ["c"]])
    let pairs = r.pairs(ratings: ["a": 7, "b": 4, "c": 4])
    #expect(pairs.map(\.margin) == [3, 3, 0])
    #expect(r.pairs(ratings: ["a": 7]).allSatisfy { $0.margin == nil })
  }

  @Test func noneAcceptableFollowsThePolicy() {
    let r = Ranking(tiers: [["a"], ["b"]], noneAcceptable: true)
    #expect(r.pairs(noneAcceptable: .drop).isEmpty)
    #expect(r.pairs(noneAcceptable: .keep).count == 1)
  }

  @Test func partialRankingLeavesUnplacedOut() {
    let r = Ranking(tiers: [["a"], ["b"]])
    #expect(!r.pairs().contains { $0.chosen == "c" || $0.rejected == "c" })
  }
}

@Suite struct ValidationTests {
  let form = Fixtures.form
  let task = Fixtures.task

  func annotation() -> Annotation {
    Annotation(taskId: "t1", annotator: "a", orderShown: ["c2", "c1", "c3"])
  }

  @Test func emptyAnnotationNamesEveryMissingAnswer() {
    let report = form.validate(annotation(), task: task)
    #expect(
      report.issues.map(\.message) == [
        "Ranking: required", "Overall quality (A): required", "Overall quality (B): required",
        "Overall quality (C): required",
      ])
  }

  @Test func partialRankingIsRejectedWhenNotAllowed() {
    var a = annotation()
    a.answers["rank"] = .ranking(Ranking(tiers: [["c1"]]))
    let msg = form.validate(a, task: task).issues.first?.message
    #expect(msg == "Ranking: rank every candidate (A, C not ranked)")
  }

  @Test func noneAcceptableMakesTheRationaleRequired() {
    var a = annotation()
    a.answers["rank"] = .ranking(Ranking(noneAcceptable: true))
    for c in ["c1", "c2", "c3"] { a[AnswerKey("overall", candidate: c)] = .rating(2) }
    let issues = form.validate(a, task: task).issues.map(\.message)
    #expect(issues == ["Rationale: required when no response is acceptable"])
    a.answers["rationale"] = .text("all three are rude")
    #expect(form.validate(a, task: task).isComplete)
  }

  @Test func rankedAboveButRatedLowerWarns() {
    var a = annotation()
    a.answers["rank"] = .ranking(Ranking(tiers: [["c1"], ["c2"], ["c3"]]))
    a[AnswerKey("overall", candidate: "c1")] = .rating(3)
    a[AnswerKey("overall", candidate: "c2")] = .rating(6)
    a[AnswerKey("overall", candidate: "c3")] = .rating(1)
    let report = form.validate(a, task: task)
    #expect(report.isComplete)
    #expect(report.warnings == ["B is ranked above A but rated lower on Overall quality"])
  }

  @Test func topRankedHarmFlagWarns() {
    var a = annotation()
    a.answers["rank"] = .ranking(Ranking(tiers: [["c3"], ["c1", "c2"]]))
    a[AnswerKey("flags", candidate: "c3")] = .labels(["harmful advice"])
    #expect(
      form.validate(a, task: task).warnings.contains(
        "C is ranked best but flagged \"harmful advice\""))
    #expect(form.holds(.topFlagged(question: "flags"), a, task))
  }

  @Test func outOfRangeRatingIsAnIssue() {
    var a = annotation()
    a[AnswerKey("overall", candidate: "c1")] = .rating(9)
    #expect(
      form.validate(a, task: task).issues.contains {
        $0.message == "Overall quality (B): 9 is outside 1–7"
      })
  }

  @Test func conditionsParseFromTheirText() {
    for c: Condition in [
      .noneAcceptable, .atMost(question: "q", value: 4), .atLeast(question: "q", value: 2),
      .equals(question: "kind", value: "other"), .topFlagged(question: "flags"),
    ] {
      #expect(Condition.parse(c.text) == c)
    }
    #expect(Condition.parse("bogus") == nil)
    #expect(Condition.parse(" \t q \u{3000}<= 4 ") == .atMost(question: "q", value: 4))
    #expect(Condition.parse("kind = \" other \"") == .equals(question: "kind", value: " other "))
  }

  @Test func conditionsTrimAsFoundationsWhitespaceSetDoes() {
    // Every scalar of the first planes around a value, as the form's text may hold them.
    var differ: [UInt32] = []
    for v in UInt32(0)...0x3100 {
      guard let c = Unicode.Scalar(v) else { continue }
      let text = "\(c)\(c)a \(c)b\(c)"
      if Condition.trimmed(text[...]) != text.trimmingCharacters(in: .whitespaces) {
        differ.append(v)
      }
    }
    for v: UInt32 in [0xFEFF, 0x200B, 0x180E, 0x202F, 0x205F] {
      let text = "\(Character(Unicode.Scalar(v)!))a\(Character(Unicode.Scalar(v)!))"
      if Condition.trimmed(text[...]) != text.trimmingCharacters(in: .whitespaces) {
        differ.append(v)
      }
    }
    #expect(differ.isEmpty, "\(differ.map { String($0, radix: 16) })")
  }

  @Test func presentationOrderIsStableAndShuffled() {
    let ids = (1...6).map { "c\($0)" }
    let seed = PresentationOrder.seed(annotator: "ann", taskId: "t1")
    let a = PresentationOrder.shuffle(ids, seed: seed)
    #expect(a == PresentationOrder.shuffle(ids, seed: seed))
    #expect(Set(a) == Set(ids))
    let orders = Set(
      (0..<20).map {
        PresentationOrder.shuffle(
          ids, seed: PresentationOrder.seed(annotator: "a\($0)", taskId: "t"))
      })
    #expect(orders.count > 10)
  }

  /// Ties are found whatever the ranks: small ones by bits, others by a set.
  @Test func tiesAreFoundForSmallLargeAndNegativeRanks() {
    #expect(RankingKind.hasTies(["a": 1, "b": 2, "c": 3]) == false)
    #expect(RankingKind.hasTies(["a": 1, "b": 2, "c": 1]))
    #expect(RankingKind.hasTies(["a": 0, "b": 63]) == false)
    #expect(RankingKind.hasTies(["a": 64, "b": 64]))
    #expect(RankingKind.hasTies(["a": 1, "b": 100]) == false)
    #expect(RankingKind.hasTies(["a": -1, "b": -1]))
    #expect(RankingKind.hasTies([:]) == false)
  }
}
