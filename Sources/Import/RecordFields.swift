import Annotation
import Codecs
import Platform

/// What the record converters read from a record: stable ids, roles, messages, text fields.
enum RecordFields {
  /// A stable id from bytes: the same record always gets the same id.
  static func stableID(_ prefix: String, _ bytes: Data) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    // FNV-1a over 8-byte words, then the tail bytes: stable across runs and machines.
    bytes.withUnsafeBytes { raw in
      var i = 0
      while i + 8 <= raw.count {
        h ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        h = h &* 0x100_0000_01b3
        i += 8
      }
      while i < raw.count {
        h ^= UInt64(raw[i])
        h = h &* 0x100_0000_01b3
        i += 1
      }
    }
    let hex = String(h, radix: 16)
    return prefix + "-" + String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// Keeps a field-safe id (no control characters, at most 200 characters).
  static func cleanID(_ s: String) -> String {
    String(
      s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200).map(
        Character.init))
  }

  /// Normalises a speaker name to a role, keeping the original when it differs.
  static func role(_ from: String) -> (Role, String?)? {
    // The common spellings first, without lowercasing (an allocation per message).
    switch from {
    case "user": return (.user, nil)
    case "assistant": return (.assistant, nil)
    case "human": return (.user, from)
    case "gpt": return (.assistant, from)
    default: break
    }
    switch from.lowercased() {
    case "human", "user", "prompter": return (.user, from == "user" ? nil : from)
    case "gpt", "chatgpt", "bard", "bing", "assistant", "model", "bot":
      return (.assistant, from == "assistant" ? nil : from)
    case "system": return (.system, nil)
    case "tool", "function", "ipython": return (.tool, from == "tool" ? nil : from)
    default: return nil
    }
  }

  /// The messages of an OpenAI-style list (`[{role, content}]`), or an error naming the field.
  static func messages(_ value: JSONValue?, field: String) throws(ImportProblem) -> [Message] {
    guard let list = value?.arrayValue else {
      throw ImportProblem(field: field, message: "expected an array of messages")
    }
    var out: [Message] = []
    for (i, item) in list.enumerated() {
      guard let obj = item.objectValue else {
        throw ImportProblem(field: "\(field)[\(i)]", message: "expected an object")
      }
      // One pass over the members, no look-ups: `role` wins over `from`, `content` over `value`.
      var roleText: String?
      var fromText: String?
      var contentValue: JSONValue?
      var valueValue: JSONValue?
      var name: String?
      var meta: [String: JSONValue] = [:]
      for (k, v) in obj {
        switch k {
        case "role": roleText = v.stringValue
        case "from": fromText = v.stringValue
        case "content": contentValue = v
        case "value": valueValue = v
        case "name": name = v.stringValue
        default: meta[k] = v
        }
      }
      guard let roleName = roleText ?? fromText else {
        throw ImportProblem(field: "\(field)[\(i)].role", message: "missing")
      }
      guard let (role, original) = role(roleName) else {
        throw ImportProblem(field: "\(field)[\(i)].role", message: "unknown role \"\(roleName)\"")
      }
      let content = try text(contentValue ?? valueValue, field: "\(field)[\(i)].content")
      if let o = original { meta["orig_role"] = .string(o) }
      out.append(Message(role: role, content: content, name: name, meta: meta.isEmpty ? nil : meta))
    }
    return out
  }

  /// Message content: a string, or OpenAI content parts (their text joined).
  static func text(_ v: JSONValue?, field: @autoclosure () -> String) throws(ImportProblem)
    -> String
  {
    switch v {
    case .string(let s)?: return s
    case .null?: return ""
    case .array(let parts)?:
      return parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined(separator: "\n")
    case nil: throw ImportProblem(field: field(), message: "missing")
    default: throw ImportProblem(field: field(), message: "expected text")
    }
  }

  /// Everything in an object except the named keys, for `meta`.
  static func rest(_ obj: [String: JSONValue], except keys: [String]) -> [String: JSONValue]? {
    let r = obj.filter { !keys.contains($0.key) }
    return r.isEmpty ? nil : r
  }

  /// The longest common prefix of two message lists.
  static func sharedPrefix(_ a: [Message], _ b: [Message]) -> Int {
    var n = 0
    while n < a.count && n < b.count && a[n] == b[n] { n += 1 }
    return n
  }
}
