import Platform

/// The session's clocks, injected so tests set the time: monotonic milliseconds
/// for durations (active time, debouncing, breaks), wall time for what is recorded.
package struct Clocks {
  package var monotonic: () -> Int
  package var wall: () -> Date

  package init(monotonic: @escaping () -> Int, wall: @escaping () -> Date) {
    self.monotonic = monotonic
    self.wall = wall
  }
}
