/// How times read on screen, shared by the panes and the messages (word counts: `WordCount`).
package enum Wording {
  /// "m:ss", or "h:mm:ss" from an hour on (drawn every frame, so no String(format:)).
  package static func formatTime(_ ms: Int) -> String {
    let s = ms / 1000
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    if s >= 3600 { return "\(s / 3600):\(two((s / 60) % 60)):\(two(s % 60))" }
    return "\(s / 60):\(two(s % 60))"
  }
}
