import Annotation

/// Maps canonical task JSON to `ChatTask` and back, naming the field of any problem.
package enum TaskJSON {
  static let known: Set<String> = [
    "id", "instructions", "context", "candidates", "reference", "prior", "meta", "form", "gold",
    "content_warnings",
  ]

  static func string(
    _ o: [String: JSONValue], _ k: String, _ path: @autoclosure () -> String, required: Bool = false
  ) throws(ImportProblem) -> String? {
    guard let v = o[k], v != .null else {
      if required { throw ImportProblem(field: path() + k, message: "missing") }
      return nil
    }
    guard let s = v.stringValue else {
      throw ImportProblem(field: path() + k, message: "expected a string")
    }
    return s
  }

  static func object(_ v: JSONValue?, _ field: @autoclosure () -> String) throws(ImportProblem)
    -> [String: JSONValue]?
  {
    guard let v, v != .null else { return nil }
    guard let o = v.objectValue else {
      throw ImportProblem(field: field(), message: "expected an object")
    }
    return o
  }

  static func message(_ v: JSONValue, _ path: @autoclosure () -> String) throws(ImportProblem)
    -> Message
  {
    // The field name is only built when there is a problem to report.
    var field: String { path() }
    guard let o = v.objectValue else {
      throw ImportProblem(field: field, message: "expected an object")
    }
    guard let roleName = try string(o, "role", field + ".", required: true) else {
      throw ImportProblem(field: field, message: "missing role")
    }
    guard let role = Role(rawValue: roleName) else {
      throw ImportProblem(
        field: field + ".role", message: "unknown role (expected system, user, assistant or tool)")
    }
    guard let content = try string(o, "content", field + ".", required: true) else {
      throw ImportProblem(field: field, message: "missing content")
    }
    return Message(
      role: role, content: content, name: try string(o, "name", field + "."),
      meta: try object(o["meta"], field + ".meta"))
  }

  static func messages(_ v: JSONValue?, _ field: String) throws(ImportProblem) -> [Message] {
    guard let v, v != .null else { return [] }
    guard let a = v.arrayValue else {
      throw ImportProblem(field: field, message: "expected an array")
    }
    var out: [Message] = []
    out.reserveCapacity(a.count)
    for (i, m) in a.enumerated() { out.append(try message(m, "\(field)[\(i)]")) }
    return out
  }

  static func numbers(_ v: JSONValue?, _ field: String) throws(ImportProblem) -> [String: [String:
    Double]]?
  {
    guard let o = try object(v, field) else { return nil }
    var out: [String: [String: Double]] = [:]
    for (k, inner) in o {
      guard let io = inner.objectValue else {
        throw ImportProblem(field: "\(field).\(k)", message: "expected an object")
      }
      var m: [String: Double] = [:]
      for (a, x) in io {
        guard let d = x.doubleValue else {
          throw ImportProblem(field: "\(field).\(k).\(a)", message: "expected a number")
        }
        m[a] = d
      }
      out[k] = m
    }
    return out
  }

  static func prior(_ v: JSONValue?) throws(ImportProblem) -> Prior? {
    guard let o = try object(v, "prior") else { return nil }
    var p = Prior()
    if let r = o["ranking"], r != .null {
      guard let tiers = r.arrayValue else {
        throw ImportProblem(
          field: "prior.ranking", message: "expected tiers: an array of arrays of ids")
      }
      var out: [[String]] = []
      for (i, t) in tiers.enumerated() {
        guard let ids = t.arrayValue?.compactMap(\.stringValue), ids.count == t.arrayValue?.count
        else {
          throw ImportProblem(
            field: "prior.ranking[\(i)]", message: "expected an array of candidate ids")
        }
        out.append(ids)
      }
      p.ranking = out
    }
    if let n = o["none_acceptable"], n != .null {
      guard case .bool(let b) = n else {
        throw ImportProblem(field: "prior.none_acceptable", message: "expected true or false")
      }
      p.noneAcceptable = b
    }
    p.ratings = try numbers(o["ratings"], "prior.ratings")
    p.labels = try numbers(o["labels"], "prior.labels")
    if let r = try object(o["rationales"], "prior.rationales") {
      var out: [String: [String: String]] = [:]
      for (k, inner) in r {
        guard let io = inner.objectValue else {
          throw ImportProblem(field: "prior.rationales.\(k)", message: "expected an object")
        }
        out[k] = io.compactMapValues(\.stringValue)
      }
      p.rationales = out
    }
    p.source = try string(o, "source", "prior.")
    return p
  }

  /// The task in a canonical JSON object.
  static func task(_ o: [String: JSONValue]) throws(ImportProblem) -> ChatTask {
    guard let id = try string(o, "id", "", required: true) else {
      throw ImportProblem(field: "id", message: "missing")
    }
    var candidates: [Candidate] = []
    if let cv = o["candidates"], cv != .null {
      guard let list = cv.arrayValue else {
        throw ImportProblem(field: "candidates", message: "expected an array")
      }
      for (i, c) in list.enumerated() {
        let f = "candidates[\(i)]"
        guard let co = c.objectValue else {
          throw ImportProblem(field: f, message: "expected an object")
        }
        guard let cid = try string(co, "id", f + ".", required: true) else {
          throw ImportProblem(field: f + ".id", message: "missing")
        }
        candidates.append(
          Candidate(
            id: cid, messages: try messages(co["messages"], f + ".messages"),
            model: try string(co, "model", f + "."),
            meta: try object(co["meta"], f + ".meta")))
      }
    }
    var meta = try object(o["meta"], "meta")
    // Keys Rubric does not know are kept in meta, so nothing is lost on re-export.
    for (k, v) in o where !known.contains(k) {
      if meta == nil { meta = [:] }
      if meta?[k] == nil { meta?[k] = v }
    }
    return ChatTask(
      id: id, instructions: try string(o, "instructions", ""),
      context: try messages(o["context"], "context"),
      candidates: candidates, reference: try string(o, "reference", ""),
      prior: try prior(o["prior"]), meta: meta,
      form: try string(o, "form", ""), gold: try gold(o["gold"]),
      contentWarnings: try warnings(o["content_warnings"]))
  }

  /// `content_warnings`: an array of category names, each normalized (`ContentWarnings.normalize`).
  static func warnings(_ v: JSONValue?) throws(ImportProblem) -> [String]? {
    guard let v, v != .null else { return nil }
    guard let list = v.arrayValue else {
      throw ImportProblem(
        field: "content_warnings",
        message: "expected an array of category names such as [\"violence\"]")
    }
    var out: [String] = []
    for (i, item) in list.enumerated() {
      guard case .string(let s) = item, let c = ContentWarnings.normalize(s) else {
        throw ImportProblem(
          field: "content_warnings[\(i)]",
          message:
            "expected a category name (\(ContentWarnings.vocabulary.joined(separator: ", ")), or your own)"
        )
      }
      out.append(c)
    }
    return out.isEmpty ? nil : ContentWarnings.ordered(out)
  }

  /// A gold answer: `ranking` tiers, `preference` (a candidate id, or "" for about
  /// the same), `choices` and `ratings` by question id, `tolerance`, `explanation`.
  static func gold(_ v: JSONValue?) throws(ImportProblem) -> Gold? {
    guard let o = try object(v, "gold") else { return nil }
    var g = Gold()
    if let r = o["ranking"], r != .null {
      guard let tiers = r.arrayValue else {
        throw ImportProblem(
          field: "gold.ranking", message: "expected tiers: an array of arrays of ids")
      }
      var out: [[String]] = []
      for (i, t) in tiers.enumerated() {
        guard let ids = t.arrayValue?.compactMap(\.stringValue), ids.count == t.arrayValue?.count,
          !ids.isEmpty
        else {
          throw ImportProblem(
            field: "gold.ranking[\(i)]", message: "expected a non-empty array of candidate ids")
        }
        out.append(ids)
      }
      g.ranking = out
    }
    g.preference = try string(o, "preference", "gold.")
    if let c = try object(o["choices"], "gold.choices") {
      var out: [String: String] = [:]
      for (k, v) in c {
        guard let s = v.stringValue else {
          throw ImportProblem(field: "gold.choices.\(k)", message: "expected an option")
        }
        out[k] = s
      }
      g.choices = out
    }
    if let r = try object(o["ratings"], "gold.ratings") {
      var out: [String: [String: Int]] = [:]
      for (q, per) in r {
        guard let po = per.objectValue else {
          throw ImportProblem(
            field: "gold.ratings.\(q)", message: "expected ratings by candidate id")
        }
        var row: [String: Int] = [:]
        for (id, n) in po {
          guard let d = n.doubleValue, d == d.rounded(), abs(d) <= 1_000_000 else {
            throw ImportProblem(
              field: "gold.ratings.\(q).\(id)", message: "expected a whole number")
          }
          row[id] = Int(d)
        }
        out[q] = row
      }
      g.ratings = out
    }
    if let t = o["tolerance"], t != .null {
      guard let d = t.doubleValue, d == d.rounded(), d >= 0, d <= 1_000_000 else {
        throw ImportProblem(field: "gold.tolerance", message: "expected a whole number, 0 or more")
      }
      g.tolerance = Int(d)
    }
    g.explanation = try string(o, "explanation", "gold.")
    return g
  }

  /// Writes the canonical JSON of a task: `id` first, then the other fields, keys of maps sorted.
  package static func write(_ t: ChatTask, into out: inout JSONOutput) {
    var o = Members(&out)
    o.string("id", t.id, &out)
    if let f = t.form { o.string("form", f, &out) }
    if let i = t.instructions { o.string("instructions", i, &out) }
    o.key("context", &out)
    messages(t.context, into: &out)
    o.key("candidates", &out)
    out.append(UInt8(ascii: "["))
    for (n, c) in t.candidates.enumerated() {
      if n > 0 { out.append(UInt8(ascii: ",")) }
      var co = Members(&out)
      co.string("id", c.id, &out)
      co.key("messages", &out)
      messages(c.messages, into: &out)
      if let m = c.model { co.string("model", m, &out) }
      if let meta = c.meta { co.json("meta", .object(meta), &out) }
      out.append(UInt8(ascii: "}"))
    }
    out.append(UInt8(ascii: "]"))
    if let r = t.reference { o.string("reference", r, &out) }
    if let p = t.prior {
      o.key("prior", &out)
      var po = Members(&out)
      if let r = p.ranking {
        po.json("ranking", .array(r.map { .array($0.map { .string($0) }) }), &out)
      }
      if let n = p.noneAcceptable { po.json("none_acceptable", .bool(n), &out) }
      if let r = p.ratings {
        po.json("ratings", .object(r.mapValues { .object($0.mapValues { .double($0) }) }), &out)
      }
      if let l = p.labels {
        po.json("labels", .object(l.mapValues { .object($0.mapValues { .double($0) }) }), &out)
      }
      if let r = p.rationales {
        po.json("rationales", .object(r.mapValues { .object($0.mapValues { .string($0) }) }), &out)
      }
      if let s = p.source { po.string("source", s, &out) }
      out.append(UInt8(ascii: "}"))
    }
    if let m = t.meta { o.json("meta", .object(m), &out) }
    if let w = t.contentWarnings { o.json("content_warnings", .array(w.map { .string($0) }), &out) }
    if let g = t.gold {
      o.key("gold", &out)
      var go = Members(&out)
      if let r = g.ranking {
        go.json("ranking", .array(r.map { .array($0.map { .string($0) }) }), &out)
      }
      if let p = g.preference { go.string("preference", p, &out) }
      if let c = g.choices { go.json("choices", .object(c.mapValues { .string($0) }), &out) }
      if let r = g.ratings {
        go.json(
          "ratings", .object(r.mapValues { .object($0.mapValues { .double(Double($0)) }) }), &out)
      }
      if g.tolerance != 0 { go.json("tolerance", .double(Double(g.tolerance)), &out) }
      if let e = g.explanation { go.string("explanation", e, &out) }
      out.append(UInt8(ascii: "}"))
    }
    out.append(UInt8(ascii: "}"))
  }

  static func messages(_ list: [Message], into out: inout JSONOutput) {
    out.append(UInt8(ascii: "["))
    for (n, m) in list.enumerated() {
      if n > 0 { out.append(UInt8(ascii: ",")) }
      var mo = Members(&out)
      mo.string("role", m.role.rawValue, &out)
      mo.string("content", m.content, &out)
      if let name = m.name { mo.string("name", name, &out) }
      if let meta = m.meta { mo.json("meta", .object(meta), &out) }
      out.append(UInt8(ascii: "}"))
    }
    out.append(UInt8(ascii: "]"))
  }

  /// The members of one JSON object being written in a fixed order (the caller closes it).
  struct Members {
    var count = 0

    /// Opens the object.
    init(_ out: inout JSONOutput) { out.append(UInt8(ascii: "{")) }

    mutating func key(_ k: StaticString, _ out: inout JSONOutput) {
      if count > 0 { out.append(UInt8(ascii: ",")) }
      count += 1
      out.append(0x22)
      out.append(k)
      out.append(0x22)
      out.append(UInt8(ascii: ":"))
    }

    mutating func string(_ k: StaticString, _ v: String, _ out: inout JSONOutput) {
      key(k, &out)
      JSONWriter.quote(v, into: &out)
    }

    mutating func json(_ k: StaticString, _ v: JSONValue, _ out: inout JSONOutput) {
      key(k, &out)
      JSONWriter.write(v, into: &out)
    }
  }
}
