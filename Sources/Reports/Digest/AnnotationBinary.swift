import Annotation
import Codecs
import Platform

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
    var memo = AnswerMemo(enabled: false)
    return decode(bytes, annotator: annotator, taskId: taskId, memo: &memo)
  }

  /// The same, sharing the answer maps and candidate orders `memo` has met before.
  static func decode(
    _ bytes: UnsafeRawBufferPointer, annotator: String?, taskId: String?,
    memo: inout AnswerMemo
  ) -> Annotation? {
    var r = ByteReader(bytes: bytes)
    guard let id = r.string(reusing: taskId), let who = r.string(reusing: annotator),
      let status = r.status()
    else {
      return nil
    }
    var a = Annotation(taskId: id, annotator: who, status: status)
    guard let skip = r.optionalString() else { return nil }
    a.skipReason = skip
    guard let answers = r.answerMap(memo: &memo), let m = r.count() else { return nil }
    a.answers = answers
    var byQuestion: [String: [String: Answer]] = [:]
    for _ in 0..<m {
      guard let q = r.string(), let inner = r.answerMap(memo: &memo) else { return nil }
      byQuestion[q] = inner
    }
    a.candidateAnswers = byQuestion
    guard let shown = r.order(memo: &memo) else { return nil }
    a.orderShown = shown
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
    guard let review = r.optionalString() else { return nil }
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
      r.optionalRange() != nil, r.skipAnswerMap(), let m = r.count()
    else { return nil }
    for _ in 0..<m {
      guard r.range() != nil, r.skipAnswerMap() else { return nil }
    }
    guard r.skipStrings(), r.fixed() != nil, r.signed() != nil, r.range() != nil else { return nil }
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
    case 3?: return skipStrings()
    case 6?: return optionalRange() != nil && signed() != nil
    default: return false
    }
  }

  /// Reads past a count and that many ids with their answers (`answerMap`).
  mutating func skipAnswerMap() -> Bool {
    guard let n = count() else { return false }
    for _ in 0..<n {
      guard range() != nil, skipAnswer() else { return false }
    }
    return true
  }

  /// Reads past a count and that many strings.
  mutating func skipStrings() -> Bool {
    guard let n = count() else { return false }
    for _ in 0..<n {
      guard range() != nil else { return false }
    }
    return true
  }
}

/// Answers in the digest's bytes.
extension ByteWriter {
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

extension ByteReader {
  /// A count and that many question (or candidate) ids with their answers, shared
  /// through `memo` when it has met the same bytes.
  mutating func answerMap(memo: inout AnswerMemo) -> [String: Answer]? {
    let start = at
    guard skipAnswerMap() else { return nil }
    let block = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
    let value = memo.value(kind: 0, block) {
      var r = ByteReader(bytes: block)
      return r.answerMap().map { .answers($0) }
    }
    guard case .answers(let map)? = value else { return nil }
    return map
  }

  /// The same, decoded.
  mutating func answerMap() -> [String: Answer]? {
    guard let n = count() else { return nil }
    // Dictionaries grow as they fill: sizing them first (`reserveCapacity`,
    // `minimumCapacity`) runs unspecialised, a metadata lookup each call, which cost
    // more than the growing for the few keys an answer has.
    var map: [String: Answer] = [:]
    for _ in 0..<n {
      guard let key = string(), let answer = answer() else { return nil }
      map[key] = answer
    }
    return map
  }

  /// A count and that many candidate ids, in the order shown, shared through `memo`.
  mutating func order(memo: inout AnswerMemo) -> [String]? {
    let start = at
    guard skipStrings() else { return nil }
    let block = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
    let value = memo.value(kind: 1, block) {
      var r = ByteReader(bytes: block)
      guard let n = r.count() else { return nil }
      var ids: [String] = []
      ids.reserveCapacity(n)
      for _ in 0..<n {
        guard let id = r.string() else { return nil }
        ids.append(id)
      }
      return .order(ids)
    }
    guard case .order(let ids)? = value else { return nil }
    return ids
  }
}

extension ByteReader {
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
      guard let winner = optionalString(), let strength = signed() else { return nil }
      return .preference(PreferenceAnswer(winner: winner, strength: strength))
    default: return nil
    }
  }
}
