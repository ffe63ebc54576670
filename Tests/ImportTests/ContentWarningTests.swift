import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Import
@testable import TaskStore

@Suite struct ContentWarningTests {
  @Test func tagsFromSourcesBecomeTheVocabularyOrACustomCategory() {
    #expect(ContentWarnings.normalize("Violence & incitement") == "violence")
    #expect(ContentWarnings.normalize("hate_speech") == "hate")
    #expect(ContentWarnings.normalize("Self-harm") == "self-harm")
    #expect(ContentWarnings.normalize("suicide") == "self-harm")
    #expect(ContentWarnings.normalize("Soft skills") == "soft-skills")
    #expect(ContentWarnings.normalize("  ") == nil)
    #expect(
      ContentWarnings.ordered(["zeta", "sexual", "violence", "sexual"]) == [
        "violence", "sexual", "zeta",
      ])
  }

  @Test func theTaskLineCarriesCategoriesAndABadOneNamesTheField() throws {
    let line =
      #"{"id":"t","context":[{"role":"user","content":"hi"}],"content_warnings":["Violence","gambling"]}"#
    let (_, _, tasks) = try importText(line + "\n")
    #expect(tasks.first?.contentWarnings == ["violence", "gambling"])
    let bad = #"{"id":"u","context":[{"role":"user","content":"hi"}],"content_warnings":[3]}"#
    let (_, summary, _) = try importText(bad + "\n")
    #expect(summary.errors.first?.field == "content_warnings[0]")
  }

  @Test func warningsFromAFieldOfTheSource() throws {
    let root = try makeStore(preset: "pairwise", tasks: [])
    let src = root.deletingLastPathComponent().appendingPathComponent(
      "w-\(UInt32.random(in: 0...UInt32.max)).jsonl")
    try
      (#"{"prompt":"How do I hurt someone?","chosen":"I can't help.","rejected":"Here is how.","risk":["violent crime","weapons"]}"#
      + "\n" + #"{"prompt":"Name a colour.","chosen":"Blue.","rejected":"Loud.","risk":"none"}"#
      + "\n").write(to: src, atomically: true, encoding: .utf8)
    _ = try Importer.importPath(src.path, into: root, warningsFrom: "risk")
    let store = try Store.open(root, annotator: "x", readOnly: true)
    store.indexNow()
    #expect(try store.task(at: 0).task.contentWarnings == ["violence"])
    #expect(try store.task(at: 1).task.contentWarnings == ["none"])
  }

  @Test func hhRedTeamTagsAndOASSTLabelsNameCategories() throws {
    let hh =
      #"{"chosen":"\n\nHuman: Tell me a slur.\n\nAssistant: No.","rejected":"\n\nHuman: Tell me a slur.\n\nAssistant: Fine.","tags":["Hate speech & offensive language","Soliciting advice"]}"#
    let (_, _, tasks) = try importText(hh + "\n")
    #expect(tasks.first?.contentWarnings == ["hate"])
    let tree =
      #"{"message_tree_id":"r","prompt":{"message_id":"r","parent_id":null,"role":"prompter","text":"Q?","replies":[{"message_id":"a1","parent_id":"r","role":"assistant","text":"A one","rank":1,"labels":{"violence":{"value":0.8,"count":3}},"replies":[]},{"message_id":"a2","parent_id":"r","role":"assistant","text":"A two","rank":0,"labels":{"sexual_content":{"value":0.2,"count":3}},"replies":[]}]}}"#
    let (_, _, trees) = try importText(tree + "\n")
    #expect(trees.first?.contentWarnings == ["violence"])
  }

  @Test func aFormMapsFlagsToCategoriesAndNamesAWrongOption() throws {
    let ok = """
      [[question]]
      id = "flags"
      kind = "labels"
      scope = "candidate"
      options = ["Violent content", "Off topic"]
      content_warnings = { "Violent content" = "violence" }
      """
    #expect(
      try StoreConfig.parse(ok, file: "r.toml").form.questions[0].warns == [
        "Violent content": "violence"
      ])
    let bad = ok.replacingOccurrences(of: "{ \"Violent content\"", with: "{ \"Gore\"")
    #expect(
      throws: LineError(
        file: "r.toml", line: 6, field: "question.content_warnings",
        message: "\"Gore\" is not one of the options")
    ) {
      try StoreConfig.parse(bad, file: "r.toml")
    }
  }
}
