import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import TaskStore

/// The fast journal reader must give exactly what JSONDecoder gives, or leave the line to it.
@Suite struct FastRecordTests {
  @Test func fastAndFoundationReadEveryRandomRecordAlike() throws {
    var g = SystemRandomNumberGenerator()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var fast = 0
    for _ in 0..<3_000 {
      let r = RandomRecords.record(&g)
      let json = try encoder.encode(r)
      let expected = try JSONDecoder().decode(JournalRecord.self, from: json)
      if let got = FastRecord.decode(json) {
        fast += 1
        #expect(got == expected, "\(String(decoding: json, as: UTF8.self))")
      }
    }
    // Every record the workstation writes takes the fast way.
    #expect(fast == 3_000)
  }

  @Test func oddLinesGoToFoundationWhichDecides() throws {
    let lines = [
      #"{"annotation":{"active_ms":1.5,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{"q":{"rating":"5"}},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":-1,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","order_shown":[],"seed":0,"status":"draft","task_id":"t","updated":""},"v":1}"#,
      #"{"annotation":{"active_ms":1,"annotator":"a","answers":{},"candidate_answers":{},"created":"","form_version":"1","order_shown":[],"seed":0,"status":"done","task_id":"t","updated":""},"v":1}"#,
    ]
    for line in lines {
      let json = Data(line.utf8)
      #expect(FastRecord.decode(json) == nil, "\(line)")
      // Foundation decides; JournalLine gives its answer either way.
      let foundation = try? JSONDecoder().decode(JournalRecord.self, from: json)
      if case .snapshot(let r)? = JournalLine.decode(json, with: JSONDecoder()) {
        #expect(r == foundation)
      } else {
        #expect(foundation == nil)
      }
    }
  }

  /// The reader walks members one by one: nulls, keys it does not know and spacing
  /// come out as `JSONDecoder` reads them; a key written twice (`JSONDecoder` keeps
  /// the first, a tree the last), an escaped key or broken JSON go to `JSONDecoder`.
  @Test func membersReadOneByOneAgreeWithFoundation() throws {
    let base =
      #""active_ms":1,"annotator":"a","candidate_answers":{},"created":"","form_version":"1","order_shown":["c0"],"status":"draft","updated":"""#
    let taken = [
      #"{"annotation":{"#
        + base
        + #","answers":{"q":{"rating":null,"text":"x"}},"seed":18446744073709551615,"task_id":"t"},"v":1}"#,
      #"{"annotation":{"#
        + base
        + #","answers":{},"seed":0,"task_id":"t","extra":{"a":[1,2.5,{"b":null}],"c":"\u00e9"}},"v":1}"#,
      #" { "v" : 1 , "annotation" : { "# + base
        + #" , "answers" : { "q" : { "ranking" : { "tiers" : [ [ "c0" ] ] , "none_acceptable" : null } } } , "seed" : 7 , "task_id" : "t" } } "#,
      #"{"annotation":{"#
        + base
        + #","answers":{"q":{"text":"a"}},"seed":0,"task_id":"t","review":null,"withheld":null,"revealed":false},"v":1,"pos":null}"#,
      // Ranks read first decide; tiers after them are read past, whatever their type.
      #"{"annotation":{"# + base
        + #","answers":{"q":{"ranking":{"ranks":{"c0":2,"c1":1},"tiers":{"not":["a list"]}}}},"seed":0,"task_id":"t"},"v":1}"#,
    ]
    let left = [
      #"{"annotation":{"# + base + #","answers":{},"seed":0,"task_id":"t","task_id":"u"},"v":1}"#,
      #"{"annotation":{"# + base
        + #","answers":{"q":{"text":"a"},"q":{"choice":"b"}},"seed":0,"task_id":"t"},"v":1}"#,
      #"{"annotation":{"# + base
        + #","answers":{"q":{"ranking":{"ranks":{"c0":1,"c0":2}}}},"seed":0,"task_id":"t"},"v":1}"#,
      #"{"annotation":{"# + base + #","answers":{},"seed":0,"task\u005fid":"t"},"v":1}"#,
      #"{"annotation":{"# + base + #","answers":{},"seed":0,"task_id":"t",},"v":1}"#,
      #"{"annotation":{"# + base + #","answers":{},"seed":0 "task_id":"t"},"v":1}"#,
      #"{"annotation":{"# + base + #","answers":{},"seed":0,"task_id":"t"},"v":1} x"#,
      #"{"annotation":{"# + base + #","answers":{},"seed":01,"task_id":"t"},"v":1}"#,
    ]
    for line in taken {
      let json = Data(line.utf8)
      let fast = FastRecord.decode(json)
      #expect(fast != nil, "\(line)")
      #expect(fast == (try? JSONDecoder().decode(JournalRecord.self, from: json)), "\(line)")
    }
    for line in left {
      let json = Data(line.utf8)
      #expect(FastRecord.decode(json) == nil, "\(line)")
      let foundation = try? JSONDecoder().decode(JournalRecord.self, from: json)
      if case .snapshot(let r)? = JournalLine.decode(json, with: JSONDecoder()) {
        #expect(r == foundation, "\(line)")
      } else {
        #expect(foundation == nil, "\(line)")
      }
    }
  }
}
