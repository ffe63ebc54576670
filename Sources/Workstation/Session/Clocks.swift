import Foundation

/// The session's clocks, injected so tests set the time: monotonic milliseconds
/// for durations (active time, debouncing, breaks), wall time for what is recorded.
struct Clocks {
  var monotonic: () -> Int
  var wall: () -> Date
}
