/// A set of journal line numbers, held sorted: lines are added in rising order, so
/// adding one is an append, and a lookup is a binary search (a set would hash each).
struct LineNumbers {
  private var numbers: [Int] = []

  /// Adds a line number (an append when it is above every one held).
  mutating func append(_ n: Int) {
    if numbers.last.map({ $0 < n }) ?? true {
      numbers.append(n)
    } else {
      let i = index(of: n)
      if i == numbers.count || numbers[i] != n { numbers.insert(n, at: i) }
    }
  }

  /// Every number held, ascending.
  var all: [Int] { numbers }

  /// Whether `n` is held.
  func contains(_ n: Int) -> Bool {
    let i = index(of: n)
    return i < numbers.count && numbers[i] == n
  }

  /// Where `n` is, or would go.
  private func index(of n: Int) -> Int {
    var low = 0
    var high = numbers.count
    while low < high {
      let mid = (low + high) / 2
      if numbers[mid] < n { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
