import Annotation
import Foundation

/// A compact binary form of an annotation, for the digest (`.rubric/digest/`).
///
/// A fifth to a tenth of a journal line and read without a JSON parser. It is a
/// cache format, never an interchange one: a reader that meets anything it does
/// not expect returns nil and the digest is rebuilt from the journal.
enum AnnotationBinary {
  /// Appends `a` to `out`.
  static func encode(_ a: Annotation, into out: inout [UInt8]) {
    var w = ByteWriter(out: out)
    out = []
    w.string(a.taskId)
    w.string(a.annotator)
    w.byte(a.status == .draft ? 0 : a.status == .submitted ? 1 : 2)
    w.optional(a.skipReason)
    w.count(a.answers.count)
    for (q, answer) in a.answers.sorted(by: { $0.key < $1.key }) {
      w.string(q)
      w.answer(answer)
    }
    w.count(a.candidateAnswers.count)
    for (q, byCandidate) in a.candidateAnswers.sorted(by: { $0.key < $1.key }) {
      w.string(q)
      w.count(byCandidate.count)
      for (c, answer) in byCandidate.sorted(by: { $0.key < $1.key }) {
        w.string(c)
        w.answer(answer)
      }
    }
    w.count(a.orderShown.count)
    for id in a.orderShown { w.string(id) }
    w.fixed(a.seed)
    w.signed(a.activeMs)
    w.string(a.created)
    w.string(a.updated)
    w.string(a.formVersion)
    w.byte(a.revealed == nil ? 0 : a.revealed == false ? 1 : 2)
    if let h = a.withheld {
      write(h, into: &w)
    } else {
      w.byte(0)
    }
    w.optional(a.review.map(json))
    out = w.out
  }

  /// A withholding, present.
  static func write(_ h: Withheld, into w: inout ByteWriter) {
    w.byte(1)
    w.byte(h.reason == .optedOut ? 0 : 1)
    w.string(h.category)
    w.string(h.day)
  }

  /// Reviews are few (one per decided task): their JSON is kept as it is.
  static func json(_ review: Review) -> String {
    String(decoding: (try? JSONEncoder().encode(review)) ?? Data(), as: UTF8.self)
  }

  /// The annotation at the start of `bytes`, or nil when they do not hold one. A task
  /// id or annotator the caller already holds is used when the bytes spell it, rather
  /// than made again (a team's commands decode a million annotations).
  static func decode(
    _ bytes: UnsafeRawBufferPointer, annotator: String? = nil, taskId: String? = nil
  ) -> Annotation? {
    var r = ByteReader(bytes: bytes)
    guard let id = r.string(reusing: taskId), let who = r.string(reusing: annotator),
      let status = r.status()
    else {
      return nil
    }
    var a = Annotation(taskId: id, annotator: who, status: status)
    guard let skip = r.optional({ $0.string() }) else { return nil }
    a.skipReason = skip
    guard let n = r.count() else { return nil }
    // Dictionaries grow as they fill: sizing them first (`reserveCapacity`,
    // `minimumCapacity`) runs unspecialised, a metadata lookup each call, which cost
    // more than the growing for the few keys an answer has.
    var answers: [String: Answer] = [:]
    for _ in 0..<n {
      guard let q = r.string(), let answer = r.answer() else { return nil }
      answers[q] = answer
    }
    a.answers = answers
    guard let m = r.count() else { return nil }
    var byQuestion: [String: [String: Answer]] = [:]
    for _ in 0..<m {
      guard let q = r.string(), let k = r.count() else { return nil }
      var inner: [String: Answer] = [:]
      for _ in 0..<k {
        guard let c = r.string(), let answer = r.answer() else { return nil }
        inner[c] = answer
      }
      byQuestion[q] = inner
    }
    a.candidateAnswers = byQuestion
    guard let shown = r.count() else { return nil }
    a.orderShown.reserveCapacity(shown)
    for _ in 0..<shown {
      guard let id = r.string() else { return nil }
      a.orderShown.append(id)
    }
    guard let seed = r.fixed(), let ms = r.signed(), let created = r.string(),
      let updated = r.string(),
      let version = r.string(), let revealed = r.byte(), revealed <= 2
    else { return nil }
    a.seed = seed
    a.activeMs = ms
    a.created = created
    a.updated = updated
    a.formVersion = version
    a.revealed = revealed == 0 ? nil : revealed == 2
    switch r.byte() {
    case 0?: break
    case 1?:
      guard let reason = r.byte(), reason <= 1, let category = r.string(), let day = r.string()
      else { return nil }
      a.withheld = Withheld(
        reason: reason == 0 ? .optedOut : .heldBack, category: category, day: day)
    default: return nil
    }
    guard let review = r.optional({ $0.string() }) else { return nil }
    if let json = review {
      guard let decoded = try? JSONDecoder().decode(Review.self, from: Data(json.utf8)) else {
        return nil
      }
      a.review = decoded
    }
    return a
  }
}

extension AnnotationBinary {
  /// Where the `updated` text of the annotation in `bytes` is, read past everything
  /// before it without making any of it; nil when the bytes do not hold an annotation.
  static func updated(in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
    var r = ByteReader(bytes: bytes)
    guard r.range() != nil, r.range() != nil, r.status() != nil,
      r.optional({ $0.range() }) != nil, let n = r.count()
    else { return nil }
    for _ in 0..<n {
      guard r.range() != nil, r.skipAnswer() else { return nil }
    }
    guard let m = r.count() else { return nil }
    for _ in 0..<m {
      guard r.range() != nil, let k = r.count() else { return nil }
      for _ in 0..<k {
        guard r.range() != nil, r.skipAnswer() else { return nil }
      }
    }
    guard let shown = r.count() else { return nil }
    for _ in 0..<shown {
      guard r.range() != nil else { return nil }
    }
    guard r.fixed() != nil, r.signed() != nil, r.range() != nil else { return nil }
    return r.range()
  }
}

extension ByteReader {
  /// Reads past what `ByteWriter.answer` wrote; false when it is not one.
  mutating func skipAnswer() -> Bool {
    switch byte() {
    case 0?:
      guard let none = byte(), none <= 1, let n = count() else { return false }
      for _ in 0..<n {
        guard range() != nil, signed() != nil else { return false }
      }
      return true
    case 1?, 5?: return signed() != nil
    case 2?, 4?: return range() != nil
    case 3?:
      guard let n = count() else { return false }
      for _ in 0..<n {
        guard range() != nil else { return false }
      }
      return true
    case 6?: return optional({ $0.range() }) != nil && signed() != nil
    default: return false
    }
  }
}

/// Appends numbers and strings to a byte array.
struct ByteWriter {
  var out: [UInt8]

  mutating func byte(_ b: UInt8) { out.append(b) }

  /// An unsigned LEB128 number.
  mutating func count(_ n: Int) { unsigned(UInt64(max(0, n))) }

  mutating func unsigned(_ n: UInt64) {
    var v = n
    while v >= 0x80 {
      out.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }

  /// A zigzag LEB128 number.
  mutating func signed(_ n: Int) {
    let v = Int64(n)
    unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
  }

  mutating func fixed(_ n: UInt64) {
    for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) }
  }

  mutating func fixed32(_ n: UInt32) {
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt32(k)))) }
  }

  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      count(utf8.count)
      out.append(contentsOf: utf8)
    }
  }

  mutating func bytes(_ b: some Collection<UInt8>) {
    count(b.count)
    out.append(contentsOf: b)
  }

  /// An optional string: a 0 when absent, else a 1 and the string.
  mutating func optional(_ s: String?) {
    guard let s else { return byte(0) }
    byte(1)
    string(s)
  }

  /// Optional bytes, the same way.
  mutating func optional(_ b: [UInt8]?) {
    guard let b else { return byte(0) }
    byte(1)
    bytes(b)
  }

  mutating func answer(_ a: Answer) {
    switch a {
    case .ranking(let r):
      byte(0)
      byte(r.noneAcceptable ? 1 : 0)
      count(r.ranks.count)
      for (id, rank) in r.ranks.sorted(by: { $0.key < $1.key }) {
        string(id)
        signed(rank)
      }
    case .rating(let v):
      byte(1)
      signed(v)
    case .choice(let v):
      byte(2)
      string(v)
    case .labels(let v):
      byte(3)
      count(v.count)
      for l in v { string(l) }
    case .text(let v):
      byte(4)
      string(v)
    case .turn(let v):
      byte(5)
      signed(v)
    case .preference(let p):
      byte(6)
      optional(p.winner)
      signed(p.strength)
    }
  }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and nil past the end.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  var at = 0

  init(bytes: UnsafeRawBufferPointer, at: Int = 0) {
    self.bytes = bytes
    self.at = at
  }

  var atEnd: Bool { at >= bytes.count }

  mutating func byte() -> UInt8? {
    guard at < bytes.count else { return nil }
    defer { at += 1 }
    return bytes[at]
  }

  mutating func unsigned() -> UInt64? {
    // Most numbers here (lengths, counts) fit in one byte.
    if at < bytes.count, bytes[at] < 0x80 {
      defer { at += 1 }
      return UInt64(bytes[at])
    }
    var v: UInt64 = 0
    var shift: UInt64 = 0
    while let b = byte() {
      guard shift < 64 else { return nil }
      v |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return v }
      shift += 7
    }
    return nil
  }

  /// A count, bounded by the bytes left (every item takes at least one byte).
  mutating func count() -> Int? {
    guard let n = unsigned(), n <= UInt64(bytes.count - at) else { return nil }
    return Int(n)
  }

  mutating func signed() -> Int? {
    guard let u = unsigned() else { return nil }
    let v = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    return Int(exactly: v)
  }

  mutating func fixed() -> UInt64? {
    guard bytes.count - at >= 8 else { return nil }
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
    at += 8
    return v
  }

  mutating func fixed32() -> UInt32? {
    guard bytes.count - at >= 4 else { return nil }
    var v: UInt32 = 0
    for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * UInt32(k)) }
    at += 4
    return v
  }

  /// A length-prefixed byte range.
  mutating func range() -> Range<Int>? {
    guard let n = count() else { return nil }
    defer { at += n }
    return at..<(at + n)
  }

  mutating func string() -> String? {
    guard let r = range() else { return nil }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
  }

  /// A string, as `known` when the bytes spell it (byte for byte, checked without making
  /// a string; or as an equal string otherwise).
  mutating func string(reusing known: String?) -> String? {
    guard var known else { return string() }
    guard let r = range() else { return nil }
    let same = known.withUTF8 { k in
      guard k.count == r.count else { return false }
      guard let a = k.baseAddress, let b = bytes.baseAddress else { return k.isEmpty }
      return memcmp(a, b + r.lowerBound, r.count) == 0
    }
    if same { return known }
    let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    return s == known ? known : s
  }

  /// What `ByteWriter.optional` wrote: nil when unreadable, `.some(nil)` when absent.
  mutating func optional<T>(_ read: (inout ByteReader) -> T?) -> T?? {
    switch byte() {
    case 0?: return .some(nil)
    case 1?: return read(&self).map { .some($0) } ?? nil
    default: return nil
    }
  }

  mutating func status() -> Status? {
    switch byte() {
    case 0?: return .draft
    case 1?: return .submitted
    case 2?: return .skipped
    default: return nil
    }
  }

  mutating func answer() -> Answer? {
    switch byte() {
    case 0?:
      guard let none = byte(), none <= 1, let n = count() else { return nil }
      var ranks: [String: Int] = [:]
      for _ in 0..<n {
        guard let id = string(), let rank = signed() else { return nil }
        ranks[id] = rank
      }
      return .ranking(Ranking(ranks: ranks, noneAcceptable: none == 1))
    case 1?: return signed().map { .rating($0) }
    case 2?: return string().map { .choice($0) }
    case 3?:
      guard let n = count() else { return nil }
      var labels: [String] = []
      labels.reserveCapacity(n)
      for _ in 0..<n {
        guard let l = string() else { return nil }
        labels.append(l)
      }
      return .labels(labels)
    case 4?: return string().map { .text($0) }
    case 5?: return signed().map { .turn($0) }
    case 6?:
      guard let winner = optional({ $0.string() }), let strength = signed() else { return nil }
      return .preference(PreferenceAnswer(winner: winner, strength: strength))
    default: return nil
    }
  }
}
