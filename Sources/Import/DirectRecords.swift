import Annotation
import Codecs
import Platform
import TaskStore

/// The two commonest record shapes, sharegpt and hh, read straight into canonical task
/// lines: no tree, no `String` for the text, no `ChatTask` to encode.
///
/// A record is taken only in its plain shape: sharegpt `{"conversations":
/// [{"from", "value"}…], "id"}` and hh `{"chosen", "rejected"}`, every value a
/// string, nothing else, no key twice, valid UTF-8, and nothing the general path
/// would report. Anything else (an extra member, a repair, an error) returns nil
/// and the record goes the general way, which gives the same line for every record
/// both can read: `DirectRecordsTests` holds the two to each other byte for byte.
/// Text already spelled as the writer would spell it (`FastJSON.readCanonicalString`)
/// is copied from the line as it is: a sharegpt value whole, an hh transcript in the
/// slices its markers cut, found without decoding (`WrittenText`). Other text is
/// decoded by `FastJSON.readStringBytes` and written by `JSONWriter`'s own escaper.
/// The hh logic is `HHMarkers`', shared with the general path.
struct DirectRecords: ~Copyable {
  /// A task written straight to the output: its id, and its shape for the form check.
  struct Written {
    var id: String
    /// The task with every text empty: what `FormFit.problem` looks at.
    var shape: ChatTask
  }

  /// sharegpt: the texts of the record being read that had to be decoded and escaped again.
  private var texts = JSONOutput(capacity: 1 << 16)
  /// hh: the two transcripts, decoded.
  private var chosen = JSONOutput(capacity: 1 << 16)
  private var rejected = JSONOutput(capacity: 1 << 16)
  /// How many hh records were read where they are, without decoding (the tests' view).
  private(set) var hhReadInPlace = 0

  /// Reads a record of the format's plain shape and appends its canonical line (no
  /// newline) to `out`; nil, with `out` as it was, for any other record.
  mutating func convert(_ format: ImportFormat, _ line: Data, into out: inout JSONOutput)
    -> Written?
  {
    let start = out.count
    let written = line.withUnsafeBytes { raw -> Written? in
      let bytes = raw.bindMemory(to: UInt8.self)
      switch format {
      case .sharegpt: return sharegpt(bytes, line, into: &out)
      case .hh: return hh(bytes, line, into: &out)
      default: return nil
      }
    }
    if written == nil { out.truncate(to: start) }
    return written
  }

  /// Any reason to leave a record to the general path.
  private static let other = FastJSON.SyntaxError(offset: 0, message: "not the plain shape")

  // MARK: sharegpt

  private struct Turn {
    var role: Role
    var original: String?
    /// Where the escaped text is, quotes included: in the line itself (written as
    /// the writer would), or in `texts`.
    var inLine: Bool
    var start: Int
    var end: Int
  }

  private mutating func sharegpt(
    _ bytes: UnsafeBufferPointer<UInt8>, _ line: Data, into out: inout JSONOutput
  ) -> Written? {
    texts.removeAll()
    var turns: [Turn] = []
    var id: String?
    var sawConversations = false
    var reader = FastJSON(reading: bytes)
    do {
      try reader.forEachMember { r, key throws(FastJSON.SyntaxError) in
        if key == "conversations" && !sawConversations {
          sawConversations = true
          try r.forEachElement { r throws(FastJSON.SyntaxError) in
            turns.append(try turn(&r, in: bytes))
          }
        } else if key == "id" && id == nil {
          id = try r.readString()
        } else {
          throw Self.other
        }
      }
      guard reader.atEnd(), !reader.repaired, sawConversations else { return nil }
    } catch {
      return nil
    }
    let taskID = id.map(RecordFields.cleanID) ?? RecordFields.stableID("sharegpt", line)
    guard !taskID.isEmpty else { return nil }
    // As `conversationTask`: a last assistant turn is the candidate.
    let answer = turns.last.map { $0.role == .assistant } ?? false
    let context = answer ? turns.dropLast() : turns[...]
    out.append("{\"id\":")
    JSONWriter.quote(taskID, into: &out)
    out.append(",\"context\":[")
    for (n, t) in context.enumerated() {
      if n > 0 { out.append(UInt8(ascii: ",")) }
      message(t, bytes, into: &out)
    }
    out.append("],\"candidates\":[")
    if answer, let last = turns.last {
      out.append("{\"id\":\"a\",\"messages\":[")
      message(last, bytes, into: &out)
      out.append("]}")
    }
    out.append("]}")
    let empty = { (t: Turn) in Message(role: t.role, content: "") }
    return Written(
      id: taskID,
      shape: ChatTask(
        id: taskID, context: context.map(empty),
        candidates: answer
          ? [Candidate(id: "a", messages: [Message(role: .assistant, content: "")])] : []))
  }

  /// One `{"from", "value"}` turn of a record read from `line`.
  private mutating func turn(_ r: inout FastJSON, in line: UnsafeBufferPointer<UInt8>)
    throws(FastJSON.SyntaxError) -> Turn
  {
    var from: String?
    var place: (inLine: Bool, start: Int, end: Int)?
    try r.forEachMember { r, key throws(FastJSON.SyntaxError) in
      if key == "from" && from == nil {
        from = try r.readString()
      } else if key == "value" && place == nil {
        // Text written as the writer would write it is used where it is; other
        // text is decoded and escaped into `texts`.
        if let written = r.readCanonicalString(), let a = written.baseAddress,
          let b = line.baseAddress
        {
          place = (true, a - b, a - b + written.count)
        } else {
          let start = texts.count
          try r.readStringBytes { JSONWriter.quote(bytes: $0, into: &texts) }
          place = (false, start, texts.count)
        }
      } else {
        throw Self.other
      }
    }
    guard let from, let place, let (role, original) = RecordFields.role(from) else {
      throw Self.other
    }
    return Turn(
      role: role, original: original, inLine: place.inLine, start: place.start, end: place.end)
  }

  /// `{"role":…,"content":…}` and the speaker's own name in `meta`, as `TaskJSON` writes a message.
  private func message(
    _ t: Turn, _ line: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput
  ) {
    out.append("{\"role\":\"")
    out.append(t.role.rawValue)
    out.append("\",\"content\":")
    if t.inLine {
      out.append(UnsafeBufferPointer(rebasing: line[t.start..<t.end]))
    } else {
      texts.withBytes { out.append(UnsafeBufferPointer(rebasing: $0[t.start..<t.end])) }
    }
    if let o = t.original {
      out.append(",\"meta\":{\"orig_role\":")
      JSONWriter.quote(o, into: &out)
      out.append(UInt8(ascii: "}"))
    }
    out.append(UInt8(ascii: "}"))
  }

  // MARK: hh

  private mutating func hh(
    _ bytes: UnsafeBufferPointer<UInt8>, _ line: Data, into out: inout JSONOutput
  ) -> Written? {
    chosen.removeAll()
    rejected.removeAll()
    // Transcripts spelled as the writer would spell them are worked on where they are
    // in the line (`WrittenText`), quotes dropped; when either is not, both are decoded.
    var chosenInLine: UnsafeBufferPointer<UInt8>?
    var rejectedInLine: UnsafeBufferPointer<UInt8>?
    var sawChosen = false
    var sawRejected = false
    // Decoding, in the usual order (chosen first) the line is written while `rejected`
    // is read, from its decoded text where it is; the record's check still follows,
    // and a record that fails it leaves `out` as it was (`convert` cuts it back).
    var writtenEarly: Written??
    var reader = FastJSON(reading: bytes)
    do {
      try reader.forEachMember { r, key throws(FastJSON.SyntaxError) in
        if key == "chosen" && !sawChosen {
          sawChosen = true
          if !sawRejected || rejectedInLine != nil, let text = r.readCanonicalString() {
            chosenInLine = text
          } else {
            try r.readStringBytes { chosen.append($0) }
            if let text = rejectedInLine.take() { try Self.decode(text, into: &rejected) }
          }
        } else if key == "rejected" && !sawRejected {
          sawRejected = true
          if !sawChosen || chosenInLine != nil, let text = r.readCanonicalString() {
            rejectedInLine = text
          } else if sawChosen {
            if let text = chosenInLine.take() { try Self.decode(text, into: &chosen) }
            try r.readStringBytes { rb in
              writtenEarly = .some(
                chosen.withBytes { cb in hhLine(DecodedText.self, cb, rb, line, into: &out) })
            }
          } else {
            try r.readStringBytes { rejected.append($0) }
          }
        } else {
          throw Self.other
        }
      }
      guard reader.atEnd(), !reader.repaired, sawChosen, sawRejected else { return nil }
    } catch {
      return nil
    }
    if let writtenEarly { return writtenEarly }
    if let cb = chosenInLine, let rb = rejectedInLine {
      let written = hhLine(WrittenText.self, Self.unquoted(cb), Self.unquoted(rb), line, into: &out)
      if written != nil { hhReadInPlace += 1 }
      return written
    }
    return chosen.withBytes { cb in
      rejected.withBytes { rb in hhLine(DecodedText.self, cb, rb, line, into: &out) }
    }
  }

  /// A string's bytes without its quotes.
  private static func unquoted(_ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: text[(text.startIndex + 1)..<(text.endIndex - 1)])
  }

  /// Decodes a string read as written (quotes included), when the other transcript had to be.
  private static func decode(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout JSONOutput)
    throws(FastJSON.SyntaxError)
  {
    var reader = FastJSON(reading: text)
    try reader.readStringBytes { buffer.append($0) }
  }

  /// The line of an hh record from its two transcripts, both in one spelling.
  private func hhLine<Spelling: HHSpelling>(
    _ spelling: Spelling.Type, _ cb: UnsafeBufferPointer<UInt8>, _ rb: UnsafeBufferPointer<UInt8>,
    _ line: Data, into out: inout JSONOutput
  ) -> Written? {
    typealias Markers = HHMarkers<Spelling>
    // The general path's errors, and its separator note, are left to it.
    guard let (start, sep) = Markers.promptCut(cb, rb), sep != start + Spelling.assistant.count,
      let turns = try? Markers.turns(UnsafeBufferPointer(rebasing: cb[0..<start]), field: "")
    else { return nil }
    let id = RecordFields.stableID("hh", line)
    out.append("{\"id\":")
    JSONWriter.quote(id, into: &out)
    out.append(",\"context\":[")
    for (n, t) in turns.enumerated() {
      if n > 0 { out.append(UInt8(ascii: ",")) }
      out.append("{\"role\":\"")
      out.append(t.role.rawValue)
      out.append("\",\"content\":")
      Spelling.writeQuoted(UnsafeBufferPointer(rebasing: cb[t.start..<t.end]), into: &out)
      out.append(UInt8(ascii: "}"))
    }
    out.append("],\"candidates\":[{\"id\":\"a\",\"messages\":[{\"role\":\"assistant\",\"content\":")
    Spelling.writeQuoted(UnsafeBufferPointer(rebasing: cb[sep...]), into: &out)
    out.append("}]},{\"id\":\"b\",\"messages\":[{\"role\":\"assistant\",\"content\":")
    Spelling.writeQuoted(UnsafeBufferPointer(rebasing: rb[sep...]), into: &out)
    out.append("}]}],\"prior\":{\"ranking\":[[\"a\"],[\"b\"]],\"source\":\"hh\"},\"meta\":{}}")
    let answer = { (c: String) in
      Candidate(id: c, messages: [Message(role: .assistant, content: "")])
    }
    return Written(
      id: id,
      shape: ChatTask(
        id: id, context: turns.map { Message(role: $0.role, content: "") },
        candidates: [answer("a"), answer("b")],
        prior: Prior(ranking: [["a"], ["b"]], source: "hh"), meta: [:]))
  }
}
