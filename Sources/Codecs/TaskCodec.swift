import Annotation
import Platform

/// A decoded task and whether its bytes had to be repaired to read it.
public struct DecodedTask: Sendable {
  public var task: ChatTask
  /// Invalid UTF-8 or lone surrogates were replaced with U+FFFD.
  public var repaired: Bool

  package init(task: ChatTask, repaired: Bool) {
    self.task = task
    self.repaired = repaired
  }
}

/// Reads and writes canonical task lines.
public enum TaskCodec {
  /// Decodes one canonical task line. Invalid UTF-8 and lone surrogate escapes
  /// are repaired (U+FFFD) and reported through `repaired`, never dropped.
  public static func decode(_ bytes: Data, file: String, line: Int) throws(LineError) -> DecodedTask
  {
    let parsed: (value: JSONValue, repaired: Bool)
    do {
      parsed = try FastJSON.parse(bytes)
    } catch {
      throw LineError(file: file, line: line, field: "", message: "not valid JSON (\(error))")
    }
    guard let obj = parsed.value.objectValue else {
      throw LineError(file: file, line: line, field: "", message: "expected a JSON object")
    }
    let task: ChatTask
    do {
      task = try TaskJSON.task(obj)
    } catch {
      throw LineError(file: file, line: line, field: error.field, message: error.message)
    }
    try validate(task, file: file, line: line)
    return DecodedTask(task: task, repaired: parsed.repaired)
  }

  /// Checks what the types cannot: ids present and distinct.
  package static func validate(_ task: ChatTask, file: String, line: Int) throws(LineError) {
    if task.id.isEmpty {
      throw LineError(file: file, line: line, field: "id", message: "must not be empty")
    }
    var seen = Set<String>()
    for (i, c) in task.candidates.enumerated() {
      if c.id.isEmpty {
        throw LineError(
          file: file, line: line, field: "candidates[\(i)].id", message: "must not be empty")
      }
      if !seen.insert(c.id).inserted {
        throw LineError(
          file: file, line: line, field: "candidates[\(i)].id",
          message: "duplicate candidate id \"\(c.id)\"")
      }
    }
  }

  /// Encodes a task as one canonical line (no trailing newline): `id` first.
  ///
  /// The id leads so the indexer can read it from the line's head without parsing the line.
  public static func encode(_ task: ChatTask) throws -> Data {
    Data(bytes(task))
  }

  /// The canonical line of a task as bytes (no trailing newline).
  package static func bytes(_ task: ChatTask) -> [UInt8] {
    var out = JSONOutput(capacity: encodedSizeEstimate(task))
    TaskJSON.write(task, into: &out)
    return out.bytes
  }

  /// Roughly the encoded size, so the output buffer is allocated once.
  static func encodedSizeEstimate(_ task: ChatTask) -> Int {
    var n = 256 + task.id.utf8.count
    for m in task.context { n += m.content.utf8.count + 48 }
    for c in task.candidates { for m in c.messages { n += m.content.utf8.count + 48 } }
    return n + n / 16
  }
}
