import Annotation
import Foundation
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

  /// Each name's newest annotation of a task, in name order.
  public func answers(to taskId: String) -> [Annotation] {
    answers(to: taskId, status: nil)
  }

  /// Each name's newest annotation of a task with a status (any when nil), in name order.
  public func answers(to taskId: String, status: Status?) -> [Annotation] {
    var out: [Annotation] = []
    forEachAnswer(to: taskId) { _, a in
      if status == nil || a.status == status { out.append(a) }
    }
    return out
  }

  /// Calls `body` with each journal's newest annotation of a task in the period and
  /// the journal's place in `names`, in name order.
  func forEachAnswer(to taskId: String, _ body: (Int, Annotation) -> Void) {
    for (i, d) in ordered.enumerated() {
      guard let a = d.annotation(for: taskId), counts(a) else { continue }
      body(i, a)
    }
  }

  /// Each journal's newest annotation of a task in the period (any status), with the
  /// journal's place in `names`, in name order.
  public func placedAnswers(to taskId: String) -> [(place: Int, annotation: Annotation)] {
    var out: [(place: Int, annotation: Annotation)] = []
    forEachAnswer(to: taskId) { out.append(($0, $1)) }
    return out
  }

  /// Whether any journal has an annotation of a task (in any period): a cheap test
  /// before a task is decoded.
  public func hasAnswers(to taskId: String) -> Bool {
    ordered.contains { $0.index[taskId] != nil }
  }

  /// Every task any journal has an annotation for, sorted.
  public var taskIds: [String] {
    var all = Set<String>()
    for d in byName.values { all.formUnion(d.taskIds) }
    return all.sorted()
  }
}
