import Annotation
import Shift
import TaskStore

/// The annotator's own active time per submitted task, by kind of task, today
/// against before: what `:pace` shows them (never anyone else's).
package struct Pace: Equatable {
  /// Active milliseconds per submitted task, by kind ("compare 2", "review", "write").
  package var today: [String: [Int]] = [:]
  package var before: [String: [Int]] = [:]

  /// The pace in a journal's latest records, `today` being a local day.
  package init(contents: JournalContents, today day: String) {
    for r in contents.latest.values where r.annotation.status == .submitted {
      let a = r.annotation
      let kind =
        a.orderShown.count >= 2
        ? "compare \(a.orderShown.count)" : a.orderShown.count == 1 ? "review" : "write"
      let when = Timestamp.parse(a.updated).map(Timestamp.localDay) ?? ""
      if when == day {
        today[kind, default: []].append(a.activeMs)
      } else {
        before[kind, default: []].append(a.activeMs)
      }
    }
  }

  /// "Your median per task, today / before: compare 2 0:41 / 0:52", or nil with nothing submitted.
  package var summary: String? {
    func median(_ v: [Int]?) -> String {
      guard let v, !v.isEmpty else { return "-" }
      return Wording.formatTime(Int(Consensus.median(v.map(Double.init))))
    }
    let kinds = Set(today.keys).union(before.keys).sorted()
    guard !kinds.isEmpty else { return nil }
    return "Your median per task, today / before: "
      + kinds.map { "\($0) \(median(today[$0])) / \(median(before[$0]))" }.joined(separator: " · ")
  }
}
