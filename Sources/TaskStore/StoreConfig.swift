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

    /// The kinds' names, as the form file writes them.
    static let kinds = QuestionKind.Name.allCases.map(\.rawValue)
    static let common = ["id", "title", "help", "required", "scope", "kind", "required_if"]

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
      guard let name = QuestionKind.Name(rawValue: kindName) else {
        throw error(
          t["kind"], t, p + "kind",
          "unknown kind \"\(kindName)\" (expected one of: \(Reader.kinds.joined(separator: ", ")))")
      }
      let spec = name.spec
      try rejectUnknown(t, known: Reader.common + spec.fileKeys, prefix: p)
      var scope = spec.defaultScope
      if let s = try string(t, "scope", prefix: p) {
        guard let sc = Scope(rawValue: s) else {
          throw error(
            t["scope"], t, p + "scope", "unknown scope \"\(s)\" (expected task or candidate)")
        }
        scope = sc
      }
      if let refusal = spec.refusal(of: scope) { throw error(t["scope"], t, p + "scope", refusal) }
      let kind = try spec.read(QuestionTable(reader: self, table: t, prefix: p))
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
      let options = kind.spec.options
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

/// A question's table as a kind's specification reads it (`KindFields`), its errors
/// naming the form file's line and the field.
struct QuestionTable: KindFields {
  let reader: StoreConfig.Reader
  let table: TOMLTable
  let prefix: String

  func bool(_ key: String) throws(LineError) -> Bool? {
    try reader.bool(table, key, prefix: prefix)
  }
  func int(_ key: String) throws(LineError) -> Int? {
    try reader.int(table, key, prefix: prefix)
  }
  func strings(_ key: String) throws(LineError) -> [String]? {
    try reader.strings(table, key, prefix: prefix)
  }
  func pointLabels(lo: Int, hi: Int) throws(LineError) -> [Int: String] {
    try reader.pointLabels(table, lo: lo, hi: hi, prefix: prefix)
  }
  func failure(_ keys: [String], _ message: String) -> LineError {
    let value = keys.lazy.compactMap { table[$0] }.first
    return reader.error(value, table, prefix + (keys.first ?? ""), message)
  }
}

extension StoreConfig {
  /// The form a task is annotated with: its named form (`forms`, by name), or this config's.
  public func form(for task: ChatTask, forms: [String: StoreConfig]) -> Form {
    task.form.flatMap { forms[$0]?.form } ?? form
  }
}
