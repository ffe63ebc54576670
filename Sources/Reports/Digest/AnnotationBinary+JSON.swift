import Annotation
import Codecs
import Platform
import TaskStore

/// Writes a journal snapshot line straight into `AnnotationBinary` form, with no
/// `Annotation` made on the way: a digest's first build reads every line of every
/// journal, and making the annotation only to encode it was most of that time.
///
/// It takes what `FastRecord` takes, or less. A line with anything it does not read
/// exactly (an escaped or non-ASCII key, an answer of two kinds, tiers without ranks,
/// repaired text, an object of more than 64 keys) gives nil, and the digest reads
/// that line as `Journal.parse` does. Keys are written in the order met, so the bytes
/// can differ from `AnnotationBinary.encode`'s (which sorts them) while decoding to
/// the same annotation; a test holds the two together on random records.
struct SnapshotTranscoder {
  typealias Failure = FastJSON.SyntaxError

  /// Where the fields the digest looks at are in the output.
  struct Written {
    var taskId: String
    var annotator: Range<Int>
    var updated: Range<Int>
  }

  /// The annotation's fields, in `AnnotationBinary`'s order.
  enum Field: Int, CaseIterable {
    case taskId, annotator, status, skipReason, answers, candidateAnswers, orderShown, seed
    case activeMs, created, updated, formVersion, revealed, withheld, review

    /// Fields a snapshot may leave out (written as absent).
    var optional: Bool {
      self == .skipReason || self == .revealed || self == .withheld || self == .review
    }
  }

  /// Each field's binary form, in the order the line has them.
  private var w = ByteWriter(out: [])
  private var slots = [Range<Int>?](repeating: nil, count: Field.allCases.count)
  private var taskId = 0..<0
  private var annotator = 0..<0
  private var updated = 0..<0
  /// The keys of the objects being read, innermost last, to refuse a key written twice.
  private var keys: [UnsafeBufferPointer<UInt8>] = []

  static let mismatch = FastRecord.mismatch
  /// The most keys of one object read here (a key is checked against each before it).
  static let maxKeys = 64

  /// Appends the binary form of the snapshot in `json` (a journal line after its
  /// checksum) to `out`, or returns nil and leaves `out` as it was.
  mutating func transcode(_ json: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Written? {
    w.out.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    for f in slots.indices { slots[f] = nil }
    var r = FastJSON(reading: json)
    do throws(Failure) {
      var seen = FastRecord.Seen()
      var annotated = false
      var versioned = false
      try r.forEachMember { r, key throws(Failure) in
        if key == "annotation" {
          try seen.mark(0)
          try annotation(&r)
          annotated = true
        } else if key == "v" {
          try seen.mark(1)
          _ = try r.readInt()
          versioned = true
        } else if key == "pos" {
          try seen.mark(2)
          if try !r.readNull() { _ = try FastRecord.position(&r) }
        } else if key.escaped {
          throw Self.mismatch
        } else {
          try r.skipValue()
        }
      }
      guard annotated, versioned, r.atEnd(), !r.repaired else { return nil }
    } catch {
      return nil
    }
    for f in Field.allCases where slots[f.rawValue] == nil && !f.optional { return nil }
    var written = Written(taskId: "", annotator: 0..<0, updated: 0..<0)
    out.reserveCapacity(out.count + w.out.count + 4)
    for f in Field.allCases {
      guard let slot = slots[f.rawValue] else {
        out.append(0)
        continue
      }
      let shift = out.count - slot.lowerBound
      out.append(contentsOf: w.out[slot])
      switch f {
      case .annotator:
        written.annotator = (annotator.lowerBound + shift)..<(annotator.upperBound + shift)
      case .updated: written.updated = (updated.lowerBound + shift)..<(updated.upperBound + shift)
      default: break
      }
    }
    written.taskId = String(decoding: w.out[taskId], as: UTF8.self)
    return written
  }

  private mutating func annotation(_ r: inout FastJSON) throws(Failure) {
    var seen = FastRecord.Seen()
    try r.forEachMember { r, key throws(Failure) in
      let start = w.out.count
      let field: Field
      if key == "task_id" {
        field = .taskId
        taskId = try string(&r)
      } else if key == "annotator" {
        field = .annotator
        annotator = try string(&r)
      } else if key == "status" {
        field = .status
        w.byte(try status(&r))
      } else if key == "answers" {
        field = .answers
        try answers(&r)
      } else if key == "candidate_answers" {
        field = .candidateAnswers
        try keyed(&r) { t, r throws(Failure) in try t.answers(&r) }
      } else if key == "order_shown" {
        field = .orderShown
        try strings(&r)
      } else if key == "seed" {
        field = .seed
        w.fixed(try r.readUnsigned())
      } else if key == "active_ms" {
        field = .activeMs
        w.signed(Int(try r.readInt()))
      } else if key == "created" {
        field = .created
        _ = try string(&r)
      } else if key == "updated" {
        field = .updated
        updated = try string(&r)
      } else if key == "form_version" {
        field = .formVersion
        _ = try string(&r)
      } else if key == "skip_reason" {
        field = .skipReason
        if try r.readNull() {
          w.byte(0)
        } else {
          w.byte(1)
          _ = try string(&r)
        }
      } else if key == "revealed" {
        field = .revealed
        w.byte(try r.readNull() ? 0 : try r.readBool() ? 2 : 1)
      } else if key == "review" {
        field = .review
        w.optional(try r.readNull() ? nil : AnnotationBinary.json(try FastRecord.review(&r)))
      } else if key == "withheld" {
        field = .withheld
        if try r.readNull() {
          w.byte(0)
        } else {
          AnnotationBinary.write(try FastRecord.withheld(&r), into: &w)
        }
      } else if key.escaped {
        throw Self.mismatch
      } else {
        try r.skipValue()
        return
      }
      try seen.mark(field.rawValue)
      slots[field.rawValue] = start..<w.out.count
    }
  }

  private mutating func status(_ r: inout FastJSON) throws(Failure) -> UInt8 {
    let code: UInt8? = try r.readStringBytes { text in
      if text.elementsEqual("draft".utf8) { return 0 }
      if text.elementsEqual("submitted".utf8) { return 1 }
      if text.elementsEqual("skipped".utf8) { return 2 }
      return nil
    }
    guard let code else { throw Self.mismatch }
    return code
  }

  /// An object of answers by key (question or candidate id): a count, then each key and answer.
  private mutating func answers(_ r: inout FastJSON) throws(Failure) {
    try keyed(&r) { t, r throws(Failure) in try t.answer(&r) }
  }

  /// An object by key (question or candidate id): a count, then each key and its value
  /// as `value` reads it.
  private mutating func keyed(
    _ r: inout FastJSON,
    _ value: (inout SnapshotTranscoder, inout FastJSON) throws(Failure) -> Void
  ) throws(Failure) {
    let at = placeholder()
    let base = keys.count
    defer { keys.removeSubrange(base...) }
    try r.forEachMember { r, k throws(Failure) in
      try key(k, above: base)
      try value(&self, &r)
    }
    fillCount(at, keys.count - base)
  }

  /// An array of strings: a count, then each string.
  private mutating func strings(_ r: inout FastJSON) throws(Failure) {
    let at = placeholder()
    var n = 0
    try r.forEachElement { r throws(Failure) in
      _ = try string(&r)
      n += 1
    }
    fillCount(at, n)
  }

  /// An answer: exactly one kind given (`Answer.init(from:)` picks by a fixed order
  /// among several; such a line is left to it).
  private mutating func answer(_ r: inout FastJSON) throws(Failure) {
    var seen = FastRecord.Seen()
    var written = false
    try r.forEachMember { r, key throws(Failure) in
      let null = try r.readNull()
      let kind: Int
      if key == "ranking" {
        kind = 0
      } else if key == "rating" {
        kind = 1
      } else if key == "choice" {
        kind = 2
      } else if key == "labels" {
        kind = 3
      } else if key == "text" {
        kind = 4
      } else if key == "turn" {
        kind = 5
      } else if key == "preference" {
        kind = 6
      } else if key.escaped {
        throw Self.mismatch
      } else {
        if !null { try r.skipValue() }
        return
      }
      try seen.mark(kind)
      if null { return }
      guard !written else { throw Self.mismatch }
      written = true
      switch kind {
      case 0:
        try ranking(&r)
      case 1, 5:
        w.byte(UInt8(kind))
        w.signed(Int(try r.readInt()))
      case 2, 4:
        w.byte(UInt8(kind))
        _ = try string(&r)
      case 3:
        w.byte(3)
        try strings(&r)
      default:
        let p = try FastRecord.preference(&r)
        w.byte(6)
        w.optional(p.winner)
        w.signed(p.strength)
      }
    }
    guard written else { throw Self.mismatch }
  }

  /// A ranking by its ranks; its tiers are read past (`Ranking.init(from:)` never reads
  /// them when ranks are given), and one given by tiers alone is left to the full reader.
  private mutating func ranking(_ r: inout FastJSON) throws(Failure) {
    w.byte(0)
    let none = w.out.count
    w.byte(0)
    // Nothing else writes here: the ranks (count, then each) follow the "none" byte.
    var seen = FastRecord.Seen()
    var ranked = false
    try r.forEachMember { r, key throws(Failure) in
      let null = try r.readNull()
      if key == "none_acceptable" {
        try seen.mark(0)
        let on = null ? false : try r.readBool()
        w.out[none] = on ? 1 : 0
      } else if key == "ranks" {
        try seen.mark(1)
        if null { return }
        ranked = true
        try keyed(&r) { t, r throws(Failure) in t.w.signed(Int(try r.readInt())) }
      } else if key == "tiers" {
        try seen.mark(2)
        if !null { try r.skipValue() }
      } else if key.escaped {
        throw Self.mismatch
      } else if !null {
        try r.skipValue()
      }
    }
    guard ranked else { throw Self.mismatch }
  }

  /// Writes an object's key as a string, refusing one met before in the same object.
  /// Only plain ASCII keys are taken: for them, equal bytes are equal strings.
  private mutating func key(_ k: FastJSON.Key, above base: Int) throws(Failure) {
    guard !k.escaped, keys.count - base < Self.maxKeys, let p = k.bytes.baseAddress,
      !k.bytes.contains(where: { $0 >= 0x80 })
    else { throw Self.mismatch }
    for other in keys[base...] where other.count == k.bytes.count {
      if let q = other.baseAddress, memcmp(p, q, other.count) == 0 { throw Self.mismatch }
    }
    keys.append(k.bytes)
    w.count(k.bytes.count)
    w.out.append(contentsOf: k.bytes)
  }

  /// Writes a JSON string as `ByteWriter.string` writes it; returns where its text is.
  private mutating func string(_ r: inout FastJSON) throws(Failure) -> Range<Int> {
    try r.readStringBytes { text in
      w.count(text.count)
      let start = w.out.count
      w.out.append(contentsOf: text)
      return start..<w.out.count
    }
  }

  /// One byte kept for a count not yet known.
  private mutating func placeholder() -> Int {
    w.byte(0)
    return w.out.count - 1
  }

  /// Puts `n` in the byte kept at `at`, widening it when `n` needs more than one.
  private mutating func fillCount(_ at: Int, _ n: Int) {
    guard n >= 0x80 else {
      w.out[at] = UInt8(n)
      return
    }
    var wide = ByteWriter(out: [])
    wide.count(n)
    w.out.replaceSubrange(at..<(at + 1), with: wide.out)
  }
}
