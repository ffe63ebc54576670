/// Plain-text columns for the reports the commands print.
extension String {
  /// The string right-aligned in `n` columns (padded with spaces on the left).
  public func leftPadded(_ n: Int) -> String {
    count >= n ? self : String(repeating: " ", count: n - count) + self
  }
}

extension StringProtocol {
  /// The string in `n` columns of a table: padded with spaces on the right, or cut to
  /// `n`, counted in UTF-16 units as Foundation's `padding(toLength:withPad:startingAt:)`
  /// counts them (the tables' figures were written with it).
  public func paddedOrCut(_ n: Int) -> String {
    let units = utf16.count
    guard units < n else { return String(decoding: utf16.prefix(n), as: UTF16.self) }
    return String(self) + String(repeating: " ", count: n - units)
  }
}
