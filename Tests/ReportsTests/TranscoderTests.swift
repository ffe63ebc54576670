import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Reports
@testable import TaskStore

/// A snapshot line written straight into the digest's binary form decodes to exactly
/// the annotation the journal's own reader gives, or is left to that reader.
@Suite struct TranscoderTests {
  /// The journal reader's annotation for a line's JSON, or nil when it takes none.
  func fullRead(_ json: [UInt8]) -> Annotation? {
    guard case .snapshot(let r)? = JournalLine.decode(Data(json), with: JSONDecoder()) else {
      return nil
    }
    return r.annotation
  }

  /// The transcoder's annotation, checked against the fields it says where they are.
  func transcoded(_ json: [UInt8], sourceLocation: SourceLocation = #_sourceLocation)
    -> Annotation?
  {
    var t = SnapshotTranscoder()
    var out: [UInt8] = [0xEE]
    let written = json.withUnsafeBufferPointer { t.transcode($0, into: &out) }
    guard let written else {
      #expect(
        out == [0xEE], "a line left alone leaves the output alone", sourceLocation: sourceLocation)
      return nil
    }
    return out.withUnsafeBytes { raw -> Annotation? in
      let entry = UnsafeRawBufferPointer(rebasing: raw[1...])
      guard let a = AnnotationBinary.decode(entry) else { return nil }
      #expect(written.taskId == a.taskId, sourceLocation: sourceLocation)
      #expect(
        String(decoding: raw[written.annotator], as: UTF8.self) == a.annotator,
        sourceLocation: sourceLocation)
      #expect(
        String(decoding: raw[written.updated], as: UTF8.self) == a.updated,
        sourceLocation: sourceLocation)
      let skimmed = AnnotationBinary.updated(in: entry).map {
        String(decoding: entry[$0], as: UTF8.self)
      }
      #expect(skimmed == a.updated, sourceLocation: sourceLocation)
      return a
    }
  }

  @Test func everyRandomRecordReadsAsTheJournalReaderReadsIt() throws {
    var g = SystemRandomNumberGenerator()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var taken = 0
    for _ in 0..<3_000 {
      let json = Array(try encoder.encode(RandomRecords.record(&g)))
      let expected = try #require(fullRead(json))
      if let got = transcoded(json) {
        taken += 1
        #expect(got == expected, "\(String(decoding: json, as: UTF8.self))")
      }
    }
    // Only keys outside ASCII (the random "é") and tier-only rankings are left to the reader.
    #expect(taken > 600, "\(taken) of 3000 transcoded")
  }

  static let base =
    #""active_ms":5,"annotator":"ann","created":"c","form_version":"1","order_shown":["b","a"],"seed":9,"status":"submitted","task_id":"t1","updated":"2026-12-06T10:00:00.000Z""#

  /// Lines the workstation and other writers produce, in any member order: each is
  /// transcoded, to the annotation the journal reader gives.
  @Test func theLinesWritersProduceAreTranscoded() throws {
    let many = (0..<200).map { "\"l\($0)\"" }.joined(separator: ",")
    let lines = [
      // The workstation's own line: sorted keys, a sequence number after the annotation.
      #"{"annotation":{"# + Self.base
        + #","answers":{"rank":{"ranking":{"none_acceptable":false,"ranks":{"a":1,"b":2},"tiers":[["a"],["b"]]}}},"candidate_answers":{"overall":{"a":{"rating":7},"b":{"rating":6}}}},"v":1,"n":41}"#,
      // Members in another order; none_acceptable after the ranks; tiers of another shape.
      #"{"v":1,"pos":{"file":"tasks/x.jsonl","offset":10,"length":20},"annotation":{"answers":{"rank":{"ranking":{"tiers":{"odd":1},"ranks":{"b":1,"a":1},"none_acceptable":true}}},"#
        + Self.base
        + #","candidate_answers":{},"skip_reason":null,"revealed":true}}"#,
      // Escapes in text, unknown members of every kind, nulls beside an answer.
      #"{"annotation":{"# + Self.base
        + #","answers":{"why":{"text":"line\none \u00e9 \ud83d\udc4d \"q\"","rating":null,"extra":[1,2.5e3,{"x":null}]},"pick":{"choice":"b"},"turn":{"turn":3},"pref":{"preference":{"winner":null,"strength":2}}},"candidate_answers":{"flags":{"a":{"labels":["x","y"]}}},"future":{"k":[true,false]}},"v":1}"#,
      // Counts past one byte (LEB128 of 200 is two bytes).
      #"{"annotation":{"active_ms":5,"annotator":"ann","created":"c","form_version":"1","order_shown":["#
        + many
        + #"],"seed":9,"status":"draft","task_id":"t1","updated":"u","answers":{"flags":{"labels":["#
        + many + #"]}},"candidate_answers":{}},"v":1}"#,
      // A skipped task, withheld, reviewed.
      #"{"annotation":{"active_ms":5,"annotator":"ann","created":"c","form_version":"1","order_shown":[],"seed":9,"status":"skipped","skip_reason":"unsure","task_id":"t1","updated":"u","answers":{},"candidate_answers":{},"withheld":{"reason":"held_back","category":"violence","day":"2026-12-01"},"review":{"decision":"accepted","settles":[{"annotator":"bob","updated":"x"}],"rule":"r","quick":false,"note":"n"}},"v":1}"#,
    ]
    for line in lines {
      let json = Array(line.utf8)
      let expected = try #require(fullRead(json), "\(line)")
      let got = transcoded(json)
      #expect(got != nil, "\(line)")
      #expect(got == expected, "\(line)")
    }
  }

  /// What the transcoder does not read exactly is left to the journal reader, whose
  /// answer (an annotation or none) stands.
  @Test func linesItCannotReadExactlyAreLeftToTheJournalReader() throws {
    func line(_ answers: String, _ rest: String = "") -> String {
      #"{"annotation":{"# + Self.base + #","answers":"# + answers + #","candidate_answers":{}"#
        + rest + "},\"v\":1}"
    }
    let wide = (0..<65).map { "\"c\($0)\":\($0)" }.joined(separator: ",")
    let left = [
      line(#"{"q":{"text":"a","rating":3}}"#),  // two kinds: the reader picks by its order
      line(#"{"q":{"ranking":{"tiers":[["a"],["b"]]}}}"#),  // tiers alone
      line(#"{"é":{"rating":3}}"#),  // a key outside ASCII
      line(#"{"q":{"rating":3},"q":{"rating":4}}"#),  // a key written twice
      line(#"{"q":{"ranking":{"ranks":{"a":1,"a":2}}}}"#),
      line(#"{"q\u0020":{"rating":3}}"#),  // an escaped key
      line(#"{"q":{"ranking":{"ranks":{"# + wide + "}}}}"),  // more keys than are checked
      line(#"{"q":{"text":"\ud800"}}"#),  // a lone surrogate: repaired text
      line(#"{"q":{"rating":1.5}}"#),  // not an integer
      line(#"{}"#, #","status":"done""#),
      line(#"{}"#, #","task_id":"again""#),
      line(#"{"q":{}}"#),
      #"{"annotation":{"# + Self.base + #","answers":{}},"v":1}"#,  // no candidate_answers
      #"{"annotation":{"# + Self.base + #","answers":{},"candidate_answers":{}}}"#,  // no v
      line(#"{}"#) + " x",
      #"{"e":[0,0,"x",0,0,"q"]}"#,
    ]
    for text in left {
      #expect(transcoded(Array(text.utf8)) == nil, "\(text)")
    }
    // Bytes that are not UTF-8 in a text: left, and the reader refuses the line too.
    var json = Array(line(#"{"q":{"text":"a?b"}}"#).utf8)
    let mark = try #require(json.firstIndex(of: UInt8(ascii: "?")))
    json[mark] = 0xFF
    #expect(transcoded(json) == nil)
    #expect(fullRead(json) == nil)
  }
}
