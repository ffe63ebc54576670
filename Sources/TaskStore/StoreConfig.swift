import Annotation
import Codecs

/// The settings in a store's `rubric.toml`: the form and who labels by default.
public struct StoreConfig: Sendable, Hashable {
  public var form: Form
  /// The annotator name used when none is given on the command line.
  public var annotator: String?
  /// The keymap used when none is given on the command line.
  public var keymap: String?
  /// The team and its queues; nil for a store one person works alone.
  public var team: Team?
  /// Show a gold task's expected answer after it is submitted (for training annotators).
  public var goldFeedback: Bool

  public init(
    form: Form, annotator: String? = nil, keymap: String? = nil, team: Team? = nil,
    goldFeedback: Bool = false
  ) {
    self.form = form
    self.annotator = annotator
    self.keymap = keymap
    self.team = team
    self.goldFeedback = goldFeedback
  }

  /// Parses `rubric.toml` text; errors name `file`, the line and the key.
  /// The largest magnitude a form's integers may have (scale ends, lengths).
  public static let integerLimit = 1_000_000

  public static func parse(_ text: String, file: String) throws(LineError) -> StoreConfig {
    let root: TOMLTable
    do {
      root = try TOMLParser.parse(text)
    } catch {
      throw LineError(file: file, line: error.line, field: "", message: error.message)
    }
    let r = Reader(file: file)
    let known = [
      "title", "version", "preset", "annotator", "keymap", "instructions", "show_model",
      "show_prior", "gold_feedback",
      "team", "question",
    ]
    try r.rejectUnknown(root, known: known, prefix: "")
    let title = try r.string(root, "title", prefix: "") ?? "Untitled form"
    let version = try r.string(root, "version", prefix: "") ?? "1"
    guard let questionValues = root["question"] else {
      throw LineError(
        file: file, line: 1, field: "question", message: "the form has no [[question]]")
    }
    guard let list = questionValues.array else {
      throw LineError(
        file: file, line: questionValues.line, field: "question",
        message: "write each question as [[question]]")
    }
    var questions: [Question] = []
    var seen: [String: Int] = [:]
    for v in list {
      guard let t = v.table else {
        throw LineError(file: file, line: v.line, field: "question", message: "expected a table")
      }
      let q = try r.question(t)
      if let first = seen[q.id] {
        throw LineError(
          file: file, line: t["id"]?.line ?? t.line, field: "question.id",
          message: "duplicate id \"\(q.id)\" (first used on line \(first))")
      }
      seen[q.id] = t["id"]?.line ?? t.line
      questions.append(q)
    }
    // Conditions must name questions that exist.
    for (q, v) in zip(questions, list) {
      guard let c = q.requiredIf, let t = v.table else { continue }
      let line = t["required_if"]?.line ?? t.line
      var target: String?
      switch c {
      case .noneAcceptable: target = nil
      case .atMost(let id, _), .atLeast(let id, _), .equals(let id, _), .topFlagged(let id):
        target = id
      }
      if let id = target, seen[id] == nil {
        throw LineError(
          file: file, line: line, field: "question.required_if",
          message: "no question has the id \"\(id)\"")
      }
    }
    let form = Form(
      title: title, version: version, preset: try r.string(root, "preset", prefix: ""),
      instructions: try r.string(root, "instructions", prefix: ""),
      showModel: try r.bool(root, "show_model", prefix: "") ?? false,
      showPrior: try r.bool(root, "show_prior", prefix: "") ?? false, questions: questions)
    var team: Team?
    if let tv = root["team"] {
      guard let t = tv.table else {
        throw LineError(
          file: file, line: tv.line, field: "team", message: "write the team as a [team] table")
      }
      team = try r.team(t)
    }
    return StoreConfig(
      form: form, annotator: try r.string(root, "annotator", prefix: ""),
      keymap: try r.string(root, "keymap", prefix: ""), team: team,
      goldFeedback: try r.bool(root, "gold_feedback", prefix: "") ?? false)
  }

  package struct Reader {
    let file: String

    package init(file: String) { self.file = file }

    package func error(_ v: TOMLValue?, _ t: TOMLTable, _ key: String, _ message: String)
      -> LineError
    {
      LineError(file: file, line: v?.line ?? t.line, field: key, message: message)
    }

    package func rejectUnknown(_ t: TOMLTable, known: [String], prefix: String) throws(LineError) {
      for (k, v) in t.entries where !known.contains(k) {
        throw LineError(
          file: file, line: v.line, field: prefix + k,
          message: "unknown key (expected one of: \(known.joined(separator: ", ")))")
      }
    }

    func string(_ t: TOMLTable, _ k: String, prefix: String) throws(LineError) -> String? {
      guard let v = t[k] else { return nil }
      guard let s = v.string else {
        throw error(v, t, prefix + k, "expected a string, found \(v.typeName)")
      }
      return s
    }

    func bool(_ t: TOMLTable, _ k: String, prefix: String) throws(LineError) -> Bool? {
      guard let v = t[k] else { return nil }
      guard let b = v.bool else {
        throw error(v, t, prefix + k, "expected true or false, found \(v.typeName)")
      }
      return b
    }

    package func int(_ t: TOMLTable, _ k: String, prefix: String) throws(LineError) -> Int? {
      guard let v = t[k] else { return nil }
      guard let n = v.integer else {
        throw error(v, t, prefix + k, "expected an integer, found \(v.typeName)")
      }
      // Well inside Int64, so no arithmetic on form values can overflow.
      guard n >= -StoreConfig.integerLimit && n <= StoreConfig.integerLimit else {
        throw error(
          v, t, prefix + k,
          "\(n) is out of range (at most \(StoreConfig.integerLimit) either side of 0)")
      }
      return n
    }

    package func strings(_ t: TOMLTable, _ k: String, prefix: String) throws(LineError)
      -> [String]?
    {
      guard let v = t[k] else { return nil }
      guard let a = v.array else { throw error(v, t, prefix + k, "expected an array of strings") }
      var out: [String] = []
      for item in a {
        guard let s = item.string else {
          throw error(item, t, prefix + k, "expected an array of strings")
        }
        out.append(s)
      }
      return out
    }

    static let kinds = [
      "ranking", "preference", "rating", "choice", "labels", "text", "rewrite", "compose", "turn",
    ]
    static let common = ["id", "title", "help", "required", "scope", "kind", "required_if"]
    static let extra: [String: [String]] = [
      "ranking": ["allow_ties", "allow_partial", "allow_none_acceptable"],
      "rating": ["min", "max", "labels"],
      "preference": ["points", "labels"],
      "choice": ["options", "content_warnings"],
      "labels": ["options", "harm", "content_warnings"],
      "text": ["min_length"],
      "rewrite": [], "compose": [], "turn": [],
    ]

    /// A scale's `labels = { 1 = "poor" }` table, each key a point of lo...hi.
    func pointLabels(_ t: TOMLTable, lo: Int, hi: Int, prefix p: String) throws(LineError)
      -> [Int: String]
    {
      var labels: [Int: String] = [:]
      guard let lv = t["labels"] else { return labels }
      guard let lt = lv.table else {
        throw error(lv, t, p + "labels", "expected a table such as { 1 = \"poor\" }")
      }
      for (k, v) in lt.entries {
        guard let n = Int(k), (lo...hi).contains(n) else {
          throw error(v, t, p + "labels." + k, "\"\(k)\" is not a point on the scale \(lo)–\(hi)")
        }
        guard let s = v.string else { throw error(v, t, p + "labels." + k, "expected a string") }
        labels[n] = s
      }
      return labels
    }

    func question(_ t: TOMLTable) throws(LineError) -> Question {
      let p = "question."
      guard let id = try string(t, "id", prefix: p), !id.isEmpty else {
        throw error(nil, t, p + "id", "every question needs an id")
      }
      guard let kindName = try string(t, "kind", prefix: p) else {
        throw error(
          nil, t, p + "kind",
          "question \"\(id)\" needs a kind (\(Reader.kinds.joined(separator: ", ")))")
      }
      guard Reader.kinds.contains(kindName) else {
        throw error(
          t["kind"], t, p + "kind",
          "unknown kind \"\(kindName)\" (expected one of: \(Reader.kinds.joined(separator: ", ")))")
      }
      try rejectUnknown(t, known: Reader.common + (Reader.extra[kindName] ?? []), prefix: p)
      var scope = Scope.task
      if let s = try string(t, "scope", prefix: p) {
        guard let sc = Scope(rawValue: s) else {
          throw error(
            t["scope"], t, p + "scope", "unknown scope \"\(s)\" (expected task or candidate)")
        }
        scope = sc
      }
      let kind: QuestionKind
      switch kindName {
      case "ranking":
        kind = .ranking(
          RankingOptions(
            allowTies: try bool(t, "allow_ties", prefix: p) ?? true,
            allowPartial: try bool(t, "allow_partial", prefix: p) ?? false,
            allowNoneAcceptable: try bool(t, "allow_none_acceptable", prefix: p) ?? false))
      case "preference":
        let points = try int(t, "points", prefix: p) ?? 5
        guard points >= 3, points <= 9, points % 2 == 1 else {
          throw error(
            t["points"], t, p + "points",
            "a preference scale has an odd number of points from 3 to 9 (the middle one is \"about the same\")"
          )
        }
        var labels = PreferenceAnswer.defaultLabels(points: points)
        for (n, label) in try pointLabels(t, lo: 1, hi: points, prefix: p) { labels[n] = label }
        kind = .preference(points: points, labels: labels)
      case "rating":
        let lo = try int(t, "min", prefix: p) ?? 1
        let hi = try int(t, "max", prefix: p) ?? 5
        guard lo <= hi else {
          throw error(
            t["min"] ?? t["max"], t, p + "min",
            "the scale's low end (\(lo)) is above its high end (\(hi))")
        }
        guard hi - lo <= 20 else {
          throw error(t["max"], t, p + "max", "a scale may have at most 21 points")
        }
        kind = .rating(lo: lo, hi: hi, labels: try pointLabels(t, lo: lo, hi: hi, prefix: p))
      case "choice", "labels":
        guard let options = try strings(t, "options", prefix: p), !options.isEmpty else {
          throw error(t["options"], t, p + "options", "a \(kindName) question needs options")
        }
        if Set(options).count != options.count {
          throw error(t["options"], t, p + "options", "options must be distinct")
        }
        if kindName == "choice" {
          kind = .choice(options: options)
        } else {
          let harm = try strings(t, "harm", prefix: p) ?? []
          if let bad = harm.first(where: { !options.contains($0) }) {
            throw error(t["harm"], t, p + "harm", "\"\(bad)\" is not one of the options")
          }
          kind = .labels(options: options, harm: harm)
        }
      case "text":
        let n = try int(t, "min_length", prefix: p) ?? 0
        guard n >= 0 else { throw error(t["min_length"], t, p + "min_length", "must be 0 or more") }
        kind = .text(minLength: n)
      case "rewrite":
        kind = .rewrite
        if t["scope"] == nil { scope = .candidate }
      case "compose": kind = .compose
      default: kind = .turn
      }
      if case .preference = kind, scope == .candidate {
        throw error(
          t["scope"], t, p + "scope", "a preference compares the two candidates: its scope is task")
      }
      if case .ranking = kind, scope == .candidate {
        throw error(
          t["scope"], t, p + "scope", "a ranking covers all candidates: its scope is task")
      }
      var condition: Condition?
      if let text = try string(t, "required_if", prefix: p) {
        guard let c = Condition.parse(text) else {
          throw error(
            t["required_if"], t, p + "required_if",
            "cannot read \"\(text)\" (write none_acceptable, ID <= N, ID >= N, ID = VALUE or top_flagged ID)"
          )
        }
        condition = c
      }
      var q = Question(
        id: id, title: try string(t, "title", prefix: p) ?? id,
        help: try string(t, "help", prefix: p) ?? "",
        required: try bool(t, "required", prefix: p) ?? false, scope: scope, kind: kind,
        requiredIf: condition)
      q.warns = try warns(t, kind: kind, prefix: p)
      return q
    }

    /// `content_warnings = { "Sexual content" = "sexual" }`: options that name a category.
    func warns(_ t: TOMLTable, kind: QuestionKind, prefix p: String) throws(LineError) -> [String:
      String]
    {
      guard let v = t["content_warnings"] else { return [:] }
      guard let table = v.table else {
        throw error(
          v, t, p + "content_warnings",
          "expected a table of option = \"category\", such as { \"Violent content\" = \"violence\" }"
        )
      }
      let options: [String]
      switch kind {
      case .choice(let o), .labels(let o, _): options = o
      case .ranking, .rating, .text, .rewrite, .compose, .turn, .preference: options = []
      }
      var out: [String: String] = [:]
      for option in table.keys {
        guard options.contains(option) else {
          throw error(
            table[option], table, p + "content_warnings", "\"\(option)\" is not one of the options")
        }
        guard let name = table[option]?.string, let c = ContentWarnings.normalize(name) else {
          throw error(
            table[option], table, p + "content_warnings",
            "expected a category name such as \"violence\"")
        }
        out[option] = c
      }
      return out
    }
  }
}
