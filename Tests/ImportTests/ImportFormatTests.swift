import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Export
@testable import Import
@testable import TaskStore

@Suite struct ImportFormatTests {
  @Test func detectsEachFormatFromItsFirstRecord() throws {
    let cases: [(String, ImportFormat)] = [
      (#"{"id":"x","context":[],"candidates":[]}"#, .canonical),
      (#"{"messages":[{"role":"user","content":"hi"}]}"#, .openai),
      (#"{"id":"1","conversations":[{"from":"human","value":"hi"}]}"#, .sharegpt),
      (
        #"{"chosen":"\n\nHuman: a\n\nAssistant: b","rejected":"\n\nHuman: a\n\nAssistant: c"}"#, .hh
      ),
      (#"{"message_id":"m","parent_id":null,"role":"prompter","text":"q"}"#, .oasst),
      (#"{"instruction":"q","completions":[]}"#, .ultrafeedback),
      (#"{"question_id":1,"conversation_a":[],"conversation_b":[],"winner":"tie"}"#, .arena),
      (#"{"prompt":"q","chosen":"a","rejected":"b"}"#, .trl),
      (#"{"prompt":"write a haiku"}"#, .prompts),
    ]
    for (line, expected) in cases {
      let obj = try JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8))
      #expect(ImportFormat.detect(obj) == expected, "\(line)")
    }
  }

  @Test func openaiLastAssistantIsTheCandidate() throws {
    let (_, s, tasks) = try importText(
      #"{"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello","weight":1}],"tools":[]}"#
        + "\n")
    #expect(s.imported == 1)
    let t = try #require(tasks.first)
    #expect(t.context.map(\.role) == [.system, .user])
    #expect(t.candidates[0].messages[0].content == "hello")
    #expect(t.candidates[0].messages[0].meta?["weight"] == .int(1))
    #expect(t.meta?["tools"] == .array([]))
  }

  @Test func sharegptSpeakersAreNormalisedWithTheOriginalKept() throws {
    let (_, _, tasks) = try importText(
      #"{"id":"sg1","conversations":[{"from":"system","value":"s"},{"from":"human","value":"q"},{"from":"chatgpt","value":"a"}]}"#
        + "\n")
    let t = try #require(tasks.first)
    #expect(t.id == "sg1")
    #expect(t.context.map(\.role) == [.system, .user])
    #expect(t.context[1].meta?["orig_role"] == .string("human"))
    #expect(t.candidates[0].messages[0].meta?["orig_role"] == .string("chatgpt"))
  }

  @Test func aMessageTakesRoleOverFromAndContentOverValueAndKeepsTheRest() throws {
    let (_, s, tasks) = try importText(
      #"{"messages":[{"role":"user","from":"gpt","content":"c","value":"v","name":"ann","lang":"en"},{"role":7,"from":"gpt","content":null,"value":"v","orig_role":"x"}]}"#
        + "\n")
    #expect(s.imported == 1)
    let t = try #require(tasks.first)
    let first = t.context[0]
    #expect(first.role == .user)
    #expect(first.content == "c")
    #expect(first.name == "ann")
    #expect(first.meta == ["lang": .string("en")])
    // A role that is not a string falls back to `from`; a null content is empty, not `value`;
    // the speaker's own name replaces an `orig_role` the record carried.
    let last = t.candidates[0].messages[0]
    #expect(last.role == .assistant)
    #expect(last.content == "")
    #expect(last.meta == ["orig_role": .string("gpt")])
  }

  @Test func hhSharedPrefixIsTheContextAndThePreferenceThePrior() throws {
    let line =
      #"{"chosen":"\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Joke?\n\nAssistant: Knock knock.","rejected":"\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Joke?\n\nAssistant: No."}"#
    let (root, _, tasks) = try importText(line + "\n")
    let t = try #require(tasks.first)
    #expect(t.context.map(\.content) == ["Hi", "Hello!", "Joke?"])
    #expect(t.candidates.map(\.text) == ["Knock knock.", "No."])
    #expect(t.prior?.ranking == [["a"], ["b"]])
    // Round trip: the prior exported as hh gives back the same record.
    let out = try exportText(root, .hh) { $0.fromPrior = true }
    #expect(try json(out[0]) as NSDictionary == (try json(line)) as NSDictionary)
  }

  @Test func oasstTreesBecomeComparisonsWithRanks() throws {
    let tree =
      #"{"message_tree_id":"r","tree_state":"ready_for_export","prompt":{"message_id":"r","parent_id":null,"role":"prompter","text":"Q?","replies":[{"message_id":"a1","parent_id":"r","role":"assistant","text":"A one","rank":1,"labels":{"spam":{"value":0.0,"count":3}},"replies":[]},{"message_id":"a2","parent_id":"r","role":"assistant","text":"A two","rank":0,"replies":[{"message_id":"p2","parent_id":"a2","role":"prompter","text":"More?","replies":[]}]}]}}"#
    let (root, s, tasks) = try importText(tree + "\n")
    #expect(s.imported == 1)
    let t = try #require(tasks.first)
    #expect(t.id == "oasst-r")
    #expect(t.prior?.ranking == [["a2"], ["a1"]])
    #expect(t.prior?.labels?["a1"]?["spam"] == 0)
    let out = try exportText(root, .oasst) { $0.fromPrior = true }
    let back = try json(out[0])
    let prompt = try #require(back["prompt"] as? [String: Any])
    let replies = try #require(prompt["replies"] as? [[String: Any]])
    #expect(replies.map { $0["message_id"] as? String } == ["a1", "a2"])
    #expect(replies.map { $0["rank"] as? Int } == [1, 0])
  }

  @Test func ultrafeedbackRatingsAndRationalesBecomeThePrior() throws {
    let line =
      #"{"source":"x","instruction":"Sum 2 and 2","models":["m1","m2"],"completions":[{"model":"m1","response":"4","annotations":{"helpfulness":{"Rating":"5","Rationale":"right"}},"overall_score":9},{"model":"m2","response":"5","annotations":{"helpfulness":{"Rating":"1","Rationale":"wrong"}},"overall_score":2}]}"#
    let (_, _, tasks) = try importText(line + "\n")
    let t = try #require(tasks.first)
    #expect(t.candidates.map(\.model) == ["m1", "m2"])
    #expect(t.prior?.ratings?["c1"]?["helpfulness"] == 5)
    #expect(t.prior?.ratings?["c2"]?["overall"] == 2)
    #expect(t.prior?.rationales?["c2"]?["helpfulness"] == "wrong")
    #expect(t.meta?["source"] == .string("x"))
  }

  @Test func arenaWinnersIncludingBothBad() throws {
    func conv(_ a: String) -> String {
      #"[{"role":"user","content":"Q"},{"role":"assistant","content":"\#(a)"}]"#
    }
    let lines = [
      #"{"question_id":81,"model_a":"x","model_b":"y","winner":"model_b","judge":"h1","conversation_a":\#(conv("A")),"conversation_b":\#(conv("B")),"turn":1}"#,
      #"{"question_id":82,"model_a":"x","model_b":"y","winner":"tie (bothbad)","judge":"h1","conversation_a":\#(conv("A")),"conversation_b":\#(conv("B")),"turn":1}"#,
      #"{"question_id":83,"model_a":"x","model_b":"y","winner":"maybe","conversation_a":\#(conv("A")),"conversation_b":\#(conv("B"))}"#,
    ]
    let (_, s, tasks) = try importText(lines.joined(separator: "\n") + "\n")
    #expect(s.imported == 2)
    #expect(
      s.errors.first?.description.hasSuffix(
        ":3: winner: unknown winner \"maybe\" (model_a, model_b, tie, tie (bothbad))") == true)
    #expect(tasks[0].prior?.ranking == [["b"], ["a"]])
    #expect(tasks[0].context.map(\.content) == ["Q"])
    #expect(tasks[1].prior?.noneAcceptable == true)
    #expect(tasks[1].candidates.map(\.model) == ["x", "y"])
  }

  @Test func trlStandardConversationalAndImplicit() throws {
    let lines = [
      #"{"prompt":"Q1","chosen":"good","rejected":"bad"}"#,
      #"{"prompt":[{"role":"user","content":"Q2"}],"chosen":[{"role":"assistant","content":"good"}],"rejected":[{"role":"assistant","content":"bad"}]}"#,
      #"{"chosen":[{"role":"user","content":"Q3"},{"role":"assistant","content":"good"}],"rejected":[{"role":"user","content":"Q3"},{"role":"assistant","content":"bad"}]}"#,
    ]
    let (root, s, tasks) = try importText(lines.joined(separator: "\n") + "\n")
    #expect(s.imported == 3)
    #expect(tasks.map { $0.context.map(\.content) } == [["Q1"], ["Q2"], ["Q3"]])
    for t in tasks { #expect(t.candidates.map(\.text) == ["good", "bad"]) }
    let out = try exportText(root, .dpo) { $0.fromPrior = true }
    #expect(out.count == 3)
    let first = try json(out[0])
    #expect(first["prompt"] as? String == "Q1")
    #expect(first["chosen"] as? String == "good")
  }

  @Test func promptsFromPlainTextAndJSONL() throws {
    let (_, s, tasks) = try importText("Write a haiku\n\nExplain DNS\n", format: .prompts)
    #expect(s.imported == 2)
    #expect(tasks.allSatisfy { $0.kind == .writing && $0.context.count == 1 })
    let (_, s2, _) = try importText(
      #"{"prompt":"a"}"# + "\n" + #"{"nope":1}"# + "\n", format: .prompts)
    #expect(s2.imported == 1)
    #expect(s2.skipped == 1)
  }

  @Test func badRecordsAreReportedAndGoodOnesKept() throws {
    let text =
      [
        #"{"messages":[{"role":"user","content":"ok"},{"role":"assistant","content":"fine"}]}"#,
        #"{"messages":[{"role":"wizard","content":"x"}]}"#,
        "{not json",
        #"{"messages":"nope"}"#,
      ].joined(separator: "\n") + "\n"
    let (_, s, _) = try importText(text, format: .openai)
    #expect(s.imported == 1)
    #expect(s.skipped == 3)
    #expect(
      s.errors.map {
        String($0.description.split(separator: ":", maxSplits: 1)[1]).replacingOccurrences(
          of: " (expected a key in quotes at byte 2)", with: "")
      } == [
        "2: messages[0].role: unknown role \"wizard\"", "3: not valid JSON",
        "4: messages: expected an array of messages",
      ])
  }

  @Test func reimportIsIdempotent() throws {
    let line = #"{"prompt":"Q","chosen":"a","rejected":"b"}"# + "\n"
    let (root, _, _) = try importText(line)
    let src = root.appendingPathComponent("again.jsonl")
    try line.write(to: src, atomically: true, encoding: .utf8)
    let again = try Importer.importFile(src, into: root)
    #expect(again.imported == 0)
    #expect(again.duplicates == 1)
  }
}

@Suite struct ChatShapeTests {
  @Test func messagesWithCandidatesImportWithIdsFromTheContent() throws {
    let lines = [
      #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Capital of France?"}],"candidates":["Paris.","It is Paris, a city on the Seine."]}"#,
      #"{"conversation":[{"role":"user","content":"2+2?"}],"candidates":[{"id":"m1","content":"4"},{"content":"Four."},{"messages":[{"role":"assistant","content":"4, of course."}]}]}"#,
    ]
    let text = lines.joined(separator: "\n") + "\n"
    let (_, summary, tasks) = try importText(text)
    #expect(summary.errors.isEmpty, "\(summary.errors)")
    #expect(tasks.count == 2)
    #expect(tasks[0].context.map(\.content) == ["Be brief.", "Capital of France?"])
    #expect(tasks[0].candidates.map(\.id) == ["a", "b"])
    #expect(tasks[0].candidates[1].text == "It is Paris, a city on the Seine.")
    #expect(tasks[0].id.hasPrefix("chat-"))
    #expect(tasks[1].candidates.map(\.id) == ["m1", "b", "c"])
    #expect(tasks[1].candidates[2].text == "4, of course.")
    // The same records give the same ids.
    let (_, _, again) = try importText(text)
    #expect(again.map(\.id) == tasks.map(\.id))
    #expect(ImportFormat.detect(["messages": .array([]), "candidates": .array([])]) == .chat)
    #expect(
      ImportFormat.detect(["id": .string("x"), "context": .array([]), "candidates": .array([])])
        == .canonical)
  }
}
