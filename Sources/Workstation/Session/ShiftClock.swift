/// The annotator's working time in a session: the shift so far, the time since the
/// last break, today's time per content category, and what was said about limits.
///
/// Only keys count: a gap of a minute or more between two keys is not active time,
/// and neither is a break.
struct ShiftClock {
  /// When the last key came, on the session's monotonic clock.
  var lastKeyAt: Int
  /// Today's active milliseconds: earlier runs' (from the timesheet) and this one's.
  var activeMs = 0
  /// Active milliseconds since the last break (or the start of the session).
  var sinceBreakMs = 0
  /// Whether a break was taken this session.
  var breakTaken = false
  /// The break timer's second last drawn.
  var lastRestSecond = -1
  /// Today's active milliseconds per category (kept only when limits are set).
  var todayMs: [String: Int] = [:]
  /// Limits already announced this session.
  var limitsSaid: Set<String> = []
  /// Today's earlier active time, while it is read in the background.
  var earlier: TodaysShift?

  init(lastKeyAt: Int) { self.lastKeyAt = lastKeyAt }
}
