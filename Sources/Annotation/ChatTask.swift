/// One candidate response to compare, rate or rewrite.
public struct Candidate: Sendable, Hashable, Codable {
  public var id: String
  public var messages: [Message]
  public var model: String?
  public var meta: [String: JSONValue]?

  public init(
    id: String, messages: [Message], model: String? = nil, meta: [String: JSONValue]? = nil
  ) {
    self.id = id
    self.messages = messages
    self.model = model
    self.meta = meta
  }

  /// The candidate's text: its messages' contents joined by a blank line.
  ///
  /// Joined by hand: `joined(separator:)` sizes its result from each string's
  /// `underestimatedCount`, which for a `String` counts its characters (a walk over
  /// every grapheme), and the team's reports read every candidate of every task.
  public var text: String {
    guard messages.count > 1 else { return messages.first?.content ?? "" }
    var out = ""
    out.reserveCapacity(messages.reduce(2 * (messages.count - 1)) { $0 + $1.content.utf8.count })
    for (i, m) in messages.enumerated() {
      if i > 0 { out += "\n\n" }
      out += m.content
    }
    return out
  }
}

/// Earlier judgements carried in from a dataset (hidden from the annotator unless asked).
public struct Prior: Sendable, Hashable, Codable {
  /// Ranking tiers of candidate ids, best first.
  public var ranking: [[String]]?
  public var noneAcceptable: Bool?
  /// Scores per candidate id, per aspect.
  public var ratings: [String: [String: Double]]?
  /// Labels per candidate id: label name to value.
  public var labels: [String: [String: Double]]?
  /// Free-text rationales per candidate id, per aspect.
  public var rationales: [String: [String: String]]?
  /// Where the prior came from (a judge, a dataset field).
  public var source: String?

  public init(
    ranking: [[String]]? = nil, noneAcceptable: Bool? = nil,
    ratings: [String: [String: Double]]? = nil, labels: [String: [String: Double]]? = nil,
    rationales: [String: [String: String]]? = nil, source: String? = nil
  ) {
    self.ranking = ranking
    self.noneAcceptable = noneAcceptable
    self.ratings = ratings
    self.labels = labels
    self.rationales = rationales
    self.source = source
  }

  enum CodingKeys: String, CodingKey {
    case ranking, ratings, labels, rationales, source
    case noneAcceptable = "none_acceptable"
  }
}

/// The kind of work a task asks for, decided by its number of candidates.
public enum TaskKind: String, Sendable, Hashable {
  /// Two or more candidates: rank and compare.
  case comparison
  /// One candidate: rate, flag, rewrite.
  case review
  /// No candidate: write a prompt or an ideal reply.
  case writing
}

/// One unit of annotation work: a conversation and the candidates to judge.
public struct ChatTask: Sendable, Hashable, Codable {
  public var id: String
  public var instructions: String?
  public var context: [Message]
  public var candidates: [Candidate]
  public var reference: String?
  public var prior: Prior?
  public var meta: [String: JSONValue]?
  /// The name of a form in the store's `forms/` folder to use instead of the main form.
  public var form: String?
  /// The known answer of a gold task; never exported into training rows.
  public var gold: Gold?
  /// Content categories (`ContentWarnings`): named in the title bar, and what an
  /// annotator's own settings mask, opt out of or limit.
  public var contentWarnings: [String]?

  public init(
    id: String, instructions: String? = nil, context: [Message], candidates: [Candidate] = [],
    reference: String? = nil, prior: Prior? = nil, meta: [String: JSONValue]? = nil,
    form: String? = nil,
    gold: Gold? = nil, contentWarnings: [String]? = nil
  ) {
    self.id = id
    self.contentWarnings = contentWarnings
    self.gold = gold
    self.form = form
    self.instructions = instructions
    self.context = context
    self.candidates = candidates
    self.reference = reference
    self.prior = prior
    self.meta = meta
  }

  enum CodingKeys: String, CodingKey {
    case id, instructions, context, candidates, reference, prior, meta, form, gold
    case contentWarnings = "content_warnings"
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    instructions = try c.decodeIfPresent(String.self, forKey: .instructions)
    context = try c.decodeIfPresent([Message].self, forKey: .context) ?? []
    candidates = try c.decodeIfPresent([Candidate].self, forKey: .candidates) ?? []
    reference = try c.decodeIfPresent(String.self, forKey: .reference)
    prior = try c.decodeIfPresent(Prior.self, forKey: .prior)
    meta = try c.decodeIfPresent([String: JSONValue].self, forKey: .meta)
    form = try c.decodeIfPresent(String.self, forKey: .form)
    gold = try c.decodeIfPresent(Gold.self, forKey: .gold)
    contentWarnings = try c.decodeIfPresent([String].self, forKey: .contentWarnings)
  }

  /// What the task asks for.
  public var kind: TaskKind {
    switch candidates.count {
    case 0: return .writing
    case 1: return .review
    default: return .comparison
    }
  }

  /// The candidate with the given id.
  public func candidate(_ id: String) -> Candidate? { candidates.first { $0.id == id } }
}
