import Foundation
import Testing

@testable import Agreement
@testable import Annotation

/// Annotators who ranked a task alike are compared once (`AgreementReport.grouped` and
/// `compared`): each pair of annotators must get what comparing their own two rankings gives.
@Suite struct RankGroupsTests {
  @Test func eachPairGetsWhatComparingItsOwnRankingsGives() {
    var g = SplitMix64(seed: 11)
    for _ in 0..<300 {
      // 4 candidates ranked 1 to 3 (ties), some left unranked; few shapes, so groups form.
      let ranks: [[Double?]] = (0..<12).map { _ in
        (0..<4).map { _ in g.next() % 5 == 0 ? nil : Double(1 + g.next() % 3) }
      }
      let (group, distinct) = AgreementReport.grouped(ranks)
      #expect(distinct.count == Set(ranks).count)
      let table = AgreementReport.compared(distinct, candidates: 4)
      for i in ranks.indices {
        #expect(distinct[group[i]] == ranks[i])
        for j in ranks.indices where j != i {
          var xs: [Double] = []
          var ys: [Double] = []
          for c in 0..<4 {
            if let x = ranks[i][c], let y = ranks[j][c] {
              xs.append(x)
              ys.append(y)
            }
          }
          var both = Statistics.Pairwise()
          for a in xs.indices {
            for b in (a + 1)..<xs.count {
              both.add(Statistics.order(xs[a], xs[b]), Statistics.order(ys[a], ys[b]))
            }
          }
          let (pairwise, tau) = table[group[i] * distinct.count + group[j]]
          #expect(pairwise == both)
          #expect(tau == Statistics.kendallTauB(xs, ys))
        }
      }
    }
  }

  /// Length bias: of the pairs a ranking decides between candidates of different
  /// lengths, how many went to the longer one.
  @Test func theLongerWinsAreCountedOverDecidedPairsOfDifferentLengths() {
    // Candidate 0 is the longest and ranked best; 1 and 2 tie; 3 is unranked.
    let ranks: [Double?] = [1, 2, 2, nil]
    let r = AgreementReport.longerWins(ranks, lengths: [30, 10, 20, 99])
    // Pairs (0,1) and (0,2) are decided and the longer won both; (1,2) is a tie.
    #expect(r.trials == 2 && r.wins == 2)
    let shorterBest = AgreementReport.longerWins([1, 2, 3], lengths: [5, 10, 10])
    // (0,1) and (0,2) went to the shorter one; (1,2) has equal lengths.
    #expect(shorterBest.trials == 2 && shorterBest.wins == 0)
  }
}
