import Annotation
import Platform
import Worksheet

/// Search in the task on screen: the matches are the turns and then the
/// candidates that contain the term, in screen order; searching again for the
/// same term (or for nothing) goes to the next match, as in less and vim.
struct Search: Equatable {
  var term: String?
  /// Which match is shown (0-based).
  var match = 0

  /// Where a match is.
  enum Hit: Equatable {
    case turn(Int)
    case candidate(Int)
  }

  /// Finds the first match of a typed term, or the next of the current one.
  /// Returns the hit and what to say, or nil with the reason.
  mutating func find(_ typed: String, in task: ChatTask, order: [String]) -> (
    hit: Hit, message: String
  )? {
    let trimmed = typed.trimmingWhitespace(newlines: false)
    guard let t = trimmed.isEmpty ? term : trimmed, !t.isEmpty else {
      term = nil
      return nil
    }
    let again = t == term
    term = t
    let needle = t.lowercased()
    var hits: [Hit] = []
    for (i, m) in task.context.enumerated() where m.content.lowercased().contains(needle) {
      hits.append(.turn(i))
    }
    for (i, id) in order.enumerated()
    where task.candidate(id)?.text.lowercased().contains(needle) == true {
      hits.append(.candidate(i))
    }
    guard !hits.isEmpty else { return nil }
    match = again ? (match + 1) % hits.count : 0
    let hit = hits[match]
    let place: String
    switch hit {
    case .turn(let i): place = "turn \(i + 1)"
    case .candidate(let i): place = "candidate \(letter(i))"
    }
    let next = hits.count > 1 ? " · / then Enter for the next" : ""
    return (hit, "Found in \(place) (match \(match + 1) of \(hits.count))\(next)")
  }
}
