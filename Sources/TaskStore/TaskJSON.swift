import Annotation

/// Maps canonical task JSON to `Task` and back, naming the field of any problem.
enum TaskJSON {
  typealias V = JSONWriter.Value
  static let known: Set<String> = ["id", "instructions", "context", "candidates", "reference", "prior", "meta", "form"]

  static func string(_ o: [String: JSONValue], _ k: String, _ path: String, required: Bool = false) throws(ImportProblem) -> String? {
    guard let v = o[k], v != .null else {
      if required { throw ImportProblem(field: path + k, message: "missing") }
      return nil
    }
    guard let s = v.stringValue else { throw ImportProblem(field: path + k, message: "expected a string") }
    return s
  }

  static func object(_ v: JSONValue?, _ field: String) throws(ImportProblem) -> [String: JSONValue]? {
    guard let v, v != .null else { return nil }
    guard let o = v.objectValue else { throw ImportProblem(field: field, message: "expected an object") }
    return o
  }

  static func message(_ v: JSONValue, _ field: String) throws(ImportProblem) -> Message {
    guard let o = v.objectValue else { throw ImportProblem(field: field, message: "expected an object") }
    guard let roleName = try string(o, "role", field + ".", required: true) else { throw ImportProblem(field: field, message: "missing role") }
    guard let role = Role(rawValue: roleName) else {
      throw ImportProblem(field: field + ".role", message: "unknown role (expected system, user, assistant or tool)")
    }
    guard let content = try string(o, "content", field + ".", required: true) else { throw ImportProblem(field: field, message: "missing content") }
    return Message(role: role, content: content, name: try string(o, "name", field + "."), meta: try object(o["meta"], field + ".meta"))
  }

  static func messages(_ v: JSONValue?, _ field: String) throws(ImportProblem) -> [Message] {
    guard let v, v != .null else { return [] }
    guard let a = v.arrayValue else { throw ImportProblem(field: field, message: "expected an array") }
    var out: [Message] = []
    out.reserveCapacity(a.count)
    for (i, m) in a.enumerated() { out.append(try message(m, "\(field)[\(i)]")) }
    return out
  }

  static func numbers(_ v: JSONValue?, _ field: String) throws(ImportProblem) -> [String: [String: Double]]? {
    guard let o = try object(v, field) else { return nil }
    var out: [String: [String: Double]] = [:]
    for (k, inner) in o {
      guard let io = inner.objectValue else { throw ImportProblem(field: "\(field).\(k)", message: "expected an object") }
      var m: [String: Double] = [:]
      for (a, x) in io {
        guard let d = x.doubleValue else { throw ImportProblem(field: "\(field).\(k).\(a)", message: "expected a number") }
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
      guard let tiers = r.arrayValue else { throw ImportProblem(field: "prior.ranking", message: "expected tiers: an array of arrays of ids") }
      var out: [[String]] = []
      for (i, t) in tiers.enumerated() {
        guard let ids = t.arrayValue?.compactMap(\.stringValue), ids.count == t.arrayValue?.count else {
          throw ImportProblem(field: "prior.ranking[\(i)]", message: "expected an array of candidate ids")
        }
        out.append(ids)
      }
      p.ranking = out
    }
    if let n = o["none_acceptable"], n != .null {
      guard case .bool(let b) = n else { throw ImportProblem(field: "prior.none_acceptable", message: "expected true or false") }
      p.noneAcceptable = b
    }
    p.ratings = try numbers(o["ratings"], "prior.ratings")
    p.labels = try numbers(o["labels"], "prior.labels")
    if let r = try object(o["rationales"], "prior.rationales") {
      var out: [String: [String: String]] = [:]
      for (k, inner) in r {
        guard let io = inner.objectValue else { throw ImportProblem(field: "prior.rationales.\(k)", message: "expected an object") }
        out[k] = io.compactMapValues(\.stringValue)
      }
      p.rationales = out
    }
    p.source = try string(o, "source", "prior.")
    return p
  }

  /// The task in a canonical JSON object.
  static func task(_ o: [String: JSONValue]) throws(ImportProblem) -> Task {
    guard let id = try string(o, "id", "", required: true) else { throw ImportProblem(field: "id", message: "missing") }
    var candidates: [Candidate] = []
    if let cv = o["candidates"], cv != .null {
      guard let list = cv.arrayValue else { throw ImportProblem(field: "candidates", message: "expected an array") }
      for (i, c) in list.enumerated() {
        let f = "candidates[\(i)]"
        guard let co = c.objectValue else { throw ImportProblem(field: f, message: "expected an object") }
        guard let cid = try string(co, "id", f + ".", required: true) else { throw ImportProblem(field: f + ".id", message: "missing") }
        candidates.append(Candidate(
          id: cid, messages: try messages(co["messages"], f + ".messages"), model: try string(co, "model", f + "."),
          meta: try object(co["meta"], f + ".meta")))
      }
    }
    var meta = try object(o["meta"], "meta")
    // Keys Rubric does not know are kept in meta, so nothing is lost on re-export.
    for (k, v) in o where !known.contains(k) {
      if meta == nil { meta = [:] }
      if meta?[k] == nil { meta?[k] = v }
    }
    return Task(
      id: id, instructions: try string(o, "instructions", ""), context: try messages(o["context"], "context"),
      candidates: candidates, reference: try string(o, "reference", ""), prior: try prior(o["prior"]), meta: meta,
      form: try string(o, "form", ""))
  }

  static func messageValue(_ m: Message) -> V {
    var kv: [(String, V)] = [("role", .string(m.role.rawValue)), ("content", .string(m.content))]
    if let n = m.name { kv.append(("name", .string(n))) }
    if let meta = m.meta { kv.append(("meta", .raw(.object(meta)))) }
    return .object(kv)
  }

  static func numbersValue(_ m: [String: [String: Double]]) -> V {
    .object(m.keys.sorted().map { k in (k, .object((m[k] ?? [:]).keys.sorted().map { ($0, .number(m[k]?[$0] ?? 0)) })) })
  }

  /// The canonical JSON of a task: `id` first, then the other fields.
  static func value(_ t: Task) -> V {
    var kv: [(String, V)] = [("id", .string(t.id))]
    if let f = t.form { kv.append(("form", .string(f))) }
    if let i = t.instructions { kv.append(("instructions", .string(i))) }
    kv.append(("context", .array(t.context.map(messageValue))))
    kv.append(("candidates", .array(t.candidates.map { c in
      var ckv: [(String, V)] = [("id", .string(c.id)), ("messages", .array(c.messages.map(messageValue)))]
      if let m = c.model { ckv.append(("model", .string(m))) }
      if let meta = c.meta { ckv.append(("meta", .raw(.object(meta)))) }
      return .object(ckv)
    })))
    if let r = t.reference { kv.append(("reference", .string(r))) }
    if let p = t.prior {
      var pkv: [(String, V)] = []
      if let r = p.ranking { pkv.append(("ranking", .array(r.map { .array($0.map { .string($0) }) }))) }
      if let n = p.noneAcceptable { pkv.append(("none_acceptable", .bool(n))) }
      if let r = p.ratings { pkv.append(("ratings", numbersValue(r))) }
      if let l = p.labels { pkv.append(("labels", numbersValue(l))) }
      if let r = p.rationales {
        pkv.append(("rationales", .object(r.keys.sorted().map { k in (k, .object((r[k] ?? [:]).keys.sorted().map { ($0, .string(r[k]?[$0] ?? "")) })) })))
      }
      if let s = p.source { pkv.append(("source", .string(s))) }
      kv.append(("prior", .object(pkv)))
    }
    if let m = t.meta { kv.append(("meta", .raw(.object(m)))) }
    return .object(kv)
  }
}
