import Annotation
import Codecs
import Platform

/// A change to one text answer, journaled instead of a whole snapshot while the
/// annotator types: the bytes replaced, checked against the text after (its
/// CRC-32), so an edit never applies to the wrong text.
///
/// On disk it is one short line that continues the record before it (the same
/// task and annotator): `{"e":[at,deleted,"inserted",crc,active_ms,"question","candidate"]}`.
public struct TextEdit: Sendable, Hashable {
  /// The task and annotator: those of the record the edit continues.
  public var taskId: String
  public var annotator: String
  public var question: String
  public var candidate: String?
  /// Where the change starts, in UTF-8 bytes of the text before it.
  public var at: Int
  /// UTF-8 bytes removed there.
  public var deleted: Int
  public var inserted: String
  /// The CRC-32 of the text after.
  public var crc: UInt32
  public var activeMs: Int

  /// The key of the answer it changes.
  public var key: AnswerKey { AnswerKey(question, candidate: candidate) }

  /// The edit that turns `before` into `after` (a snapshot is due instead when it
  /// would change anything but one text answer, the time spent and the time saved).
  public static func between(_ before: Annotation, _ after: Annotation) -> TextEdit? {
    guard before.taskId == after.taskId, before.annotator == after.annotator,
      before.status == after.status,
      before.skipReason == after.skipReason, before.orderShown == after.orderShown,
      before.seed == after.seed,
      before.formVersion == after.formVersion, before.created == after.created,
      before.review == after.review,
      before.revealed == after.revealed, before.withheld == after.withheld
    else { return nil }
    var changed: [AnswerKey] = []
    for q in Set(before.answers.keys).union(after.answers.keys)
    where before.answers[q] != after.answers[q] {
      changed.append(AnswerKey(q))
    }
    for q in Set(before.candidateAnswers.keys).union(after.candidateAnswers.keys) {
      let b = before.candidateAnswers[q] ?? [:]
      let a = after.candidateAnswers[q] ?? [:]
      for c in Set(b.keys).union(a.keys) where b[c] != a[c] {
        changed.append(AnswerKey(q, candidate: c))
      }
    }
    guard changed.count == 1, let key = changed.first, case .text(let new)? = after[key] else {
      return nil
    }
    let old: String
    switch before[key] {
    case .text(let t)?: old = t
    case nil: old = ""
    default: return nil
    }
    let o = Array(old.utf8)
    let n = Array(new.utf8)
    var prefix = 0
    while prefix < o.count && prefix < n.count && o[prefix] == n[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < o.count - prefix && suffix < n.count - prefix
      && o[o.count - 1 - suffix] == n[n.count - 1 - suffix]
    {
      suffix += 1
    }
    // Cut only between characters: widen the change to UTF-8 boundaries.
    func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
    while prefix > 0
      && ((prefix < o.count && isContinuation(o[prefix]))
        || (prefix < n.count && isContinuation(n[prefix])))
    {
      prefix -= 1
    }
    while suffix > 0
      && ((o.count - suffix < o.count && isContinuation(o[o.count - suffix]))
        || (n.count - suffix < n.count && isContinuation(n[n.count - suffix])))
    {
      suffix -= 1
    }
    let inserted = String(decoding: n[prefix..<(n.count - suffix)], as: UTF8.self)
    return TextEdit(
      taskId: after.taskId, annotator: after.annotator, question: key.question,
      candidate: key.candidate, at: prefix,
      deleted: o.count - suffix - prefix, inserted: inserted, crc: CRC32.checksum(Data(n)),
      activeMs: after.activeMs)
  }

  /// The annotation with the edit applied; nil when its text is not the one the edit was made against.
  public func apply(to a: Annotation) -> Annotation? {
    guard a.taskId == taskId else { return nil }
    let old: [UInt8]
    switch a[key] {
    case .text(let t)?: old = Array(t.utf8)
    case nil: old = []
    default: return nil
    }
    guard at >= 0, deleted >= 0, at + deleted <= old.count else { return nil }
    let new = Array(old[..<at]) + Array(inserted.utf8) + Array(old[(at + deleted)...])
    guard CRC32.checksum(Data(new)) == crc, let text = String(validating: new, as: UTF8.self) else {
      return nil
    }
    var out = a
    out[key] = .text(text)
    out.activeMs = activeMs
    return out
  }
}

/// A journal line: a snapshot of an annotation, or a text edit continuing the line before.
package enum JournalLine {
  case snapshot(JournalRecord)
  /// An edit; its task and annotator are those of the line it continues (empty until known).
  case edit(TextEdit)

  /// How an edit line's JSON starts.
  package static let editPrefix = Array(#"{"e":["#.utf8)

  /// The JSON of an edit line.
  static func encode(_ e: TextEdit) -> Data {
    var items: [JSONWriter.Value] = [
      .int(e.at), .int(e.deleted), .string(e.inserted), .int(Int(e.crc)), .int(e.activeMs),
      .string(e.question),
    ]
    if let c = e.candidate { items.append(.string(c)) }
    return Data(JSONWriter.line(.object([("e", .array(items))])).utf8)
  }

  /// Decodes a line's JSON (after its checksum): an edit starts `{"e":[`.
  package static func decode(_ json: Data, with decoder: JSONDecoder) -> JournalLine? {
    guard json.starts(with: editPrefix) else {
      if let fast = FastRecord.decode(json) { return .snapshot(fast) }
      return (try? decoder.decode(JournalRecord.self, from: json)).map { .snapshot($0) }
    }
    guard case .object(let o)? = try? FastJSON.parse(json).value, o.count == 1,
      case .array(let a)? = o["e"],
      a.count == 6 || a.count == 7,
      case .int(let at) = a[0], case .int(let del) = a[1], case .string(let ins) = a[2],
      case .int(let crc) = a[3],
      crc >= 0, crc <= Int64(UInt32.max), case .int(let ms) = a[4], case .string(let q) = a[5]
    else { return nil }
    var c: String?
    if a.count == 7 {
      guard case .string(let s) = a[6] else { return nil }
      c = s
    }
    guard at >= 0, at <= Int64(Int32.max), del >= 0, del <= Int64(Int32.max), ms >= 0, ms <= 1 << 50
    else { return nil }
    return .edit(
      TextEdit(
        taskId: "", annotator: "", question: q, candidate: c, at: Int(at), deleted: Int(del),
        inserted: ins,
        crc: UInt32(crc), activeMs: Int(ms)))
  }

  /// The task, for a snapshot; nil for an edit (it continues the line before).
  var taskId: String? {
    if case .snapshot(let r) = self { return r.annotation.taskId }
    return nil
  }
}
