import Annotation
import Codecs
import Platform

/// Reading a journal snapshot without Foundation's `JSONDecoder`, which was two
/// thirds of every tool's time over a team's journals (`rubric stats`,
/// `agreement`, `export`, the review queue).
///
/// The line is read in place, member by member (`FastJSON`'s reader), into the
/// record: no tree, no dictionary per JSON object. The fast reader gives exactly
/// what `JSONDecoder` would, or nothing: a line with anything it does not know
/// precisely (a number that is not an integer where one is expected, repaired
/// UTF-8, an escaped key, a missing field, a value of another type) returns nil
/// and goes to `JSONDecoder`, whose answer (a record or an error) stands. A
/// property test compares the two on random records of every kind.
package enum FastRecord {
  package typealias Reader = FastJSON
  package typealias Failure = FastJSON.SyntaxError

  /// The record a snapshot line's JSON holds, or nil to let `JSONDecoder` decide.
  static func decode(_ json: Data) -> JournalRecord? {
    json.withUnsafeBytes { raw -> JournalRecord? in
      var r = Reader(reading: raw.bindMemory(to: UInt8.self))
      guard let record = try? record(&r), r.atEnd(), !r.repaired else { return nil }
      return record
    }
  }

  /// What the fast reader does not take: `JSONDecoder` reads the line instead.
  package static let mismatch = Failure(offset: 0, message: "not read here")

  static func record(_ r: inout Reader) throws(Failure) -> JournalRecord {
    var annotation: Annotation?
    var v: Int?
    var pos: TaskPosition?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "annotation" {
        try seen.mark(0)
        annotation = try self.annotation(&r)
      } else if key == "v" {
        try seen.mark(1)
        v = Int(try r.readInt())
      } else if key == "pos" {
        try seen.mark(2)
        pos = try r.readNull() ? nil : try position(&r)
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let annotation, let v else { throw mismatch }
    var record = JournalRecord(annotation: annotation)
    record.v = v
    record.pos = pos
    return record
  }

  package static func position(_ r: inout Reader) throws(Failure) -> TaskPosition {
    var file: String?
    var offset: Int64?
    var length: Int64?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "file" {
        try seen.mark(0)
        file = try r.readString()
      } else if key == "offset" {
        try seen.mark(1)
        offset = try r.readInt()
      } else if key == "length" {
        try seen.mark(2)
        length = try r.readInt()
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let file, let offset, offset >= 0, let length, length >= 0, length <= Int64(UInt32.max)
    else { throw mismatch }
    return TaskPosition(file: file, offset: UInt64(offset), length: UInt32(length))
  }

  /// The known keys met so far in one object. A key written twice goes to
  /// `JSONDecoder`, which keeps its first value (a tree would keep the last).
  package struct Seen {
    var bits: UInt32 = 0

    package init() {}

    package mutating func mark(_ n: Int) throws(Failure) {
      let bit = UInt32(1) << UInt32(n)
      guard bits & bit == 0 else { throw mismatch }
      bits |= bit
    }
  }

  /// The fields `Annotation`'s decoder requires, gathered as they come.
  struct Required {
    var taskId: String?
    var annotator: String?
    var status: Status?
    var answers: [String: Answer]?
    var candidateAnswers: [String: [String: Answer]]?
    var orderShown: [String]?
    var seed: UInt64?
    var activeMs: Int?
    var created: String?
    var updated: String?
    var formVersion: String?
  }

  static func annotation(_ r: inout Reader) throws(Failure) -> Annotation {
    var f = Required()
    var skipReason: String?
    var revealed: Bool?
    var review: Review?
    var withheld: Withheld?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "task_id" {
        try seen.mark(0)
        f.taskId = try r.readString()
      } else if key == "annotator" {
        try seen.mark(1)
        f.annotator = try r.readString()
      } else if key == "status" {
        try seen.mark(2)
        guard let s = Status(rawValue: try r.readString()) else { throw mismatch }
        f.status = s
      } else if key == "answers" {
        try seen.mark(3)
        f.answers = try answers(&r)
      } else if key == "candidate_answers" {
        try seen.mark(4)
        var byQuestion: [String: [String: Answer]] = [:]
        try r.forEachMember { r, q throws(Failure) in
          let question = try r.text(of: q)
          guard byQuestion.updateValue(try answers(&r), forKey: question) == nil else {
            throw mismatch
          }
        }
        f.candidateAnswers = byQuestion
      } else if key == "order_shown" {
        try seen.mark(5)
        f.orderShown = try strings(&r)
      } else if key == "seed" {
        try seen.mark(6)
        f.seed = try r.readUnsigned()
      } else if key == "active_ms" {
        try seen.mark(7)
        f.activeMs = Int(try r.readInt())
      } else if key == "created" {
        try seen.mark(8)
        f.created = try r.readString()
      } else if key == "updated" {
        try seen.mark(9)
        f.updated = try r.readString()
      } else if key == "form_version" {
        try seen.mark(10)
        f.formVersion = try r.readString()
      } else if key == "skip_reason" {
        try seen.mark(11)
        skipReason = try r.readNull() ? nil : try r.readString()
      } else if key == "revealed" {
        try seen.mark(12)
        revealed = try r.readNull() ? nil : try r.readBool()
      } else if key == "review" {
        try seen.mark(13)
        review = try r.readNull() ? nil : try self.review(&r)
      } else if key == "withheld" {
        try seen.mark(14)
        withheld = try r.readNull() ? nil : try self.withheld(&r)
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let taskId = f.taskId, let annotator = f.annotator, let status = f.status,
      let answers = f.answers, let byQuestion = f.candidateAnswers, let orderShown = f.orderShown,
      let seed = f.seed, let activeMs = f.activeMs, let created = f.created,
      let updated = f.updated, let formVersion = f.formVersion
    else { throw mismatch }
    var a = Annotation(
      taskId: taskId, annotator: annotator, status: status, orderShown: orderShown, seed: seed,
      activeMs: activeMs, created: created, updated: updated, formVersion: formVersion)
    a.skipReason = skipReason
    a.answers = answers
    a.candidateAnswers = byQuestion
    a.revealed = revealed
    a.review = review
    a.withheld = withheld
    return a
  }

  /// An object of answers by key (question or candidate id).
  static func answers(_ r: inout Reader) throws(Failure) -> [String: Answer] {
    var out: [String: Answer] = [:]
    try r.forEachMember { r, k throws(Failure) in
      let id = try r.text(of: k)
      guard out.updateValue(try answer(&r), forKey: id) == nil else { throw mismatch }
    }
    return out
  }

  static func strings(_ r: inout Reader) throws(Failure) -> [String] {
    var out: [String] = []
    try r.forEachElement { r throws(Failure) in out.append(try r.readString()) }
    return out
  }

  /// An answer, in `Answer.init(from:)`'s order: the first key present (and not null) decides.
  static func answer(_ r: inout Reader) throws(Failure) -> Answer {
    var ranking: Ranking?
    var rating: Int?
    var choice: String?
    var labels: [String]?
    var text: String?
    var turn: Int?
    var preference: PreferenceAnswer?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      let null = try r.readNull()
      if key == "ranking" {
        try seen.mark(0)
        ranking = null ? nil : try self.ranking(&r)
      } else if key == "rating" {
        try seen.mark(1)
        rating = null ? nil : Int(try r.readInt())
      } else if key == "choice" {
        try seen.mark(2)
        choice = null ? nil : try r.readString()
      } else if key == "labels" {
        try seen.mark(3)
        labels = null ? nil : try strings(&r)
      } else if key == "text" {
        try seen.mark(4)
        text = null ? nil : try r.readString()
      } else if key == "turn" {
        try seen.mark(5)
        turn = null ? nil : Int(try r.readInt())
      } else if key == "preference" {
        try seen.mark(6)
        preference = null ? nil : try self.preference(&r)
      } else if key.escaped {
        throw mismatch
      } else if !null {
        try r.skipValue()
      }
    }
    if let ranking { return .ranking(ranking) }
    if let rating { return .rating(rating) }
    if let choice { return .choice(choice) }
    if let labels { return .labels(labels) }
    if let text { return .text(text) }
    if let turn { return .turn(turn) }
    if let preference { return .preference(preference) }
    throw mismatch
  }

  /// A ranking: its ranks when given, its tiers otherwise (`Ranking.init(from:)`).
  static func ranking(_ r: inout Reader) throws(Failure) -> Ranking {
    var none = false
    var ranks: [String: Int]?
    var tiers: [[String]]?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      let null = try r.readNull()
      if key == "none_acceptable" {
        try seen.mark(0)
        none = null ? false : try r.readBool()
      } else if key == "ranks" {
        try seen.mark(1)
        if null {
          ranks = nil
          return
        }
        var out: [String: Int] = [:]
        try r.forEachMember { r, id throws(Failure) in
          let candidate = try r.text(of: id)
          guard out.updateValue(Int(try r.readInt()), forKey: candidate) == nil else {
            throw mismatch
          }
        }
        ranks = out
      } else if key == "tiers" {
        try seen.mark(2)
        // Ranks read already decide (`Ranking.init(from:)` never reads the tiers then).
        if null || ranks != nil {
          if !null { try r.skipValue() }
          tiers = nil
          return
        }
        var out: [[String]] = []
        try r.forEachElement { r throws(Failure) in out.append(try strings(&r)) }
        tiers = out
      } else if key.escaped {
        throw mismatch
      } else if !null {
        try r.skipValue()
      }
    }
    if let ranks { return Ranking(ranks: ranks, noneAcceptable: none) }
    return Ranking(tiers: tiers ?? [], noneAcceptable: none)
  }

  package static func preference(_ r: inout Reader) throws(Failure) -> PreferenceAnswer {
    var winner: String?
    var strength: Int64?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "winner" {
        try seen.mark(0)
        winner = try r.readNull() ? nil : try r.readString()
      } else if key == "strength" {
        try seen.mark(1)
        strength = try r.readInt()
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let strength else { throw mismatch }
    return PreferenceAnswer(winner: winner, strength: Int(strength))
  }

  package static func review(_ r: inout Reader) throws(Failure) -> Review {
    var decision: Review.Decision?
    var settles: [Review.Settled]?
    var rule: String?
    var quick: Bool?
    var accepted: String?
    var note: String?
    var agreement: Double?
    var sentTo: [String]?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "decision" {
        try seen.mark(0)
        guard let d = Review.Decision(rawValue: try r.readString()) else { throw mismatch }
        decision = d
      } else if key == "settles" {
        try seen.mark(1)
        var list: [Review.Settled] = []
        try r.forEachElement { r throws(Failure) in list.append(try settled(&r)) }
        settles = list
      } else if key == "rule" {
        try seen.mark(2)
        rule = try r.readString()
      } else if key == "quick" {
        try seen.mark(3)
        quick = try r.readBool()
      } else if key == "accepted" {
        try seen.mark(4)
        accepted = try r.readNull() ? nil : try r.readString()
      } else if key == "note" {
        try seen.mark(5)
        note = try r.readNull() ? nil : try r.readString()
      } else if key == "agreement" {
        try seen.mark(6)
        agreement = try r.readNull() ? nil : try r.readDouble()
      } else if key == "sent_to" {
        try seen.mark(7)
        sentTo = try r.readNull() ? nil : try strings(&r)
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let decision, let settles, let rule, let quick else { throw mismatch }
    return Review(
      decision: decision, settles: settles, accepted: accepted, note: note, rule: rule,
      quick: quick, agreement: agreement, sentTo: sentTo)
  }

  static func settled(_ r: inout Reader) throws(Failure) -> Review.Settled {
    var who: String?
    var when: String?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "annotator" {
        try seen.mark(0)
        who = try r.readString()
      } else if key == "updated" {
        try seen.mark(1)
        when = try r.readString()
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let who, let when else { throw mismatch }
    return Review.Settled(annotator: who, updated: when)
  }

  package static func withheld(_ r: inout Reader) throws(Failure) -> Withheld {
    var reason: Withheld.Reason?
    var category: String?
    var day: String?
    var seen = Seen()
    try r.forEachMember { r, key throws(Failure) in
      if key == "reason" {
        try seen.mark(0)
        guard let x = Withheld.Reason(rawValue: try r.readString()) else { throw mismatch }
        reason = x
      } else if key == "category" {
        try seen.mark(1)
        category = try r.readString()
      } else if key == "day" {
        try seen.mark(2)
        day = try r.readString()
      } else if key.escaped {
        throw mismatch
      } else {
        try r.skipValue()
      }
    }
    guard let reason, let category, let day else { throw mismatch }
    return Withheld(reason: reason, category: category, day: day)
  }
}
