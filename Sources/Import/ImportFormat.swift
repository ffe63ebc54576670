import Annotation
import Codecs
import Platform
import TaskStore

/// The formats `rubric import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
  case canonical, chat, openai, sharegpt, hh, oasst, ultrafeedback, arena, trl, prompts

  /// Guesses a file's format from its first record.
  public static func detect(_ url: URL) throws -> ImportFormat {
    try detectExplained(url, fileName: url.lastPathComponent, name: url.path).format
  }

  /// Guesses a format from the first record, and says why.
  ///
  /// Plain text is the `prompts` format only for a `.txt` file; a first line that
  /// is not JSON, or a JSON object with none of the fields Rubric knows, is an
  /// error naming the line and what was found, never a guess.
  static func detectExplained(
    _ url: URL, fileName: String, name: String, lineLimit: Int = InputLimits.standard.lineBytes
  ) throws -> (format: ImportFormat, why: String) {
    let reader = try LineReader(url: url, lineLimit: lineLimit)
    reader.skipsEmptyLines = true
    return try detectExplained(lines: reader, fileName: fileName, name: name)
  }

  /// Detects the format of a prepared input: from its file, or from the lines
  /// of a stream that were read ahead.
  static func detectExplained(
    _ input: PreparedInput, lineLimit: Int = InputLimits.standard.lineBytes
  ) throws -> (format: ImportFormat, why: String) {
    switch input.source {
    case .file(let url, _):
      return try detectExplained(
        url, fileName: input.fileName, name: input.name, lineLimit: lineLimit)
    case .stream(_, let head, let whole):
      return try detectExplained(
        lines: PreparedInput.lines(of: head, whole: whole, lineLimit: lineLimit),
        fileName: input.fileName, name: input.name)
    }
  }

  /// Detects the format from the first line of `lines` that is not blank.
  static func detectExplained<Lines: Sequence<(line: Int, bytes: Data)>>(
    lines: Lines, fileName: String, name: String
  ) throws -> (format: ImportFormat, why: String) {
    let isText =
      fileName.lowercased().hasSuffix(".txt") || fileName.lowercased().hasSuffix(".txt.gz")
      || fileName.lowercased().hasSuffix(".txt.zst")
    for (line, bytes) in lines {
      if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      guard let obj = (try? FastJSON.parse(bytes))?.value.objectValue else {
        if isText { return (.prompts, "\(fileName) is a .txt file: one prompt per line") }
        throw StoreError.invalid(
          "\(name):\(line): not a JSON object, so the format cannot be detected. Plain-text prompts (one per line) need a .txt file or --format prompts"
        )
      }
      let format = detect(obj)
      let keys = obj.keys.sorted()
      if format == .prompts
        && !["prompt", "text", "instruction", "question"].contains(where: { obj[$0] != nil })
      {
        throw StoreError.invalid(
          "\(name):\(line): the record has the fields \(keys.joined(separator: ", ")), which match no format Rubric reads (docs/FORMAT.md lists them); name one with --format"
        )
      }
      return (
        format,
        "line \(line) has the fields \(keys.map { "\"\($0)\"" }.joined(separator: ", ")): \(format.evidence)"
      )
    }
    return (.canonical, "the file has no records")
  }

  /// Which fields decide the format, as the detection reads them.
  var evidence: String {
    switch self {
    case .canonical:
      return "\"candidates\", or \"id\" with \"context\", is Rubric's own task format"
    case .chat:
      return "\"messages\" or \"conversation\" with \"candidates\" is a chat with candidate replies"
    case .sharegpt: return "\"conversations\" is ShareGPT"
    case .arena: return "\"conversation_a\" or \"response_a\" is Chatbot Arena"
    case .ultrafeedback: return "\"instruction\" with \"completions\" is UltraFeedback"
    case .oasst: return "\"message_tree_id\" or \"message_id\" is OpenAssistant"
    case .hh: return "\"chosen\"/\"rejected\" transcripts with \\n\\nHuman: are Anthropic HH-RLHF"
    case .trl: return "\"chosen\"/\"rejected\" is a TRL preference dataset"
    case .openai: return "\"messages\" is the OpenAI chat format"
    case .prompts:
      return
        "a \"prompt\", \"text\", \"instruction\" or \"question\" field is a prompt to write for"
    }
  }

  /// Guesses the format of one JSON record by its keys.
  public static func detect(_ o: [String: JSONValue]) -> ImportFormat {
    // A chat (OpenAI messages, or a "conversation") with candidate replies: the natural
    // shape of a preference record, before Rubric's own `context`.
    if o["candidates"] != nil, o["context"] == nil, o["messages"] != nil || o["conversation"] != nil
    {
      return .chat
    }
    if o["candidates"] != nil || (o["id"] != nil && o["context"] != nil) { return .canonical }
    if o["conversations"] != nil { return .sharegpt }
    if o["conversation_a"] != nil || o["response_a"] != nil { return .arena }
    if o["completions"] != nil && o["instruction"] != nil { return .ultrafeedback }
    if o["message_tree_id"] != nil || o["message_id"] != nil { return .oasst }
    if let c = o["chosen"], o["rejected"] != nil {
      if o["prompt"] == nil, let s = c.stringValue, s.contains("\n\nHuman:") { return .hh }
      return .trl
    }
    if o["messages"] != nil { return .openai }
    return .prompts
  }

  /// Converts every record of a file, reporting each task or error in order.
  ///
  /// Lines are split exactly as `rubric import` splits them (`LineBlockReader`,
  /// `forEachLine`), so what the fuzzer checks here is what an import reads.
  public func convert(
    _ url: URL, file: String, limits: InputLimits = .standard,
    _ sink: (Result<DecodedTask, LineError>) throws -> Void
  ) throws {
    if self == .oasst {
      try OASST.convert(url, file: file, sink)
      return
    }
    let reader = try LineBlockReader(url: url, blockSize: 1 << 20, lineLimit: limits.lineBytes)
    var lines = BlockLines()
    while let block = try reader.next() {
      var results: [Result<DecodedTask, LineError>] = []
      let before = lines.total
      let count = ImportFormat.forEachLine(of: block) { line, number in
        if line.count > limits.lineBytes {
          let e = ImportFormat.tooLong(
            line, line: before + number, file: file, limit: limits.lineBytes)
          results += e.map { [.failure($0)] } ?? []
          return
        }
        results += convertLine(line, line: before + number, file: file)
      }
      _ = lines.add(count)
      for r in results { try sink(r) }
    }
    for e in ImportFormat.oversizedErrors(
      reader, lines: lines, file: file, limit: limits.lineBytes)
    {
      try sink(.failure(e))
    }
  }

  /// Converts one line of a line-based format (every format but oasst).
  func convertLine(_ bytes: Data, line: Int, file: String) -> [Result<DecodedTask, LineError>] {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return [] }
    var out: [Result<DecodedTask, LineError>] = []
    let sink: (Result<DecodedTask, LineError>) -> Void = { out.append($0) }
    switch self {
    case .canonical:
      do {
        sink(.success(try TaskCodec.decode(bytes, file: file, line: line)))
      } catch {
        sink(.failure(error))
      }
    case .prompts where bytes.first != UInt8(ascii: "{"):
      let p = String(decoding: bytes, as: UTF8.self)
      let task = ChatTask(
        id: RecordFields.stableID("prompt", bytes), context: [Message(role: .user, content: p)],
        candidates: [])
      sink(
        .success(DecodedTask(task: task, repaired: String(validating: bytes, as: UTF8.self) == nil))
      )
    case .openai, .chat, .sharegpt, .hh, .ultrafeedback, .arena, .trl, .prompts, .oasst:
      guard let convert = recordConverter else {
        sink(
          .failure(
            LineError(
              file: file, line: line, field: "format",
              message: "\(rawValue) is read as a whole file, not line by line")))
        return out
      }
      jsonRecord(bytes, line: line, file: file, convert, sink)
    }
    return out
  }

  /// How one JSON record of this format becomes a task; nil for the formats read
  /// another way (Rubric's own, decoded as it is; OpenAssistant's trees, read whole).
  var recordConverter: RecordConverters.Convert? {
    switch self {
    case .openai: return RecordConverters.openai
    case .chat: return RecordConverters.chat
    case .sharegpt: return RecordConverters.sharegpt
    case .hh: return RecordConverters.hh
    case .ultrafeedback: return RecordConverters.ultrafeedback
    case .arena: return RecordConverters.arena
    case .trl: return RecordConverters.trl
    case .prompts: return RecordConverters.promptRecord
    case .canonical, .oasst: return nil
    }
  }

  /// Decodes one JSON object (repairing invalid UTF-8) and converts it.
  func jsonRecord(
    _ bytes: Data, line: Int, file: String, _ convert: RecordConverters.Convert,
    _ sink: (Result<DecodedTask, LineError>) -> Void
  ) {
    let o: [String: JSONValue]
    let repaired: Bool
    do {
      let parsed = try FastJSON.parse(bytes)
      guard let obj = parsed.value.objectValue else {
        sink(
          .failure(LineError(file: file, line: line, field: "", message: "expected a JSON object")))
        return
      }
      o = obj
      repaired = parsed.repaired
    } catch {
      sink(
        .failure(LineError(file: file, line: line, field: "", message: "not valid JSON (\(error))"))
      )
      return
    }
    do {
      for t in try convert(o, bytes) {
        try TaskCodec.validate(t, file: file, line: line)
        sink(.success(DecodedTask(task: t, repaired: repaired)))
      }
    } catch let p as ImportProblem {
      sink(.failure(LineError(file: file, line: line, field: p.field, message: p.message)))
    } catch let e as LineError {
      sink(.failure(e))
    } catch {
      sink(.failure(LineError(file: file, line: line, field: "", message: "\(error)")))
    }
  }
}
