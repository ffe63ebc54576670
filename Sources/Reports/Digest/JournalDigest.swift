import Annotation
import Codecs
import Platform

/// One journal's newest answer per task, read once and then kept up to date from
/// the bytes appended since (`.rubric/digest/`).
///
/// The digest is a cache of the journal, never a source: it holds how far the
/// journal was read, checksums of the journal's first and last bytes read, the
/// state a following text edit continues, and each task's newest annotation in
/// `AnnotationBinary` form. When the journal no longer starts and ends (at that
/// offset) as it did, the journal is read again from its first byte; when the
/// digest is damaged, missing or of another version, likewise. Its answers equal
/// `Journal.contents(of:).latest` (a test holds the two together).
public final class JournalDigest: Sendable, Sequence {
  /// Whose journal.
  public let annotator: String
  /// The newest annotation of each task, encoded.
  let bytes: [UInt8]
  /// The tasks' ids in ascending (`String`) order, and where each one's annotation is
  /// in `bytes`: the walk over the answered tasks goes in the same order, so it steps
  /// through each journal front to back instead of hashing every id in every journal.
  let ids: [String]
  let ranges: [Range<Int>]
  /// Reading state, for the next run.
  let state: DigestState
  /// Journal bytes read to make this digest (0 when the digest on disk was current).
  public let bytesRead: Int

  /// A digest whose `ids` are already ascending, each with its range in `bytes`.
  init(
    annotator: String, bytes: [UInt8], ids: [String], ranges: [Range<Int>], state: DigestState,
    bytesRead: Int = 0
  ) {
    self.annotator = annotator
    self.bytes = bytes
    self.ids = ids
    self.ranges = ranges
    self.state = state
    self.bytesRead = bytesRead
  }

  /// How many tasks the journal has an annotation for.
  public var count: Int { ids.count }

  /// The tasks the journal has an annotation for, ascending.
  public var taskIds: [String] { ids }

  /// The newest annotation of a task, by `updated` (`Annotation.supersedes`).
  public func annotation(for taskId: String) -> Annotation? {
    var hint = 0
    return place(of: taskId, hint: &hint).flatMap { decode(ranges[$0], taskId: ids[$0]) }
  }

  /// Where `id` is in `ids`, or nil. The search starts at `hint` and leaves it just
  /// past the place (or where `id` would be), so lookups in ascending order cost a
  /// comparison or two each; any other order costs a binary search.
  func place(of id: String, hint: inout Int) -> Int? {
    let n = ids.count
    let p = Swift.min(Swift.max(hint, 0), n)
    if p < n && ids[p] == id {
      hint = p + 1
      return p
    }
    var lo = 0
    var hi = p
    if p == n || id < ids[p] {
      // Before the hint: absent when it would go just there.
      if p == 0 || ids[p - 1] < id {
        hint = p
        return nil
      }
    } else {
      // After the hint: gallop forward to a bound, then search between.
      lo = p + 1
      hi = lo
      var step = 1
      while hi < n && ids[hi] < id {
        lo = hi + 1
        hi += step
        step *= 2
      }
      hi = Swift.min(hi, n)
    }
    while lo < hi {
      let mid = (lo + hi) / 2
      if ids[mid] < id { lo = mid + 1 } else { hi = mid }
    }
    hint = lo
    guard lo < n && ids[lo] == id else { return nil }
    hint = lo + 1
    return lo
  }

  /// Each task's newest annotation, decoded as it is reached (in id order).
  public struct Iterator: IteratorProtocol {
    let digest: JournalDigest
    var at = 0

    public mutating func next() -> Annotation? {
      while at < digest.ids.count {
        defer { at += 1 }
        if let a = digest.decode(digest.ranges[at], taskId: digest.ids[at]) { return a }
      }
      return nil
    }
  }

  public func makeIterator() -> Iterator {
    Iterator(digest: self)
  }

  /// Every task's newest annotation (a journal's worth: use `forEach` over many).
  public var latest: [String: Annotation] {
    var out: [String: Annotation] = [:]
    out.reserveCapacity(ids.count)
    forEach { out[$0.taskId] = $0 }
    return out
  }

  func decode(_ r: Range<Int>, taskId: String) -> Annotation? {
    var memo = AnswerMemo(enabled: false)
    return decode(r, taskId: taskId, memo: &memo)
  }

  /// The annotation at `r`, sharing the answer maps `memo` has met before.
  func decode(_ r: Range<Int>, taskId: String, memo: inout AnswerMemo) -> Annotation? {
    bytes.withUnsafeBytes {
      AnnotationBinary.decode(
        UnsafeRawBufferPointer(rebasing: $0[r]), annotator: annotator, taskId: taskId,
        memo: &memo)
    }
  }
}

/// Where reading a journal stopped, and what the next line needs to be read as
/// `Journal.parse` would read it.
struct DigestState: Sendable, Equatable {
  /// How far the journal was read, with checksums of its first and last bytes read
  /// (to see a rewrite).
  var ends = FileEnds()
  /// Bytes of complete lines read.
  var offset: Int {
    get { ends.offset }
    set { ends.offset = newValue }
  }
  /// Lines read (blank and damaged ones included).
  var lines = 0
  /// Damaged, foreign or misfitting lines, and lines that repeated the one before.
  var problems = 0
  var repeated = 0
  /// The last checked line (checksum and JSON), for the repeated-line rule.
  var previous: [UInt8]?
  /// The last snapshot's task as edited since (encoded): what a following text edit continues.
  var continued: [UInt8]?
}
