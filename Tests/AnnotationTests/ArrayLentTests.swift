import Testing

@testable import Annotation

@Suite struct ArrayLentTests {
  @Test func everyElementIsLentOnceInOrderWithItsPlace() {
    let tasks = (0..<37).map {
      Annotation(taskId: "t\($0)", annotator: "a\($0 % 5)", status: .submitted)
    }
    var seen: [(Int, String)] = []
    tasks.forEachLent { i, a in seen.append((i, a.taskId)) }
    #expect(seen.map(\.0) == Array(0..<37))
    #expect(seen.map(\.1) == tasks.map(\.taskId))
    var none = 0
    [Annotation]().forEachLent { _, _ in none += 1 }
    #expect(none == 0)
  }

  @Test func anErrorStopsTheWalk() {
    struct Stop: Error {}
    var visited = 0
    #expect(throws: Stop.self) {
      try [1, 2, 3, 4].forEachLent { i, _ in
        visited += 1
        if i == 1 { throw Stop() }
      }
    }
    #expect(visited == 2)
  }
}
