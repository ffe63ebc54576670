import Annotation
import Platform
import TaskStore

/// Every journal of a store's `annotations/` (or `reviews/`) read through its digest,
/// on all cores: the newest annotation per task and annotator, in compact form.
public struct JournalDigests: Sendable {
  /// By annotator (or reviewer) name.
  public let byName: [String: JournalDigest]
  /// The names, sorted.
  public let names: [String]
  /// Only annotations updated on or after this (an ISO date or time) count, when set.
  public private(set) var from: String?

  /// The digests in name order (no lookup by name for each task).
  let ordered: [JournalDigest]

  init(byName: [String: JournalDigest], names: [String]) {
    self.byName = byName
    self.names = names
    ordered = names.compactMap { byName[$0] }
  }

  /// The same journals, counting only annotations updated on or after `date` (nil: all).
  public func since(_ date: String?) -> JournalDigests {
    var copy = self
    copy.from = date
    return copy
  }

  /// Whether an annotation falls in the period asked for.
  func counts(_ a: Annotation) -> Bool { from.map { a.updated >= $0 } ?? true }

  /// Calls `body` with each of `name`'s newest annotations in the period, in no order.
  public func each(_ name: String, _ body: (Annotation) throws -> Void) rethrows {
    guard let d = byName[name] else { return }
    for a in d where counts(a) { try body(a) }
  }

  /// The annotators' journals (`annotations/`), optionally only some of them.
  public static func annotations(_ root: URL, only: Set<String>? = nil) throws -> JournalDigests {
    try read(root, journals: Store.journalURLs(root).filter { only?.contains($0.key) ?? true })
  }

  /// The reviewers' journals (`reviews/`).
  public static func reviews(_ root: URL) throws -> JournalDigests {
    try read(root, journals: Store.reviewURLs(root))
  }

  /// Reads journals through their digests under the store's `.rubric/digest/`.
  /// The first error stops nothing else but is thrown at the end.
  public static func read(_ root: URL, journals: [String: URL]) throws -> JournalDigests {
    let list = journals.sorted { $0.key < $1.key }
    let box = ResultsBox<JournalDigest>(count: list.count)
    let cache = DigestFile.enabled(root)
    DispatchQueue.concurrentPerform(iterations: list.count) { i in
      let (who, url) = list[i]
      box.set(
        i,
        Result {
          try JournalDigest.read(
            journal: url, annotator: who, cache: cache ? DigestFile.url(root, journal: url) : nil)
        })
    }
    var out: [String: JournalDigest] = [:]
    for (i, (who, _)) in list.enumerated() { out[who] = try box.get(i).get() }
    return JournalDigests(byName: out, names: list.map(\.key))
  }

  /// Where lookups left off in each journal: lookups in ascending id order through one
  /// cursor step forward through the journals instead of searching each one.
  package struct Cursor: Sendable {
    var hints: [Int] = []
    /// The answers decoded through this cursor, shared when met again.
    var memo = AnswerMemo()

    /// A cursor at the start of every journal.
    package init() {}

    /// Sized to `journals` on first use (and afresh if used with other journals).
    mutating func fit(_ journals: Int) {
      if hints.count != journals { hints = Array(repeating: 0, count: journals) }
    }
  }

  /// Each name's newest annotation of a task, in name order.
  public func answers(to taskId: String) -> [Annotation] {
    answers(to: taskId, status: nil)
  }

  /// Each name's newest annotation of a task with a status (any when nil), in name order.
  public func answers(to taskId: String, status: Status?) -> [Annotation] {
    var cursor = Cursor()
    return answers(to: taskId, status: status, cursor: &cursor)
  }

  /// The same, looked up from `cursor` (cheapest when ids come in ascending order).
  package func answers(to taskId: String, status: Status?, cursor: inout Cursor) -> [Annotation] {
    var out: [Annotation] = []
    forEachAnswer(to: taskId, cursor: &cursor) { _, a in
      if status == nil || a.status == status { out.append(a) }
    }
    return out
  }

  /// Calls `body` with each journal's newest annotation of a task in the period and
  /// the journal's place in `names`, in name order.
  /// The annotation is handed over (`consuming`), so keeping it costs no copy.
  func forEachAnswer(
    to taskId: String, cursor: inout Cursor, _ body: (Int, consuming Annotation) -> Void
  ) {
    cursor.fit(ordered.count)
    for (i, d) in ordered.enumerated() {
      guard let at = d.place(of: taskId, hint: &cursor.hints[i]),
        let a = d.decode(d.ranges[at], taskId: d.ids[at], memo: &cursor.memo), counts(a)
      else { continue }
      body(i, a)
    }
  }

  /// Each journal's newest annotation of a task in the period (any status), with the
  /// journal's place in `names`, in name order, looked up from `cursor`.
  package func placedAnswers(to taskId: String, cursor: inout Cursor) -> [PlacedAnnotation] {
    var out: [PlacedAnnotation] = []
    forEachAnswer(to: taskId, cursor: &cursor) {
      out.append(PlacedAnnotation(place: $0, annotation: $1))
    }
    return out
  }

  /// Whether any journal has an annotation of a task (in any period): a cheap test
  /// before a task is decoded.
  public func hasAnswers(to taskId: String) -> Bool {
    var cursor = Cursor()
    return hasAnswers(to: taskId, cursor: &cursor)
  }

  /// The same, looked up from `cursor`.
  package func hasAnswers(to taskId: String, cursor: inout Cursor) -> Bool {
    cursor.fit(ordered.count)
    return ordered.indices.contains {
      ordered[$0].place(of: taskId, hint: &cursor.hints[$0]) != nil
    }
  }

  /// Every task any journal has an annotation for, ascending: the journals' sorted ids
  /// merged, halves first, so each id is compared about log2(journals) times.
  public var taskIds: [String] {
    func merged(_ range: Range<Int>) -> [String] {
      if range.count <= 1 { return range.first.map { ordered[$0].ids } ?? [] }
      let mid = (range.lowerBound + range.upperBound) / 2
      return Self.union(merged(range.lowerBound..<mid), merged(mid..<range.upperBound))
    }
    return merged(ordered.indices)
  }

  /// Two ascending lists of ids as one, each id once.
  static func union(_ a: [String], _ b: [String]) -> [String] {
    var out: [String] = []
    out.reserveCapacity(max(a.count, b.count))
    var i = 0
    var j = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        out.append(a[i])
        i += 1
        j += 1
      } else if a[i] < b[j] {
        out.append(a[i])
        i += 1
      } else {
        out.append(b[j])
        j += 1
      }
    }
    out.append(contentsOf: a[i...])
    out.append(contentsOf: b[j...])
    return out
  }
}

/// A journal's annotation of a task with the journal's place in `JournalDigests.names`.
///
/// A struct, not a tuple: lending a tuple's elements through a generic closure
/// (`forEachLent`) copies them, a struct is lent where it lies.
package struct PlacedAnnotation: Sendable {
  package var place: Int
  package var annotation: Annotation
}
