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
}
