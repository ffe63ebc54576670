import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Export
@testable import Import
@testable import TaskStore

@Suite struct ExportFormatTests {
  /// A ranking store with one annotated comparison and one rewrite.
  func annotatedStore() throws -> URL {
    let t = ChatTask(
      id: "t1",
      context: [Message(role: .system, content: "sys"), Message(role: .user, content: "Q")],
      candidates: ["a", "b", "c"].map {
        Candidate(
          id: $0, messages: [Message(role: .assistant, content: "answer \($0)")], model: "m-\($0)")
      })
    let root = try makeStore(preset: "ranking", tasks: [t])
    let store = try Store.open(root, annotator: "ann")
    var a = Annotation(
      taskId: "t1", annotator: "ann", status: .submitted, orderShown: ["b", "a", "c"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["a"], ["b"], ["c"]]))
    a.candidateAnswers["overall"] = ["a": .rating(7), "b": .rating(4), "c": .rating(2)]
    a.candidateAnswers["flags"] = ["c": .labels(["hallucination"])]
    try store.save(a, pos: nil)
    var draft = Annotation(taskId: "t1", annotator: "other", status: .draft)
    draft.answers["rank"] = .ranking(Ranking(tiers: [["c"], ["a"]]))
    try Journal(url: root.appendingPathComponent("annotations/other.jsonl")).append(
      JournalRecord(annotation: draft))
    return root
  }

  @Test func dpoPairsWithMargins() throws {
    let root = try annotatedStore()
    let rows = try exportText(root, .dpo).map(json)
    #expect(rows.count == 3)
    #expect(
      rows.map { "\($0["chosen"]!)>\($0["rejected"]!)" } == [
        "answer a>answer b", "answer a>answer c", "answer b>answer c",
      ])
    #expect(rows.map { $0["margin"] as? Double } == [3, 5, 2])
    let adjacent = try exportText(root, .dpo) { $0.pairs = .adjacent }
    #expect(adjacent.count == 2)
    let conv = try json(try exportText(root, .dpo) { $0.conversational = true }[0])
    #expect((conv["prompt"] as? [[String: String]])?.map { $0["role"] } == ["system", "user"])
  }

  @Test func statusAndAnnotatorFilters() throws {
    let root = try annotatedStore()
    #expect(try exportText(root, .dpo) { $0.status = nil }.count == 4)
    #expect(try exportText(root, .dpo) { $0.status = .draft }.count == 1)
    #expect(try exportText(root, .dpo) { $0.annotators = ["nobody"] }.isEmpty)
  }

  @Test func ktoKeepsTopAndBottomTiers() throws {
    let rows = try exportText(try annotatedStore(), .kto).map(json)
    #expect(rows.map { "\($0["completion"]!)=\($0["label"]!)" } == ["answer a=1", "answer c=0"])
  }

  @Test func rewriteYieldsAnEditedOverOriginalPair() throws {
    let t = ChatTask(
      id: "r1", context: [Message(role: .user, content: "Greet")],
      candidates: [Candidate(id: "only", messages: [Message(role: .assistant, content: "hi")])])
    let root = try makeStore(preset: "rewrite", tasks: [t])
    let store = try Store.open(root, annotator: "ann")
    var a = Annotation(taskId: "r1", annotator: "ann", status: .submitted)
    a.candidateAnswers["overall"] = ["only": .rating(3)]
    a.candidateAnswers["rewrite"] = ["only": .text("Hello! How can I help?")]
    try store.save(a, pos: nil)
    let dpo = try json(try exportText(root, .dpo)[0])
    #expect(dpo["chosen"] as? String == "Hello! How can I help?")
    #expect(dpo["rejected"] as? String == "hi")
    let sft = try json(try exportText(root, .sft)[0])
    #expect((sft["messages"] as? [[String: String]])?.last?["content"] == "Hello! How can I help?")
  }

  @Test func sftRewardOpenAIAndCSV() throws {
    let root = try annotatedStore()
    let sft = try json(try exportText(root, .sft)[0])
    #expect(
      (sft["messages"] as? [[String: String]])?.map { $0["content"] } == ["sys", "Q", "answer a"])
    let reward = try json(try exportText(root, .reward)[0])
    #expect(reward["ranking"] as? [[String]] == [["a"], ["b"], ["c"]])
    let cands = try #require(reward["candidates"] as? [[String: Any]])
    #expect(cands.map { $0["id"] as? String } == ["b", "a", "c"])
    #expect(cands.map { $0["rating"] as? Int } == [4, 7, 2])
    let oai = try json(try exportText(root, .openaiPreference)[0])
    #expect(
      ((oai["input"] as? [String: Any])?["messages"] as? [[String: String]])?.map { $0["role"] }
        == ["system", "user"])
    #expect((oai["preferred_output"] as? [[String: String]])?.first?["content"] == "answer a")
    let csv = try exportText(root, .csv)
    #expect(
      csv[0]
        == "task_id,annotator,status,skip_reason,order_shown,ranking,none_acceptable,overall,flags,rationale,form_version,active_ms,updated"
    )
    #expect(
      csv[1].hasPrefix(
        "t1,ann,submitted,,b a c,a > b > c,false,a=7; b=4; c=2,c=hallucination,,1,0,"))
  }

  @Test func noneAcceptableFollowsThePolicy() throws {
    let t = ChatTask(
      id: "n1", context: [Message(role: .user, content: "Q")],
      candidates: ["a", "b"].map {
        Candidate(id: $0, messages: [Message(role: .assistant, content: $0)])
      })
    let root = try makeStore(preset: "ranking", tasks: [t])
    let store = try Store.open(root, annotator: "ann")
    var a = Annotation(taskId: "n1", annotator: "ann", status: .submitted)
    a.answers["rank"] = .ranking(Ranking(tiers: [["a"], ["b"]], noneAcceptable: true))
    try store.save(a, pos: nil)
    #expect(try exportText(root, .dpo).isEmpty)
    #expect(try exportText(root, .dpo) { $0.noneAcceptable = .keep }.count == 1)
    #expect(try exportText(root, .kto).map(json).allSatisfy { ($0["label"] as? Bool) == false })
  }

  @Test func csvCellsCannotRunAsFormulas() {
    #expect(CSVRow.quote("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(CSVRow.quote("plain") == "plain")
  }
}

