import Annotation
import Codecs
import Platform
import TaskStore

/// OpenAssistant oasst1/oasst2 message trees: each prompter message with two or
/// more assistant replies becomes a comparison, with the path to it as context.
enum OASST {
  /// One message of a tree.
  struct Node {
    var id: String
    var parent: String?
    var role: Role
    var text: String
    var rank: Int?
    var labels: [String: Double]
    var model: String?
    var meta: [String: JSONValue]
    var line: Int
  }

  static func node(_ o: [String: JSONValue], line: Int) throws(ImportProblem) -> Node {
    guard let id = o["message_id"]?.stringValue else {
      throw ImportProblem(field: "message_id", message: "missing")
    }
    guard let roleName = o["role"]?.stringValue else {
      throw ImportProblem(field: "role", message: "missing")
    }
    let role: Role
    switch roleName {
    case "prompter": role = .user
    case "assistant": role = .assistant
    default:
      throw ImportProblem(
        field: "role", message: "unknown role \"\(roleName)\" (prompter or assistant)")
    }
    guard let text = o["text"]?.stringValue else {
      throw ImportProblem(field: "text", message: "missing")
    }
    var labels: [String: Double] = [:]
    if case .object(let l)? = o["labels"] {
      if let names = l["name"]?.arrayValue, let values = l["value"]?.arrayValue {
        // Columnar form: {"name": [...], "value": [...], "count": [...]}.
        for (n, v) in zip(names, values) {
          if let k = n.stringValue, let x = v.doubleValue { labels[k] = x }
        }
      } else {
        // Tree form: {"spam": {"value": 0.0, "count": 3}}.
        for (k, v) in l { if let x = v["value"]?.doubleValue ?? v.doubleValue { labels[k] = x } }
      }
    }
    return Node(
      id: id, parent: o["parent_id"]?.stringValue, role: role, text: text,
      rank: o["rank"]?.doubleValue.map { Int($0) }, labels: labels,
      model: o["model_name"]?.stringValue,
      meta: o.filter {
        !["message_id", "parent_id", "role", "text", "rank", "labels", "replies", "model_name"]
          .contains($0.key)
      },
      line: line)
  }

  /// Flattens a nested tree node (tree format) into nodes.
  static func flatten(_ o: [String: JSONValue], parent: String?, line: Int, into out: inout [Node])
    throws(ImportProblem)
  {
    var n = try node(o, line: line)
    if n.parent == nil { n.parent = parent }
    out.append(n)
    for r in o["replies"]?.arrayValue ?? [] {
      guard let ro = r.objectValue else { continue }
      try flatten(ro, parent: n.id, line: line, into: &out)
    }
  }

  /// Reads every message of a file (flat or tree lines), then emits the comparison tasks.
  static func convert(
    _ url: URL, file: String, _ sink: (Result<DecodedTask, LineError>) throws -> Void
  ) throws {
    var nodes: [Node] = []
    for (line, bytes) in try LineReader(url: url) {
      if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      guard let obj = (try? FastJSON.parse(bytes))?.value.objectValue else {
        try sink(
          .failure(LineError(file: file, line: line, field: "", message: "not a JSON object")))
        continue
      }
      do {
        if let prompt = obj["prompt"]?.objectValue {
          try flatten(prompt, parent: nil, line: line, into: &nodes)
        } else {
          nodes.append(try node(obj, line: line))
        }
      } catch {
        try sink(
          .failure(LineError(file: file, line: line, field: error.field, message: error.message)))
      }
    }
    var children: [String: [Node]] = [:]
    var byID: [String: Node] = [:]
    for n in nodes {
      byID[n.id] = n
      if let p = n.parent { children[p, default: []].append(n) }
    }
    for n in nodes where n.role == .user {
      let replies = (children[n.id] ?? []).filter { $0.role == .assistant }
      guard replies.count >= 2 else { continue }
      var path: [Message] = []
      var cursor: Node? = n
      var guardSteps = 0
      while let c = cursor, guardSteps < 10_000 {
        path.insert(
          Message(role: c.role, content: c.text, meta: ["message_id": .string(c.id)]), at: 0)
        cursor = c.parent.flatMap { byID[$0] }
        guardSteps += 1
      }
      var labels: [String: [String: Double]] = [:]
      for r in replies where !r.labels.isEmpty { labels[r.id] = r.labels }
      let ranked = replies.filter { $0.rank != nil }.sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }
      let prior = Prior(
        ranking: ranked.isEmpty ? nil : ranked.map { [$0.id] },
        labels: labels.isEmpty ? nil : labels, source: "oasst")
      let candidates = replies.map {
        Candidate(
          id: $0.id, messages: [Message(role: .assistant, content: $0.text)], model: $0.model,
          meta: $0.meta.isEmpty ? nil : $0.meta)
      }
      var meta = n.meta
      meta["message_id"] = .string(n.id)
      // OASST's crowd labels (0 to 1) name categories when most labellers saw them.
      let oasstCategories = [
        "hate_speech": "hate", "sexual_content": "sexual", "violence": "violence",
        "toxicity": "profanity",
      ]
      let seen = ([n] + replies).flatMap { node in
        oasstCategories.filter { (node.labels[$0.key] ?? 0) >= 0.5 }.map(\.value)
      }
      let task = ChatTask(
        id: "oasst-" + RecordFields.cleanID(n.id), context: path, candidates: candidates,
        prior: prior, meta: meta,
        contentWarnings: seen.isEmpty ? nil : ContentWarnings.ordered(seen))
      try sink(.success(DecodedTask(task: task, repaired: false)))
    }
  }
}
