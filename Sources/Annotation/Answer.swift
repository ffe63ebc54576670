/// An answer to one question (for one candidate, when the question is per candidate).
public enum Answer: Sendable, Hashable, Codable {
  case ranking(Ranking)
  case rating(Int)
  case choice(String)
  case labels([String])
  /// Free text: rationales, rewrites and composed messages.
  case text(String)
  /// A turn index into the task's context (0-based).
  case turn(Int)
  /// Which of two candidates is better, and by how much.
  case preference(PreferenceAnswer)

  enum CodingKeys: String, CodingKey {
    case ranking, rating, choice, labels, text, turn, preference
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let r = try c.decodeIfPresent(Ranking.self, forKey: .ranking) {
      self = .ranking(r)
    } else if let v = try c.decodeIfPresent(Int.self, forKey: .rating) {
      self = .rating(v)
    } else if let v = try c.decodeIfPresent(String.self, forKey: .choice) {
      self = .choice(v)
    } else if let v = try c.decodeIfPresent([String].self, forKey: .labels) {
      self = .labels(v)
    } else if let v = try c.decodeIfPresent(String.self, forKey: .text) {
      self = .text(v)
    } else if let v = try c.decodeIfPresent(Int.self, forKey: .turn) {
      self = .turn(v)
    } else if let v = try c.decodeIfPresent(PreferenceAnswer.self, forKey: .preference) {
      self = .preference(v)
    } else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription:
            "an answer needs one of ranking, rating, choice, labels, text, turn, preference"))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .ranking(let r): try c.encode(r, forKey: .ranking)
    case .rating(let v): try c.encode(v, forKey: .rating)
    case .choice(let v): try c.encode(v, forKey: .choice)
    case .labels(let v): try c.encode(v, forKey: .labels)
    case .text(let v): try c.encode(v, forKey: .text)
    case .turn(let v): try c.encode(v, forKey: .turn)
    case .preference(let v): try c.encode(v, forKey: .preference)
    }
  }

  public var ranking: Ranking? {
    if case .ranking(let r) = self { return r }
    return nil
  }
  public var rating: Int? {
    if case .rating(let v) = self { return v }
    return nil
  }
  public var choice: String? {
    if case .choice(let v) = self { return v }
    return nil
  }
  public var labels: [String]? {
    if case .labels(let v) = self { return v }
    return nil
  }
  public var text: String? {
    if case .text(let v) = self { return v }
    return nil
  }
  public var turn: Int? {
    if case .turn(let v) = self { return v }
    return nil
  }
  public var preference: PreferenceAnswer? {
    if case .preference(let v) = self { return v }
    return nil
  }
}

/// Where an answer lives: a question, and a candidate for per-candidate questions.
public struct AnswerKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  public var question: String
  public var candidate: String?

  public init(_ question: String, candidate: String? = nil) {
    self.question = question
    self.candidate = candidate
  }

  public var description: String {
    candidate.map { "\(question)[\($0)]" } ?? question
  }

  public static func < (a: AnswerKey, b: AnswerKey) -> Bool {
    (a.question, a.candidate ?? "") < (b.question, b.candidate ?? "")
  }
}

extension Optional where Wrapped == Answer {
  /// Whether two answers (or their absence) are the same, text compared by its bytes
  /// (`String.hasSameUTF8(as:)`): what an edit's no-op check and undo's typing steps use.
  public func isSame(as other: Answer?) -> Bool {
    if case .text(let a)? = self, case .text(let b)? = other { return a.hasSameUTF8(as: b) }
    return self == other
  }
}
