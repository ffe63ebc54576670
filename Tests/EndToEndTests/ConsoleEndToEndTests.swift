import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// The command-line tools never send a store's text to the terminal raw: a journal
/// name that arrived through sync with escape sequences is shown with placeholders.
@Suite struct ConsoleEndToEndTests {
  /// A store with two annotators' answers, one journal named with escape sequences.
  func hostileStore() throws -> (root: URL, name: String) {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask, pairTask2])
    let name = "ev\u{1B}]2;PWNED\u{07}\u{1B}[2J"
    for who in ["e2e", "bob"] {
      let store = try Store.open(root, annotator: who)
      for id in ["p1", "p2"] {
        var a = Annotation(taskId: id, annotator: who, status: .submitted, orderShown: ["x", "y"])
        a.answers["rank"] = .ranking(Ranking(tiers: [["x"], ["y"]]))
        a.answers["preference"] = .preference(PreferenceAnswer(winner: "x", strength: 1))
        try store.save(a, pos: nil)
      }
    }
    // bob's journal renamed as sync could bring it: the records name bob, the file another.
    let annotations = root.appendingPathComponent("annotations")
    try FileManager.default.moveItem(
      at: annotations.appendingPathComponent("bob.jsonl"),
      to: annotations.appendingPathComponent("\(name).jsonl"))
    return (root, name)
  }

  @Test(arguments: [["stats"], ["check"], ["agreement"], ["timesheet", "--annotator", "e2e"]])
  func noEscapeReachesTheTerminal(_ command: [String]) throws {
    let (root, _) = try hostileStore()
    let r = try run(rubricBinary, [command[0], root.path] + command.dropFirst())
    for stream in [r.out, r.err] {
      #expect(
        !stream.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
        "\(command[0]): \(stream.debugDescription)")
    }
    if command[0] == "stats" { #expect(r.out.contains("ev^[]2;PWNED^G^[[2J"), "\(r.out)") }
  }

  /// Dates every file of a store an hour back, so the team commands keep their results.
  func age(_ root: URL) throws {
    let old = Date().addingTimeInterval(-3600)
    for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
      try FileManager.default.setAttributes(
        [.modificationDate: old], ofItemAtPath: root.appendingPathComponent(path).path)
    }
  }

  @Test func aKeptResultPrintsWhatItsComputationPrintedThroughTheSanitiser() throws {
    let (root, _) = try hostileStore()
    try age(root)
    let results = root.appendingPathComponent(".rubric/results")
    for command in [["stats"], ["agreement"], ["agreement", "--json"], ["agreement", "--csv"]] {
      let args = [command[0], root.path] + command.dropFirst()
      let first = try run(rubricBinary, args)
      let kept = try run(rubricBinary, args)
      #expect(first.status == 0 && kept.status == 0, "\(command): \(first.err)")
      #expect(kept.out == first.out, "\(command)")
      #expect(!kept.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
    let kinds = try FileManager.default.contentsOfDirectory(atPath: results.path).sorted()
    #expect(kinds == ["agreement-csv", "agreement-json", "agreement-table", "stats"])
  }

  @Test func theReviewListAfterAnAnswerChangesIsTheListAFreshReadGives() throws {
    let root = try disagreeingStore()
    try age(root)
    let list = ["review", root.path, "--reviewer", "lead", "--list"]
    let before = try run(rubricBinary, list).out
    #expect(before.split(separator: "\n").count == 5)
    #expect(try run(rubricBinary, list).out == before)
    // Bob comes round to alice on t1: one disagreement fewer.
    var a = Annotation(
      taskId: "t1", annotator: "bob", status: .submitted, orderShown: ["y", "x"],
      activeMs: 1000, created: "2026-12-01T09:00:00Z", updated: "2026-12-02T09:00:00Z")
    a.answers["preference"] = .preference(PreferenceAnswer(winner: "x", strength: 1))
    try Journal(url: root.appendingPathComponent("annotations/bob.jsonl"), annotator: "bob")
      .append(JournalRecord(annotation: a))
    let after = try run(rubricBinary, list).out
    #expect(after.split(separator: "\n").count == 4 && !after.contains("t1 "))
    try FileManager.default.removeItem(at: root.appendingPathComponent(".rubric/results"))
    #expect(try run(rubricBinary, list).out == after)
  }

  @Test func anErrorQuotingAHostileNameIsShownWithPlaceholders() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let r = try run(rubricBinary, ["stats", root.path + "/\u{1B}[2Jnowhere"])
    #expect(r.status != 0)
    #expect(!r.err.unicodeScalars.contains { $0.value == 0x1B })
    #expect(r.err.contains("^[[2Jnowhere"))
  }
}
