import Annotation
import Codecs
import Platform

/// Converts one JSON record of a line-oriented format into tasks.
enum RecordConverters {
  typealias Convert = (_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask]

  // MARK: openai

  /// `{"messages": [...]}`: the last assistant message is the candidate.
  static func openai(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask] {
    let msgs = try RecordFields.messages(obj["messages"], field: "messages")
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID) ?? RecordFields.stableID("openai", raw)
    let meta = RecordFields.rest(obj, except: ["messages", "id"])
    return [conversationTask(id: id, msgs, meta: meta)]
  }

  // MARK: chat with candidates

  /// `{"messages" | "conversation": [{role, content}], "candidates": [...]}`: the chat
  /// is the context, each candidate a string, `{"id"?, "content"}` or `{"id"?,
  /// "messages"}`. Ids the record lacks come from its content (the same record, the
  /// same ids); candidates without one are `a`, `b`, `c`… in the record's order.
  static func chat(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask] {
    let field = obj["messages"] != nil ? "messages" : "conversation"
    let context = try RecordFields.messages(obj[field], field: field)
    guard let list = obj["candidates"]?.arrayValue else {
      throw ImportProblem(field: "candidates", message: "expected an array of replies")
    }
    var candidates: [Candidate] = []
    for (i, item) in list.enumerated() {
      let letter = String(UnicodeScalar(UInt8(97 + i % 26))) + (i >= 26 ? "\(i / 26)" : "")
      switch item {
      case .string(let text):
        candidates.append(
          Candidate(id: letter, messages: [Message(role: .assistant, content: text)]))
      case .object(let c):
        let id = c["id"]?.stringValue.map(RecordFields.cleanID) ?? letter
        let messages: [Message]
        if c["messages"] != nil {
          messages = try RecordFields.messages(c["messages"], field: "candidates[\(i)].messages")
        } else {
          messages = [
            Message(
              role: .assistant,
              content: try RecordFields.text(c["content"], field: "candidates[\(i)].content"))
          ]
        }
        candidates.append(Candidate(id: id, messages: messages, model: c["model"]?.stringValue))
      default:
        throw ImportProblem(
          field: "candidates[\(i)]",
          message: "expected a string or an object with \"content\" or \"messages\"")
      }
    }
    if Set(candidates.map(\.id)).count != candidates.count {
      throw ImportProblem(field: "candidates", message: "two candidates have the same id")
    }
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID) ?? RecordFields.stableID("chat", raw)
    let meta = RecordFields.rest(obj, except: [field, "candidates", "id"])
    return [ChatTask(id: id, context: context, candidates: candidates, meta: meta)]
  }

  /// Splits a conversation: the final assistant message becomes the one candidate.
  static func conversationTask(id: String, _ msgs: [Message], meta: [String: JSONValue]?)
    -> ChatTask
  {
    if let last = msgs.last, last.role == .assistant {
      let cand = Candidate(id: "a", messages: [last])
      return ChatTask(id: id, context: Array(msgs.dropLast()), candidates: [cand], meta: meta)
    }
    return ChatTask(id: id, context: msgs, candidates: [], meta: meta)
  }

  // MARK: sharegpt

  /// `{"id", "conversations": [{"from", "value"}]}`, speakers normalised.
  static func sharegpt(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask]
  {
    let msgs = try RecordFields.messages(obj["conversations"], field: "conversations")
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID) ?? RecordFields.stableID("sharegpt", raw)
    return [
      conversationTask(
        id: id, msgs, meta: RecordFields.rest(obj, except: ["conversations", "id"]))
    ]
  }

  // MARK: hh

  /// Parses an HH-RLHF transcript into messages (byte-level scan for the turn markers).
  static func transcript(_ s: String, field: String) throws(ImportProblem) -> [Message] {
    var text = s
    let found = text.withUTF8 { b in
      Result { () throws(ImportProblem) in try HHMarkers<DecodedText>.turns(b, field: field) }
    }
    return try found.get().map { Message(role: $0.role, content: s.utf8Slice($0.start, $0.end)) }
  }

  /// `{"chosen", "rejected"}` transcripts: shared prefix is the context, the endings are the candidates.
  static func hh(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask] {
    guard var chosen = obj["chosen"]?.stringValue else {
      throw ImportProblem(field: "chosen", message: "expected a transcript string")
    }
    guard var rejected = obj["rejected"]?.stringValue else {
      throw ImportProblem(field: "rejected", message: "expected a transcript string")
    }
    let cut = chosen.withUTF8 { cb in
      rejected.withUTF8 { rb in HHMarkers<DecodedText>.promptCut(cb, rb) }
    }
    guard let (start, sep) = cut else {
      throw ImportProblem(
        field: "chosen", message: "no shared \"\\n\\nAssistant:\" turn with rejected")
    }
    let context = try transcript(chosen.utf8Slice(0, start), field: "chosen")
    let a = chosen.utf8Slice(sep, chosen.utf8.count)
    let b = rejected.utf8Slice(sep, rejected.utf8.count)
    let id = obj["id"]?.stringValue.map(RecordFields.cleanID) ?? RecordFields.stableID("hh", raw)
    var meta = RecordFields.rest(obj, except: ["chosen", "rejected", "id"]) ?? [:]
    if sep == start + DecodedText.assistant.count {
      meta["hh_separator"] = .string("\n\nAssistant:")
    }
    return [
      ChatTask(
        id: id, context: context,
        candidates: [
          Candidate(id: "a", messages: [Message(role: .assistant, content: a)]),
          Candidate(id: "b", messages: [Message(role: .assistant, content: b)]),
        ],
        prior: Prior(ranking: [["a"], ["b"]], source: "hh"), meta: meta)
    ]
  }

  // MARK: trl

  /// `prompt/chosen/rejected`: standard (strings), conversational (message lists), or implicit prompt.
  static func trl(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask] {
    guard let c = obj["chosen"], let r = obj["rejected"] else {
      throw ImportProblem(field: obj["chosen"] == nil ? "chosen" : "rejected", message: "missing")
    }
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID) ?? obj["prompt_id"]?.stringValue
      ?? RecordFields.stableID("trl", raw)
    var context: [Message]
    var a: [Message]
    var b: [Message]
    if case .string(let cs) = c, case .string(let rs) = r {
      guard let p = obj["prompt"]?.stringValue else {
        throw ImportProblem(
          field: "prompt", message: "expected a string with string chosen/rejected")
      }
      context = [Message(role: .user, content: p)]
      a = [Message(role: .assistant, content: cs)]
      b = [Message(role: .assistant, content: rs)]
    } else {
      let cm = try RecordFields.messages(c, field: "chosen")
      let rm = try RecordFields.messages(r, field: "rejected")
      if let p = obj["prompt"] {
        if let ps = p.stringValue {
          context = [Message(role: .user, content: ps)]
        } else {
          context = try RecordFields.messages(p, field: "prompt")
        }
        a = cm
        b = rm
      } else {
        let n = min(RecordFields.sharedPrefix(cm, rm), max(0, min(cm.count, rm.count) - 1))
        context = Array(cm.prefix(n))
        a = Array(cm.dropFirst(n))
        b = Array(rm.dropFirst(n))
      }
    }
    var prior = Prior(ranking: [["a"], ["b"]], source: "trl")
    if let sc = obj["score_chosen"]?.doubleValue, let sr = obj["score_rejected"]?.doubleValue {
      prior.ratings = ["a": ["score": sc], "b": ["score": sr]]
    }
    return [
      ChatTask(
        id: id, context: context,
        candidates: [Candidate(id: "a", messages: a), Candidate(id: "b", messages: b)],
        prior: prior,
        meta: RecordFields.rest(obj, except: ["prompt", "chosen", "rejected", "id", "prompt_id"]))
    ]
  }

  // MARK: ultrafeedback

  /// Instruction plus completions; per-aspect ratings and rationales become the prior.
  static func ultrafeedback(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem)
    -> [ChatTask]
  {
    guard let instruction = obj["instruction"]?.stringValue else {
      throw ImportProblem(field: "instruction", message: "expected a string")
    }
    guard let completions = obj["completions"]?.arrayValue else {
      throw ImportProblem(field: "completions", message: "expected an array")
    }
    var candidates: [Candidate] = []
    var ratings: [String: [String: Double]] = [:]
    var rationales: [String: [String: String]] = [:]
    for (i, comp) in completions.enumerated() {
      guard let o = comp.objectValue else {
        throw ImportProblem(field: "completions[\(i)]", message: "expected an object")
      }
      guard let response = o["response"]?.stringValue else {
        throw ImportProblem(field: "completions[\(i)].response", message: "expected a string")
      }
      let cid = "c\(i + 1)"
      candidates.append(
        Candidate(
          id: cid, messages: [Message(role: .assistant, content: response)],
          model: o["model"]?.stringValue,
          meta: RecordFields.rest(o, except: ["response", "model"])))
      var r: [String: Double] = [:]
      var why: [String: String] = [:]
      for (aspect, v) in o["annotations"]?.objectValue ?? [:] {
        if let score = v["Rating"]?.doubleValue { r[aspect] = score }
        if let text = v["Rationale"]?.stringValue { why[aspect] = text }
      }
      if let s = o["overall_score"]?.doubleValue { r["overall"] = s }
      if let s = o["fine-grained_score"]?.doubleValue { r["fine-grained"] = s }
      if !r.isEmpty { ratings[cid] = r }
      if !why.isEmpty { rationales[cid] = why }
    }
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID)
      ?? RecordFields.stableID("ultrafeedback", raw)
    return [
      ChatTask(
        id: id, context: [Message(role: .user, content: instruction)], candidates: candidates,
        prior: Prior(
          ratings: ratings.isEmpty ? nil : ratings,
          rationales: rationales.isEmpty ? nil : rationales, source: "ultrafeedback"),
        meta: RecordFields.rest(obj, except: ["instruction", "completions", "id"]))
    ]
  }

  // MARK: arena

  /// Chatbot Arena / MT-Bench judgments (`conversation_a/b`, `winner`), or the Kaggle form (`prompt`, `response_a/b`).
  static func arena(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem) -> [ChatTask] {
    var ca: [Message]
    var cb: [Message]
    if obj["conversation_a"] != nil {
      ca = try RecordFields.messages(obj["conversation_a"], field: "conversation_a")
      cb = try RecordFields.messages(obj["conversation_b"], field: "conversation_b")
    } else {
      func list(_ k: String) throws(ImportProblem) -> [String] {
        guard let s = obj[k]?.stringValue, let d = s.data(using: .utf8),
          let a = (try? FastJSON.parse(d))?.value.arrayValue?.map({ $0.stringValue })
        else { throw ImportProblem(field: k, message: "expected a JSON-encoded list of strings") }
        return a.map { $0 ?? "" }
      }
      let prompts = try list("prompt")
      let ra = try list("response_a")
      let rb = try list("response_b")
      ca = []
      cb = []
      for (i, p) in prompts.enumerated() {
        ca += [
          Message(role: .user, content: p),
          Message(role: .assistant, content: i < ra.count ? ra[i] : ""),
        ]
        cb += [
          Message(role: .user, content: p),
          Message(role: .assistant, content: i < rb.count ? rb[i] : ""),
        ]
      }
    }
    let n = min(RecordFields.sharedPrefix(ca, cb), max(0, min(ca.count, cb.count) - 1))
    var winner = obj["winner"]?.stringValue
    if winner == nil {
      if obj["winner_model_a"]?.doubleValue == 1 { winner = "model_a" }
      if obj["winner_model_b"]?.doubleValue == 1 { winner = "model_b" }
      if obj["winner_tie"]?.doubleValue == 1 { winner = "tie" }
    }
    var prior = Prior(source: "arena")
    switch winner {
    case "model_a": prior.ranking = [["a"], ["b"]]
    case "model_b": prior.ranking = [["b"], ["a"]]
    case "tie": prior.ranking = [["a", "b"]]
    case "tie (bothbad)":
      prior.ranking = [["a", "b"]]
      prior.noneAcceptable = true
    case nil: break
    case let w?:
      throw ImportProblem(
        field: "winner", message: "unknown winner \"\(w)\" (model_a, model_b, tie, tie (bothbad))")
    }
    let id =
      obj["question_id"].map {
        "arena-\(RecordFields.stableID("q", Data("\($0)".utf8)).suffix(8))-"
      }.map { $0 + RecordFields.stableID("j", raw).suffix(16) }
      ?? obj["id"].map { "arena-\($0.stringValue ?? RecordFields.stableID("x", raw))" }
      ?? RecordFields.stableID("arena", raw)
    return [
      ChatTask(
        id: RecordFields.cleanID(id), context: Array(ca.prefix(n)),
        candidates: [
          Candidate(id: "a", messages: Array(ca.dropFirst(n)), model: obj["model_a"]?.stringValue),
          Candidate(id: "b", messages: Array(cb.dropFirst(n)), model: obj["model_b"]?.stringValue),
        ], prior: prior,
        meta: RecordFields.rest(
          obj,
          except: [
            "conversation_a", "conversation_b", "prompt", "response_a", "response_b", "model_a",
            "model_b",
          ]))
    ]
  }

  // MARK: prompts

  /// A JSONL prompt record: `prompt`, `text`, `instruction` or `question`.
  static func promptRecord(_ obj: [String: JSONValue], _ raw: Data) throws(ImportProblem)
    -> [ChatTask]
  {
    guard
      let key = ["prompt", "text", "instruction", "question", "content"].first(where: {
        obj[$0]?.stringValue != nil
      }),
      let p = obj[key]?.stringValue
    else {
      throw ImportProblem(
        field: "prompt", message: "expected a string field prompt, text, instruction or question")
    }
    let id =
      obj["id"]?.stringValue.map(RecordFields.cleanID)
      ?? RecordFields.stableID("prompt", Data(p.utf8))
    return [
      ChatTask(
        id: id, context: [Message(role: .user, content: p)], candidates: [],
        meta: RecordFields.rest(obj, except: [key, "id"]))
    ]
  }
}
