import Annotation
import Foundation

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
  /// The newest annotation of each task, encoded, and where each is in `bytes`.
  let bytes: [UInt8]
  let index: [String: Range<Int>]
  /// Reading state, for the next run.
  let state: DigestState
  /// Journal bytes read to make this digest (0 when the digest on disk was current).
  public let bytesRead: Int

  init(
    annotator: String, bytes: [UInt8], index: [String: Range<Int>], state: DigestState,
    bytesRead: Int = 0
  ) {
    self.annotator = annotator
    self.bytes = bytes
    self.index = index
    self.state = state
    self.bytesRead = bytesRead
  }

  /// How many tasks the journal has an annotation for.
  public var count: Int { index.count }

  /// The tasks the journal has an annotation for (in no order).
  public var taskIds: Dictionary<String, Range<Int>>.Keys { index.keys }

  /// The newest annotation of a task, by `updated` (`Annotation.supersedes`).
  public func annotation(for taskId: String) -> Annotation? {
    guard let r = index[taskId] else { return nil }
    return decode(r, taskId: taskId)
  }

  /// Each task's newest annotation, decoded as it is reached (in no order).
  public struct Iterator: IteratorProtocol {
    let digest: JournalDigest
    var entries: Dictionary<String, Range<Int>>.Iterator

    public mutating func next() -> Annotation? {
      while let (id, r) = entries.next() {
        if let a = digest.decode(r, taskId: id) { return a }
      }
      return nil
    }
  }

  public func makeIterator() -> Iterator {
    Iterator(digest: self, entries: index.makeIterator())
  }

  /// Every task's newest annotation (a journal's worth: use `forEach` over many).
  public var latest: [String: Annotation] {
    var out: [String: Annotation] = [:]
    out.reserveCapacity(index.count)
    forEach { out[$0.taskId] = $0 }
    return out
  }

  func decode(_ r: Range<Int>, taskId: String) -> Annotation? {
    bytes.withUnsafeBytes {
      AnnotationBinary.decode(
        UnsafeRawBufferPointer(rebasing: $0[r]), annotator: annotator, taskId: taskId)
    }
  }
}

/// Where reading a journal stopped, and what the next line needs to be read as
/// `Journal.parse` would read it.
struct DigestState: Sendable, Equatable {
  /// Bytes of complete lines read.
  var offset = 0
  /// Lines read (blank and damaged ones included).
  var lines = 0
  /// Checksums of the journal's first and last bytes read, to see a rewrite.
  var headLength = 0
  var headCRC: UInt32 = 0
  var tailLength = 0
  var tailCRC: UInt32 = 0
  /// Damaged, foreign or misfitting lines, and lines that repeated the one before.
  var problems = 0
  var repeated = 0
  /// The last checked line (checksum and JSON), for the repeated-line rule.
  var previous: [UInt8]?
  /// The last snapshot's task as edited since (encoded): what a following text edit continues.
  var continued: [UInt8]?

  /// How many of the first and last bytes read are checked before the digest is trusted.
  static let headCheck = 4096
  static let tailCheck = 65536
}
