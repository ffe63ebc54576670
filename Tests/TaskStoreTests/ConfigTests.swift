import Testing

@testable import Annotation
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
    let n = ["pairwise": 2, "hh": 2, "ranking": 3, "rewrite": 1, "prompt-writing": 0, "triage": 0][name] ?? 2
    let task = Task(id: "t", context: [Message(role: .user, content: "hi")],
      candidates: (0..<n).map { Candidate(id: "c\($0)", messages: [Message(role: .assistant, content: "x")]) })
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
    #expect(e == "store/rubric.toml:5: question.min: the scale's low end (7) is above its high end (1)")
  }

  @Test func unknownKindIsNamed() {
    let e = error("[[question]]\nid = \"q\"\nkind = \"slider\"\n")
    #expect(e.hasPrefix("store/rubric.toml:3: question.kind: unknown kind \"slider\""))
  }

  @Test func duplicateIdIsNamed() {
    let e = error("[[question]]\nid = \"q\"\nkind = \"text\"\n[[question]]\nid = \"q\"\nkind = \"text\"\n")
    #expect(e == "store/rubric.toml:5: question.id: duplicate id \"q\" (first used on line 2)")
  }

  @Test func unknownKeyAndBadConditionAreNamed() {
    #expect(error("[[question]]\nid = \"q\"\nkind = \"text\"\nmin_lenght = 3\n").hasPrefix("store/rubric.toml:4: question.min_lenght: unknown key"))
    #expect(error("[[question]]\nid = \"q\"\nkind = \"text\"\nrequired_if = \"nope <= 3\"\n") == "store/rubric.toml:4: question.required_if: no question has the id \"nope\"")
  }
}
