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
}
