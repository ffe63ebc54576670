import Testing

@testable import Annotation

@Suite struct RecentResultsTests {
  @Test func storageMatchingReusesASharedInputAndRecomputesAnEqualCopy() {
    let a = Ranking(tiers: [["c0"], ["c1", "c2"]])
    let shared = a
    let rebuilt = Ranking(tiers: [["c0"], ["c1", "c2"]])
    #expect(rebuilt == a)
    #expect(Ranking.sameStorage(a, shared) && !Ranking.sameStorage(a, rebuilt))
    var made = 0
    var recent = RecentResults<Ranking, Int>(matching: Ranking.sameStorage)
    for input in [a, shared, rebuilt, shared] {
      _ = recent.value(for: input) {
        made += 1
        return made
      }
    }
    // `a` made one, `shared` reused it, `rebuilt` made another (kept), `shared` reused again.
    #expect(made == 2)
    // With `==`, the rebuilt ranking is a match too.
    made = 0
    var equal = RecentResults<Ranking, Int>()
    for input in [a, shared, rebuilt] {
      _ = equal.value(for: input) {
        made += 1
        return made
      }
    }
    #expect(made == 1)
  }

  @Test func aResultIsNeverReusedForADifferentInput() {
    let first = Ranking(tiers: [["c0"], ["c1"]])
    let second = Ranking(tiers: [["c1"], ["c0"]])
    var recent = RecentResults<Ranking, [String: Int]>(matching: Ranking.sameStorage)
    #expect(recent.value(for: first) { first.ranks } == ["c0": 1, "c1": 2])
    #expect(recent.value(for: second) { second.ranks } == ["c0": 2, "c1": 1])
    #expect(recent.value(for: first) { [:] } == ["c0": 1, "c1": 2])
  }
}

@Suite struct FormRankingIDTests {
  @Test func theKeptRankingIdFollowsTheQuestions() {
    let rating = Question(id: "overall", title: "Overall", kind: .rating(lo: 1, hi: 5, labels: [:]))
    let rank = Question(id: "rank", title: "Rank", kind: .ranking(RankingOptions()))
    var form = Form(title: "t", questions: [rating, rank])
    #expect(form.rankingQuestionID == "rank")
    form.questions.removeLast()
    #expect(form.rankingQuestionID == nil)
    form.questions.insert(
      Question(id: "order", title: "Order", kind: .ranking(RankingOptions())), at: 0)
    #expect(form.rankingQuestionID == "order" && form.rankingQuestion?.id == "order")
  }
}
