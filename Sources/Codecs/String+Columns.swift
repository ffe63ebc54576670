/// Plain-text columns for the reports the commands print.
extension String {
  /// The string right-aligned in `n` columns (padded with spaces on the left).
  public func leftPadded(_ n: Int) -> String {
    count >= n ? self : String(repeating: " ", count: n - count) + self
  }
}
