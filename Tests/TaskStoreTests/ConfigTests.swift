import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Reports
@testable import TaskStore

@Suite struct TOMLTests {
  @Test func parsesTablesArraysAndStrings() throws {
    let t = try TOMLParser.parse(
      """
      # comment
      title = "A \\"quoted\\" title"
      n = 1_000
      f = 1.5
      ok = true
      list = ["a", 'b',
        "c"]
      inline = { 1 = "one", x.y = 2 }
      text = \"\"\"
      two
      lines\"\"\"
      [[question]]
      id = "q1"
      [[question]]
      id = "q2"
      [table.sub]
      k = "v"
      """)
    #expect(t["title"]?.string == "A \"quoted\" title")
    #expect(t["n"]?.integer == 1000)
    #expect(t["ok"]?.bool == true)
    #expect(t["list"]?.array?.compactMap(\.string) == ["a", "b", "c"])
    #expect(t["inline"]?.table?["1"]?.string == "one")
    #expect(t["text"]?.string == "two\nlines")
    #expect(t["question"]?.array?.count == 2)
    #expect(t["question"]?.array?[1].table?["id"]?.line == 15)
    #expect(t["table"]?.table?["sub"]?.table?["k"]?.string == "v")
  }

  @Test func syntaxErrorsNameTheLine() {
    #expect(throws: TOMLError(line: 2, message: "\"bare\" is not a value (strings need quotes)")) {
      try TOMLParser.parse("a = 1\nb = bare\n")
    }
    #expect(throws: TOMLError(line: 2, message: "the key \"a\" is defined twice")) {
      try TOMLParser.parse("a = 1\na = 2\n")
    }
  }
}

@Suite struct FormConfigTests {
  @Test(arguments: Presets.names) func everyPresetDecodesAndValidates(_ name: String) throws {
    let text = try #require(Presets.text(name))
    let config = try StoreConfig.parse(text, file: "rubric.toml")
    #expect(config.form.preset == name)
    #expect(!config.form.questions.isEmpty)
    // An empty annotation of a fitting task is incomplete, with a message per missing answer.
    let n =
      ["pairwise": 2, "hh": 2, "ranking": 3, "rewrite": 1, "prompt-writing": 0, "triage": 0][name]
      ?? 2
    let task = ChatTask(
      id: "t", context: [Message(role: .user, content: "hi")],
      candidates: (0..<n).map {
        Candidate(id: "c\($0)", messages: [Message(role: .assistant, content: "x")])
      })
    let report = config.form.validate(Annotation(taskId: "t", annotator: "a"), task: task)
    #expect(!report.isComplete)
  }

  @Test func rankingPresetHasElevenFlags() throws {
    let config = try StoreConfig.parse(try #require(Presets.text("ranking")), file: "rubric.toml")
    guard case .labels(let options, let harm) = config.form.question("flags")?.kind else {
      Issue.record("no flags question")
      return
    }
    #expect(options.count == 11)
    #expect(harm.count == 5)
  }

  func error(_ text: String) -> String {
    do {
      _ = try StoreConfig.parse(text, file: "store/rubric.toml")
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test func scaleWithLowAboveHighNamesFileLineAndKey() {
    let e = error(
      """
      title = "x"
      [[question]]
      id = "q"
      kind = "rating"
      min = 7
      max = 1
      """)
    #expect(
      e == "store/rubric.toml:5: question.min: the scale's low end (7) is above its high end (1)")
  }

  @Test func eachKindsScopeRulesHoldThroughTheFormFile() throws {
    #expect(
      error("[[question]]\nid = \"r\"\nkind = \"ranking\"\nscope = \"candidate\"\n")
        == "store/rubric.toml:4: question.scope: a ranking covers all candidates: its scope is task"
    )
    #expect(
      error("[[question]]\nid = \"p\"\nkind = \"preference\"\nscope = \"candidate\"\n")
        == "store/rubric.toml:4: question.scope: a preference compares the two candidates: its scope is task"
    )
    let form = try StoreConfig.parse(
      "[[question]]\nid = \"w\"\nkind = \"rewrite\"\n[[question]]\nid = \"v\"\nkind = \"rewrite\"\nscope = \"task\"\n",
      file: "rubric.toml"
    ).form
    #expect(form.questions.map(\.scope) == [.candidate, .task])
    #expect(
      error("[[question]]\nid = \"c\"\nkind = \"labels\"\n")
        == "store/rubric.toml:1: question.options: a labels question needs options")
  }

  @Test func unknownKindIsNamed() {
    let e = error("[[question]]\nid = \"q\"\nkind = \"slider\"\n")
    #expect(e.hasPrefix("store/rubric.toml:3: question.kind: unknown kind \"slider\""))
  }

  @Test func duplicateIdIsNamed() {
    let e = error(
      "[[question]]\nid = \"q\"\nkind = \"text\"\n[[question]]\nid = \"q\"\nkind = \"text\"\n")
    #expect(e == "store/rubric.toml:5: question.id: duplicate id \"q\" (first used on line 2)")
  }

  @Test func unknownKeyAndBadConditionAreNamed() {
    #expect(
      error("[[question]]\nid = \"q\"\nkind = \"text\"\nmin_lenght = 3\n").hasPrefix(
        "store/rubric.toml:4: question.min_lenght: unknown key"))
    #expect(
      error("[[question]]\nid = \"q\"\nkind = \"text\"\nrequired_if = \"nope <= 3\"\n")
        == "store/rubric.toml:4: question.required_if: no question has the id \"nope\"")
  }
}

@Suite struct HostileConfigTests {
  @Test func deepNestingIsRefusedWithItsLineNotACrash() throws {
    let root = temporaryDirectory()
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    let url = root.appendingPathComponent("rubric.toml")
    let text =
      try String(contentsOf: url, encoding: .utf8) + "\nx = "
      + String(repeating: "[", count: 60_000) + "\n"
    try text.write(to: url, atomically: true, encoding: .utf8)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    #expect(throws: (any Error).self) { _ = try Store.loadConfig(root) }
    do {
      _ = try Store.loadConfig(root)
    } catch {
      #expect(
        "\(error)".contains(":\(line)") && "\(error)".contains("nested more than 100 deep"),
        "\(error)")
    }
    // Nesting within the limit still parses.
    let ok = try TOMLParser.parse(
      "x = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
    #expect(ok["x"] != nil)
  }

  @Test func anInlineTableOfManyKeysParsesWithEveryKey() throws {
    let keys = (0..<50_000).map { "k\($0) = \($0)" }.joined(separator: ", ")
    let t = try TOMLParser.parse("t = { \(keys) }")
    #expect(t["t"]?.table?.keys.count == 50_000)
    #expect(t["t"]?.table?["k49999"]?.integer == 49_999)
    #expect(throws: TOMLError.self) { _ = try TOMLParser.parse("t = { a = 1, a = 2 }") }
  }

  @Test func aByteThatIsNotUTF8IsNamedByLineAndColumn() throws {
    let root = temporaryDirectory()
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    let url = root.appendingPathComponent("rubric.toml")
    var data = try Data(contentsOf: url)
    if data.last != 0x0A { data.append(0x0A) }
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).count
    data.append(contentsOf: Array("# caf".utf8) + [0xE9] + [0x0A])
    try data.write(to: url)
    do {
      _ = try Store.loadConfig(root)
      Issue.record("a non-UTF-8 config loaded")
    } catch {
      #expect(
        "\(error)".contains("rubric.toml:\(lines): byte 0xE9 at column 6 is not UTF-8"), "\(error)")
    }
  }
}

@Suite struct LinkedTaskFileTests {
  @Test func aTaskFileThatIsALinkIsReportedByCheck() throws {
    let root = temporaryDirectory()
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    let outside = temporaryDirectory("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    let target = outside.appendingPathComponent("elsewhere.jsonl")
    try Data().write(to: target)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("tasks"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("tasks/batch.jsonl").path,
      withDestinationPath: target.path)
    let report = StoreCheck.run(root)
    #expect(
      report.problems.contains { $0.hasPrefix("tasks/batch.jsonl: a link to \(target.path)") },
      "\(report.problems)")
  }
}

@Suite struct GoldFormatTests {
  /// The triage example of docs/FORMAT.md: a choice and a task-level rating.
  @Test func theDocumentedGoldFieldsParseAndCheck() throws {
    let line =
      #"{"id":"gold-triage","form":"triage","context":[{"role":"user","content":"Cite."},{"role":"assistant","content":"Smith (2019)."}],"candidates":[],"gold":{"choices":{"error":"hallucination"},"ratings":{"severity":{"":3}},"tolerance":0,"explanation":"No such paper."}}"#
    let task = try TaskCodec.decode(Data(line.utf8), file: "t.jsonl", line: 1).task
    let gold = try #require(task.gold)
    #expect(
      gold.choices == ["error": "hallucination"] && gold.ratings == ["severity": ["": 3]]
        && gold.explanation == "No such paper.")
    let form = try StoreConfig.parse(try #require(Presets.text("triage")), file: "rubric.toml").form
    var a = Annotation(taskId: "gold-triage", annotator: "ann", status: .submitted)
    a.answers["error"] = .choice("hallucination")
    a.answers["severity"] = .rating(3)
    #expect(gold.check(a, form: form, order: []).isRight)
    a.answers["severity"] = .rating(2)
    #expect(!gold.check(a, form: form, order: []).isRight)
    let pair =
      #"{"id":"gold-same","context":[{"role":"user","content":"Hi"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"A"}]},{"id":"b","messages":[{"role":"assistant","content":"B"}]}],"gold":{"preference":""}}"#
    #expect(
      try TaskCodec.decode(Data(pair.utf8), file: "t.jsonl", line: 1).task.gold?.preference == "")
  }
}

@Suite struct UnanswerableTaskTests {
  @Test func oneCandidateUnderAPairwiseFormIsNamedByImportAndCheck() throws {
    let lines = [
      #"{"id":"one","context":[{"role":"user","content":"Hi"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"Hello"}]}]}"#,
      #"{"id":"two","context":[{"role":"user","content":"Hi"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"Hello"}]},{"id":"b","messages":[{"role":"assistant","content":"Hey"}]}]}"#,
    ]
    let (root, summary, tasks) = try importText(
      lines.joined(separator: "\n") + "\n", preset: "pairwise")
    #expect(tasks.count == 2)
    #expect(summary.warnings.count == 1)
    #expect(
      summary.warnings.first?.description.contains(
        "compares two candidates (question \"preference\"), and this task has 1") == true,
      "\(summary.warnings)")
    let report = StoreCheck.run(root)
    #expect(
      report.problems.contains {
        $0.hasSuffix(
          ":1: candidates: the form \"Pairwise preference\" compares two candidates (question \"preference\"), and this task has 1"
        )
      }, "\(report.problems)")
    let store = try Store.open(root, annotator: "ann", readOnly: true)
    store.indexNow()
    #expect(store.whyUnanswerable(try store.task(at: 1).task) == nil)
  }
}
