import Foundation
import Testing

@testable import TaskStore

@Suite struct NumericOrderTests {
  @Test func taskFilesSortAsFoundationsNumericComparisonSortsThem() {
    let names = [
      "mytasks", "mytasks-2", "mytasks-10", "mytasks-1", "a", "a1", "a01", "a2", "b", "B",
      "x9y", "x10y", "x9z", "2024-01-05", "2024-1-6", "_x", "Ä", "z", "tasks-007", "tasks-7b",
    ]
    var g: UInt64 = 3
    for _ in 0..<300 {
      let a = names[Int(g % UInt64(names.count))]
      g = g &* 6_364_136_223_846_793_005 &+ 1
      let b = names[Int((g >> 20) % UInt64(names.count))]
      g = g &* 6_364_136_223_846_793_005 &+ 1
      // Where Foundation tells them apart by more than case or leading zeros.
      let foundation = a.compare(b, options: [.numeric, .literal])
      guard foundation != .orderedSame else { continue }
      #expect(NumericOrder.ascending(a, b) == (foundation == .orderedAscending), "\(a) \(b)")
    }
    #expect(NumericOrder.ascending("mytasks-2", "mytasks-10"))
    #expect(!NumericOrder.ascending("mytasks-10", "mytasks-2"))
    #expect(NumericOrder.ascending("mytasks", "mytasks-2"))
  }
}
