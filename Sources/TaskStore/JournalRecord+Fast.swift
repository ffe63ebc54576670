import Annotation
import Codecs
import Foundation

/// Reading a journal snapshot without Foundation's `JSONDecoder`, which was two
/// thirds of every tool's time over a team's journals (`rubric stats`,
/// `agreement`, `export`, the review queue).
///
/// The fast reader gives exactly what `JSONDecoder` would, or nothing: a line
/// with anything it does not know precisely (a number that is not an integer
/// where one is expected, repaired UTF-8, a missing field) returns nil and goes
/// to `JSONDecoder`, whose answer (a record or an error) stands. A property
/// test compares the two on random records of every kind.
enum FastRecord {
  /// The record a snapshot line's JSON holds, or nil to let `JSONDecoder` decide.
  static func decode(_ json: Data) -> JournalRecord? {
    guard let parsed = try? FastJSON.parse(json), !parsed.repaired,
      case .object(let o) = parsed.value,
      case .object(let a)? = o["annotation"], let annotation = self.annotation(a, json)
    else { return nil }
    var record = JournalRecord(annotation: annotation)
    if let v = o["v"] {
      guard case .int(let n) = v else { return nil }
      record.v = Int(n)
    } else {
      return nil
    }
    switch o["pos"] {
    case nil, .null?: break
    case .object(let p)?:
      guard case .string(let file)? = p["file"], case .int(let offset)? = p["offset"], offset >= 0,
        case .int(let length)? = p["length"], length >= 0, length <= Int64(UInt32.max)
      else { return nil }
      record.pos = TaskPosition(file: file, offset: UInt64(offset), length: UInt32(length))
    default: return nil
    }
    return record
  }

  static func annotation(_ o: [String: JSONValue], _ json: Data) -> Annotation? {
    guard case .string(let taskId)? = o["task_id"], case .string(let annotator)? = o["annotator"],
      case .string(let statusName)? = o["status"], let status = Status(rawValue: statusName),
      case .object(let answers)? = o["answers"],
      case .object(let byQuestion)? = o["candidate_answers"],
      let orderShown = strings(o["order_shown"]), let seed = seed(o["seed"], json),
      case .int(let activeMs)? = o["active_ms"], case .string(let created)? = o["created"],
      case .string(let updated)? = o["updated"], case .string(let formVersion)? = o["form_version"]
    else { return nil }
    var a = Annotation(
      taskId: taskId, annotator: annotator, status: status, orderShown: orderShown, seed: seed,
      activeMs: Int(activeMs), created: created, updated: updated, formVersion: formVersion)
    guard let skip = optional(o["skip_reason"], { if case .string(let s) = $0 { s } else { nil } })
    else { return nil }
    a.skipReason = skip
    for (q, v) in answers {
      guard let answer = answer(v) else { return nil }
      a.answers[q] = answer
    }
    for (q, v) in byQuestion {
      guard case .object(let inner) = v else { return nil }
      var out: [String: Answer] = [:]
      for (c, av) in inner {
        guard let answer = answer(av) else { return nil }
        out[c] = answer
      }
      a.candidateAnswers[q] = out
    }
    guard let revealed = optional(o["revealed"], { if case .bool(let b) = $0 { b } else { nil } }),
      let review = optional(o["review"], review), let withheld = optional(o["withheld"], withheld)
    else { return nil }
    a.revealed = revealed
    a.review = review
    a.withheld = withheld
    return a
  }

  /// An optional field: absent or null is `.some(nil)`; a value `read` cannot take is nil.
  static func optional<T>(_ v: JSONValue?, _ read: (JSONValue) -> T?) -> T?? {
    guard let v, v != .null else { return .some(nil) }
    return read(v).map { .some($0) }
  }

  /// The seed, a UInt64: past Int64 the parsed number is a double, so its digits are read
  /// from the line (the last `"seed":` key, which the sorted encoding puts after every answer).
  static func seed(_ v: JSONValue?, _ json: Data) -> UInt64? {
    switch v {
    case .int(let n)?: return n >= 0 ? UInt64(n) : nil
    case .double(let d)?:
      let key = Data("\"seed\":".utf8)
      guard let r = json.range(of: key, options: .backwards) else { return nil }
      let digits = json[r.upperBound...].prefix { $0 >= 0x30 && $0 <= 0x39 }
      guard let n = UInt64(String(decoding: digits, as: UTF8.self)), Double(n) == d else {
        return nil
      }
      return n
    default: return nil
    }
  }

  static func strings(_ v: JSONValue?) -> [String]? {
    guard case .array(let list)? = v else { return nil }
    var out: [String] = []
    out.reserveCapacity(list.count)
    for item in list {
      guard case .string(let s) = item else { return nil }
      out.append(s)
    }
    return out
  }

  /// An answer, in `Answer.init(from:)`'s order: the first key present decides.
  static func answer(_ v: JSONValue) -> Answer? {
    guard case .object(let o) = v else { return nil }
    func present(_ k: String) -> JSONValue? {
      guard let x = o[k], x != .null else { return nil }
      return x
    }
    if let r = present("ranking") {
      guard case .object(let ro) = r else { return nil }
      var none = false
      if let n = ro["none_acceptable"], n != .null {
        guard case .bool(let b) = n else { return nil }
        none = b
      }
      if let ranks = ro["ranks"], ranks != .null {
        guard case .object(let rs) = ranks else { return nil }
        var out: [String: Int] = [:]
        for (id, x) in rs {
          guard case .int(let n) = x else { return nil }
          out[id] = Int(n)
        }
        return .ranking(Ranking(ranks: out, noneAcceptable: none))
      }
      var tiers: [[String]] = []
      if let t = ro["tiers"], t != .null {
        guard case .array(let list) = t else { return nil }
        for tier in list {
          guard let ids = strings(tier) else { return nil }
          tiers.append(ids)
        }
      }
      return .ranking(Ranking(tiers: tiers, noneAcceptable: none))
    }
    if let x = present("rating") {
      guard case .int(let n) = x else { return nil }
      return .rating(Int(n))
    }
    if let x = present("choice") {
      guard case .string(let s) = x else { return nil }
      return .choice(s)
    }
    if let x = present("labels") { return strings(x).map { .labels($0) } }
    if let x = present("text") {
      guard case .string(let s) = x else { return nil }
      return .text(s)
    }
    if let x = present("turn") {
      guard case .int(let n) = x else { return nil }
      return .turn(Int(n))
    }
    if let x = present("preference") {
      guard case .object(let po) = x, case .int(let strength)? = po["strength"] else { return nil }
      var p = PreferenceAnswer(winner: nil, strength: 0)
      switch po["winner"] {
      case nil, .null?: p.winner = nil
      case .string(let w)?: p.winner = w
      default: return nil
      }
      p.strength = Int(strength)
      return .preference(p)
    }
    return nil
  }

  static func review(_ v: JSONValue) -> Review? {
    guard case .object(let o) = v, case .string(let d)? = o["decision"],
      let decision = Review.Decision(rawValue: d),
      case .array(let list)? = o["settles"], case .string(let rule)? = o["rule"],
      case .bool(let quick)? = o["quick"]
    else { return nil }
    var settles: [Review.Settled] = []
    for item in list {
      guard case .object(let s) = item, case .string(let who)? = s["annotator"],
        case .string(let when)? = s["updated"]
      else { return nil }
      settles.append(Review.Settled(annotator: who, updated: when))
    }
    guard
      let accepted = optional(o["accepted"], { if case .string(let s) = $0 { s } else { nil } }),
      let note = optional(o["note"], { if case .string(let s) = $0 { s } else { nil } }),
      let agreement = optional(
        o["agreement"],
        { x -> Double? in
          switch x {
          case .double(let d): return d
          case .int(let n): return Double(n)
          default: return nil
          }
        })
    else { return nil }
    var sentTo: [String]?
    switch o["sent_to"] {
    case nil, .null?: break
    case .array(let names)?:
      var list: [String] = []
      for n in names {
        guard case .string(let who) = n else { return nil }
        list.append(who)
      }
      sentTo = list
    default: return nil
    }
    return Review(
      decision: decision, settles: settles, accepted: accepted, note: note, rule: rule,
      quick: quick,
      agreement: agreement, sentTo: sentTo)
  }

  static func withheld(_ v: JSONValue) -> Withheld? {
    guard case .object(let o) = v, case .string(let r)? = o["reason"],
      let reason = Withheld.Reason(rawValue: r),
      case .string(let category)? = o["category"], case .string(let day)? = o["day"]
    else { return nil }
    return Withheld(reason: reason, category: category, day: day)
  }
}
