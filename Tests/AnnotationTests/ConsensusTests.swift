import Testing

@testable import Annotation

/// Each key's answers, in the annotations' order, whatever maps the annotations share.
@Suite struct AnswersByKeyTests {
  @Test func rowsReusedForAlikeMapsAreEachAnnotationsOwn() {
    let q = Question(
      id: "overall", title: "Overall", scope: .candidate, kind: .rating(lo: 1, hi: 7, labels: [:]))
    let candidates = ["c0", "c1", "c2"]
    var g = SplitMix64(seed: 9)
    // A few maps shared between annotations, and maps built apart each time (equal
    // to those or not), with candidates missing and one no candidate of the task.
    let shared: [[String: Answer]] = [
      ["c0": .rating(7), "c1": .rating(3), "c2": .rating(1)],
      ["c0": .rating(2), "c2": .rating(5)],
      ["zz": .rating(4)],
    ]
    for _ in 0..<200 {
      let annotations = (0..<Int(g.next() % 12)).map { n -> Annotation in
        var a = Annotation(taskId: "t", annotator: "a\(n)", status: .submitted)
        switch g.next() % 4 {
        case 0: a.candidateAnswers["overall"] = shared[Int(g.next() % 3)]
        case 1:
          a.candidateAnswers["overall"] = Dictionary(
            uniqueKeysWithValues: candidates.filter { _ in g.next() % 3 != 0 }.map {
              ($0, Answer.rating(Int(1 + g.next() % 2)))
            })
        case 2: a.answers["other"] = .rating(1)
        default: a.candidateAnswers["overall"] = [:]
        }
        return a
      }
      let got = Consensus.answersByKey(annotations, q, candidates)
      #expect(got.map(\.key) == candidates.map { AnswerKey("overall", candidate: $0) })
      for (i, c) in candidates.enumerated() {
        #expect(got[i].answers == annotations.map { $0.candidateAnswers["overall"]?[c] })
      }
    }
  }
}

/// Rank lists reused for alike rankings are each answer's own, and agreement over
/// them is agreement over the answers that rank anything.
@Suite struct RankListsTests {
  @Test func reusedListsAreEachAnswersOwnAndAgreementIsUnchanged() {
    let rank = Question(id: "rank", title: "Rank", kind: .ranking(RankingOptions()))
    let pref = Question(id: "pref", title: "Pref", kind: .preference(points: 4, labels: [:]))
    let candidates = ["c0", "c1", "c2"]
    let shared = [
      Ranking(tiers: [["c0"], ["c1"], ["c2"]]), Ranking(tiers: [["c2", "c0"], ["c1"]]),
      Ranking(noneAcceptable: true), Ranking(tiers: [["zz"]]),
    ]
    var g = SplitMix64(seed: 5)
    for _ in 0..<300 {
      let answers = (0..<Int(g.next() % 10)).map { n -> Annotation in
        var a = Annotation(
          taskId: "t", annotator: "a\(n)", status: .submitted,
          orderShown: g.next() % 2 == 0 ? ["c0", "c1"] : ["c1", "c0"])
        switch g.next() % 4 {
        case 0: a.answers["rank"] = .ranking(shared[Int(g.next() % 4)])
        case 1:
          a.answers["rank"] = .ranking(
            Ranking(tiers: candidates.shuffled(using: &g).map { [$0] }))
        case 2:
          a.answers["pref"] = .preference(
            PreferenceAnswer(winner: g.next() % 3 == 0 ? nil : "c1", strength: 1))
        default: break
        }
        return a
      }
      for q in [rank, pref] {
        let lists = Consensus.rankLists(answers, q, candidates)
        #expect(lists == answers.map { $0.rankList(for: q, candidates: candidates) })
        let ranks = answers.map { $0.ranks(for: q, candidates: candidates) }.filter { !$0.isEmpty }
        let before = ranks.count >= 2 ? Consensus.agreement(ranks, candidates) : nil
        #expect(Consensus.agreement(lists: lists) == before)
      }
    }
  }
}
