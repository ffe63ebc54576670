import Shift

/// The annotator's working time in a session: the shift so far, the time since the
/// last break, today's time per content category, and what was said about limits.
///
/// Only keys count: a gap of a minute or more between two keys is not active time,
/// and neither is a break.
package struct ShiftClock {
  /// When the last key came, on the session's monotonic clock.
  package var lastKeyAt: Int
  /// Today's active milliseconds: earlier runs' (from the timesheet) and this one's.
  package var activeMs = 0
  /// Active milliseconds since the last break (or the start of the session).
  package var sinceBreakMs = 0
  /// Whether a break was taken this session.
  package var breakTaken = false
  /// The break timer's second last drawn.
  package var lastRestSecond = -1
  /// Today's active milliseconds per category (kept only when limits are set).
  package var todayMs: [String: Int] = [:]
  /// Limits already announced this session.
  package var limitsSaid: Set<String> = []
  /// Today's earlier active time, while it is read in the background.
  package var earlier: TodaysShift?

  package init(lastKeyAt: Int) { self.lastKeyAt = lastKeyAt }

  /// The gap since the last key, when it counts as active time (under a minute); the key is now the last.
  package mutating func keyArrived(at now: Int) -> Int? {
    let gap = now - lastKeyAt
    lastKeyAt = now
    return gap > 0 && gap < 60_000 ? gap : nil
  }

  /// Counts active time: the shift's, since the last break, and today's per category.
  package mutating func count(_ gap: Int, categories: [String]) {
    activeMs += gap
    sinceBreakMs += gap
    for c in categories { todayMs[c, default: 0] += gap }
  }

  /// Whether today's minutes in a category have reached the annotator's limit for it.
  package func limitReached(_ category: String, _ w: Wellbeing) -> Bool {
    guard let minutes = w.limits[category] else { return false }
    return (todayMs[category] ?? 0) >= minutes * 60_000
  }

  /// A break ended: the time since the last break starts again, and the time away is not active.
  package mutating func breakEnded(at now: Int) {
    sinceBreakMs = 0
    breakTaken = true
    lastKeyAt = now
  }

  /// What to say after a submit: a break is due, or a daily limit was reached (each limit once).
  package mutating func reminder(_ w: Wellbeing, breakKey: String) -> String? {
    var parts: [String] = []
    let reached = w.limits.keys.filter { limitReached($0, w) && !limitsSaid.contains($0) }.sorted()
    if !reached.isEmpty {
      limitsSaid.formUnion(reached)
      parts.append(
        "Today's limit reached for \(reached.joined(separator: ", ")): those tasks are held back until tomorrow"
      )
    }
    if let every = w.breakEvery, sinceBreakMs >= every * 60_000 {
      let minutes = sinceBreakMs / 60_000
      parts.append(
        "\(minutes) minute\(minutes == 1 ? "" : "s") of work since your last break: \(breakKey) starts a \(w.breakLength)-minute break"
      )
    }
    return parts.isEmpty ? nil : parts.joined(separator: ". ")
  }

  /// Takes today's earlier active time once the background read has it; whether the clock changed.
  package mutating func takeEarlier() -> Bool {
    guard let pending = earlier else { return false }
    pending.start()
    guard let day = pending.take() else { return false }
    earlier = nil
    activeMs += day?.activeMs ?? 0
    return (day?.activeMs ?? 0) > 0
  }
}
