import Annotation
import Foundation

/// A task line that could not be read: which field, and what is wrong.
public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var field: String
  public var message: String

  public init(file: String, line: Int, field: String, message: String) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }

  public var description: String {
    field.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(field): \(message)"
  }
}

/// A decoded task and whether its bytes had to be repaired to read it.
public struct DecodedTask: Sendable {
  public var task: Task
  /// Invalid UTF-8 or lone surrogates were replaced with U+FFFD.
  public var repaired: Bool
}

/// Reads and writes canonical task lines.
public enum TaskCodec {
  /// Decodes one canonical task line. Invalid UTF-8 and lone surrogate escapes
  /// are repaired (U+FFFD) and reported through `repaired`, never dropped.
  public static func decode(_ bytes: Data, file: String, line: Int) throws(LineError) -> DecodedTask {
    let parsed: (value: JSONValue, repaired: Bool)
    do {
      parsed = try FastJSON.parse(bytes)
    } catch {
      throw LineError(file: file, line: line, field: "", message: "not valid JSON (\(error))")
    }
    guard let obj = parsed.value.objectValue else {
      throw LineError(file: file, line: line, field: "", message: "expected a JSON object")
    }
    let task: Task
    do {
      task = try TaskJSON.task(obj)
    } catch {
      throw LineError(file: file, line: line, field: error.field, message: error.message)
    }
    try validate(task, file: file, line: line)
    return DecodedTask(task: task, repaired: parsed.repaired)
  }

  /// Checks what the types cannot: ids present and distinct.
  static func validate(_ task: Task, file: String, line: Int) throws(LineError) {
    if task.id.isEmpty { throw LineError(file: file, line: line, field: "id", message: "must not be empty") }
    var seen = Set<String>()
    for (i, c) in task.candidates.enumerated() {
      if c.id.isEmpty {
        throw LineError(file: file, line: line, field: "candidates[\(i)].id", message: "must not be empty")
      }
      if !seen.insert(c.id).inserted {
        throw LineError(file: file, line: line, field: "candidates[\(i)].id", message: "duplicate candidate id \"\(c.id)\"")
      }
    }
  }

  /// Replaces `\uD800`–`\uDFFF` escapes that are not part of a valid pair with `\uFFFD`.
  static func repairSurrogates(_ s: String) -> String {
    guard s.contains("\\u") else { return s }
    var out = ""
    var chars = Array(s.unicodeScalars)
    var i = 0
    func hexAt(_ j: Int) -> UInt32? {
      guard j + 6 <= chars.count, chars[j] == "\\", chars[j + 1] == "u" || chars[j + 1] == "U" else { return nil }
      return UInt32(String(String.UnicodeScalarView(chars[j + 2..<j + 6])), radix: 16)
    }
    while i < chars.count {
      if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\\" {
        out.unicodeScalars.append(chars[i])
        out.unicodeScalars.append(chars[i + 1])
        i += 2
        continue
      }
      if let v = hexAt(i), (0xD800...0xDFFF).contains(v) {
        if (0xD800...0xDBFF).contains(v), let w = hexAt(i + 6), (0xDC00...0xDFFF).contains(w) {
          out += String(String.UnicodeScalarView(chars[i..<i + 12]))
          i += 12
        } else {
          out += "\\uFFFD"
          i += 6
        }
        continue
      }
      out.unicodeScalars.append(chars[i])
      i += 1
    }
    chars = []
    return out
  }

  /// Turns a decoding error into `field: what is wrong`.
  public static func describe(_ error: Error, file: String, line: Int) -> LineError {
    func path(_ keys: [CodingKey]) -> String {
      var s = ""
      for k in keys {
        if let i = k.intValue {
          s += "[\(i)]"
        } else {
          s += s.isEmpty ? k.stringValue : "." + k.stringValue
        }
      }
      return s
    }
    guard let e = error as? DecodingError else {
      return LineError(file: file, line: line, field: "", message: "\(error)")
    }
    switch e {
    case .keyNotFound(let key, let ctx):
      let p = path(ctx.codingPath + [key])
      return LineError(file: file, line: line, field: p, message: "missing")
    case .typeMismatch(let type, let ctx):
      return LineError(file: file, line: line, field: path(ctx.codingPath), message: "expected \(typeName(type))")
    case .valueNotFound(let type, let ctx):
      return LineError(file: file, line: line, field: path(ctx.codingPath), message: "expected \(typeName(type)), found null")
    case .dataCorrupted(let ctx):
      let p = path(ctx.codingPath)
      if p.hasSuffix("role") || ctx.debugDescription.contains("Role") {
        return LineError(
          file: file, line: line, field: p, message: "unknown role (expected system, user, assistant or tool)")
      }
      if ctx.codingPath.isEmpty {
        let detail = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return LineError(file: file, line: line, field: "", message: "not valid JSON" + (detail.map { " (\($0))" } ?? ""))
      }
      return LineError(file: file, line: line, field: p, message: ctx.debugDescription)
    @unknown default:
      return LineError(file: file, line: line, field: "", message: "\(e)")
    }
  }

  static func typeName(_ t: Any.Type) -> String {
    switch t {
    case is String.Type: return "a string"
    case is Int.Type, is Int64.Type, is Double.Type: return "a number"
    case is Bool.Type: return "true or false"
    default:
      let n = "\(t)"
      if n.hasPrefix("Array") { return "an array" }
      if n.hasPrefix("Dictionary") { return "an object" }
      return "a " + n.lowercased()
    }
  }

  /// Encodes a task as one canonical line (no trailing newline): `id` first.
  ///
  /// The id leads so the indexer can read it from the line's head without parsing the line.
  public static func encode(_ task: Task) throws -> Data {
    Data(JSONWriter.bytes(TaskJSON.value(task)))
  }
}
