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

  @Test func anErrorQuotingAHostileNameIsShownWithPlaceholders() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let r = try run(rubricBinary, ["stats", root.path + "/\u{1B}[2Jnowhere"])
    #expect(r.status != 0)
    #expect(!r.err.unicodeScalars.contains { $0.value == 0x1B })
    #expect(r.err.contains("^[[2Jnowhere"))
  }
}
