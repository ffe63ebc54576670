import Foundation
import Testing

@testable import Codecs
@testable import Commands
@testable import TerminalKit

@Suite struct KeymapTests {
  @Test(arguments: Keymap.shipped) func shippedKeymapsLoad(_ name: String) throws {
    let map = try Keymap.load(name)
    #expect(map.lookup([.char("?")], in: [.global]) == .action(.help))
  }

  @Test func embeddedKeymapsMatchTheFiles() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    for name in Keymap.shipped {
      let file = try String(
        contentsOf: dir.appendingPathComponent("Keymaps/\(name).toml"), encoding: .utf8)
      #expect(
        EmbeddedKeymaps.text[name] == file,
        "Keymaps/\(name).toml changed: run scripts/embed-resources")
    }
  }

  @Test func badKeymapNamesTheLineAndTheProblem() {
    #expect(
      throws: LineError(
        file: "my.toml", line: 3, field: "global.x", message: "unknown action \"explode\"")
    ) {
      try Keymap.parse("[global]\nq = \"quit\"\nx = \"explode\"\n", file: "my.toml", name: "my")
    }
    #expect(
      throws: LineError(
        file: "my.toml", line: 2, field: "global.<Nope>", message: "unknown key \"<Nope>\"")
    ) {
      try Keymap.parse("[global]\n\"<Nope>\" = \"quit\"\n", file: "my.toml", name: "my")
    }
    #expect(
      throws: LineError(
        file: "my.toml", line: 1, field: "sidebar",
        message:
          "unknown context (expected one of: global, conversation, candidates, form, answers, editor, editor-normal, help, diff, prompt)"
      )
    ) {
      try Keymap.parse("[sidebar]\n", file: "my.toml", name: "my")
    }
  }

  @Test func aBlockIsBoundWhereASectionUsesItAndTheSectionsOwnLinesComeAfter() throws {
    let text = """
      [block.moves]
      j = "scroll-down"
      k = "scroll-up"
      x = "none"

      [conversation]
      x = "scroll-top"
      use = ["moves"]
      k = "next-turn"

      [help]
      use = "moves"
      """
    let map = try Keymap.parse(text, file: "b.toml", name: "b")
    #expect(map.lookup([.char("j")], in: [.conversation]) == .action(.scrollDown))
    #expect(map.lookup([.char("k")], in: [.conversation]) == .action(.nextTurn))
    // The block's "none" removed the x bound before the use line.
    #expect(map.lookup([.char("x")], in: [.conversation]) == .none)
    #expect(map.lookup([.char("k")], in: [.help]) == .action(.scrollUp))
    // A block binds nothing by itself.
    #expect(map.lookup([.char("j")], in: [.global, .form, .candidates]) == .none)
    // A user's file takes the shipped blocks by name.
    let user = try Keymap.parse(
      "[form]\nuse = [\"scroll\"]\n", file: "u.toml", over: Keymap.defaultMap(), name: "u")
    #expect(user.lookup([.char("G")], in: [.form]) == .action(.scrollBottom))
    #expect(user.lookup([.pageDown], in: [.form]) == .action(.pageDown))
  }

  @Test func aBadBlockNamesTheLineTheBlockAndTheSection() {
    #expect(
      throws: LineError(
        file: "b.toml", line: 2, field: "form.use", message: "no block \"moves\" (blocks: none)")
    ) {
      try Keymap.parse("[form]\nuse = [\"moves\"]\n", file: "b.toml", name: "b")
    }
    #expect(
      throws: LineError(
        file: "b.toml", line: 2, field: "block.moves.h",
        message:
          "\"hide-names\" does nothing in [conversation], which uses this block at line 4 (it works in: answers)"
      )
    ) {
      try Keymap.parse(
        "[block.moves]\nh = \"hide-names\"\n[conversation]\nuse = [\"moves\"]\n",
        file: "b.toml", name: "b")
    }
    #expect(
      throws: LineError(
        file: "b.toml", line: 2, field: "block.moves.h", message: "unknown action \"leap\"")
    ) {
      try Keymap.parse("[block.moves]\nh = \"leap\"\n", file: "b.toml", name: "b")
    }
    #expect(
      throws: LineError(
        file: "b.toml", line: 2, field: "help.use",
        message: "expected block names in quotes, as in use = [\"scroll\"]")
    ) {
      try Keymap.parse("[help]\nuse = 3\n", file: "b.toml", name: "b")
    }
  }

  @Test func userMapMergesOverTheDefault() throws {
    let base = Keymap.defaultMap()
    let map = try Keymap.parse(
      "[global]\nx = \"quit\"\nq = \"none\"\n", file: "u.toml", over: base, name: "u")
    #expect(map.lookup([.char("x")], in: [.global]) == .action(.quit))
    #expect(map.lookup([.char("q")], in: [.global]) == .none)
    #expect(map.lookup([.char("?")], in: [.global]) == .action(.help))
  }

  @Test func everyActionHasADescription() {
    for a in Action.allCases { #expect(!a.summary.isEmpty) }
  }
}

@Suite struct KeyTableTests {
  @Test func theReadmeKeyTableIsTheOneTheDeclarationsGive() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../README.md"),
      encoding: .utf8)
    let begin = try #require(readme.range(of: "<!-- keys:begin -->\n"))
    let end = try #require(readme.range(of: "<!-- keys:end -->"))
    let table = String(readme[begin.upperBound..<end.lowerBound])
    #expect(
      table == KeyTable.markdown(Keymap.defaultMap()),
      "README's key table is stale: run rubric keys --table")
  }
}
