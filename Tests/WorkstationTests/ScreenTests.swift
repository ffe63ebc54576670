import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import TaskStore
@testable import TerminalKit
@testable import TextKit
@testable import Worksheet
@testable import Workstation

@Suite struct ScreenTests {
  static let presets: [(String, String)] = [
    ("pairwise", "sample-01-code"), ("ranking", "sample-07-batteries"),
    ("hh", "sample-09-hh-neighbour"),
    ("rewrite", "sample-11-rewrite-email"), ("prompt-writing", "sample-14-prompt-math"),
    ("triage", "sample-16-triage-citation"),
  ]

  @Test(arguments: presets) func everyPresetAt120x40(_ preset: String, _ task: String) throws {
    let h = try Harness(task: task)
    try expectGolden(h.render(120, 40), "\(preset)-120x40")
  }

  @Test(arguments: [(80, 24), (200, 60)]) func pairwiseAtOtherSizes(_ w: Int, _ hgt: Int) throws {
    let h = try Harness(task: "sample-01-code")
    h.press("1")
    try expectGolden(h.render(w, hgt), "pairwise-\(w)x\(hgt)")
  }

  @Test(arguments: [(80, 24), (120, 40), (200, 60)]) func hostileText(_ w: Int, _ hgt: Int) throws {
    let h = try Harness(task: "sample-05-hostile")
    h.focus(candidate: "b")
    let grid = h.render(w, hgt)
    try expectGolden(grid, "hostile-\(w)x\(hgt)")
    for cell in grid.cells {
      for s in cell.text.unicodeScalars {
        #expect(
          Sanitizer.placeholder(for: s) == nil || s == "\n",
          "unsafe scalar U+\(String(s.value, radix: 16)) on screen")
      }
    }
  }

  @Test func hostileTextShowsPlaceholdersAndABadge() throws {
    let h = try Harness(task: "sample-05-hostile")
    h.focus(candidate: "b")
    let text = h.render(200, 60).text
    #expect(text.contains("^[]0;pwned^G"))
    #expect(text.contains("Status: FAILED^MStatus: OK"))
    #expect(text.contains("<RLO>ninmda<PDF>"))
    #expect(text.contains("<U+009B>31m"))
    #expect(text.contains("hidden/control chars shown as placeholders"))
  }

  @Test func helpOverlayListsEveryBinding() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("?")
    try expectGolden(h.render(120, 40), "help-120x40")
    // Narrow, it wraps instead of cutting off, and no key is shown as <lt>.
    try expectGolden(h.render(60, 16), "help-60x16")
    #expect(
      !Overlays.helpLines(h.session.keymap, width: 56).contains {
        $0.spans.plainText.contains("<lt>")
      })
    #expect(
      Overlays.helpLines(h.session.keymap, width: 56).allSatisfy {
        DisplayWidth.of($0.spans.plainText) <= 56
      })
    let all = Overlays.helpLines(h.session.keymap).map { $0.spans.plainText }.joined(
      separator: "\n")
    for (context, bindings) in h.session.keymap.bindings {
      for b in bindings {
        let shown = Key.name(of: b.keys).replacingOccurrences(of: "<lt>", with: "<")
        #expect(all.contains(shown), "\(context) \(shown) missing from help")
        #expect(all.contains(b.action.family?.summary ?? b.action.summary))
      }
    }
  }

  @Test func tooSmallScreen() throws {
    let h = try Harness(task: "sample-01-code")
    try expectGolden(h.render(50, 12), "too-small-50x12")
    #expect(Screen.Layout.of(width: 59, height: 30) == .tooSmall)
    #expect(Screen.Layout.of(width: 99, height: 30) == .narrow)
    #expect(Screen.Layout.of(width: 120, height: 30) == .medium)
    #expect(Screen.Layout.of(width: 160, height: 30) == .wide)
  }

  @Test func narrowLayoutShowsOnePaneWithTabs() throws {
    let h = try Harness(task: "sample-03-chinese")
    try expectGolden(h.render(80, 24), "narrow-cjk-80x24")
    h.press("<Tab>")
    #expect(h.render(80, 24).lines[1].contains("Form"))
  }

  @Test func wrappingIsCachedAcrossKeystrokes() throws {
    let h = try Harness(task: "sample-08-long")
    _ = h.render(200, 60)
    let cached = h.session.cache.count
    h.press("j j j")
    _ = h.render(200, 60)
    #expect(h.session.cache.count == cached)
  }
}

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
    let sample = try String(
      contentsOf: dir.appendingPathComponent("Samples/sample/tasks/sample.jsonl"), encoding: .utf8)
    #expect(
      EmbeddedSample.text["tasks/sample.jsonl"] == sample,
      "Samples/ changed: run scripts/embed-resources")
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

@Suite struct AllDoneScreenTests {
  @Test func allDoneSaysWhatWasSubmittedAndSkipped() throws {
    let h = try Harness(task: "sample-01-code")
    h.session.go(to: 0)
    // Skip every task: each skip moves to the next unfinished one.
    for _ in 0..<h.store.count {
      h.session.focus = .candidates
      h.press("S")
      h.type("practice")
      h.press("<Enter>")
    }
    #expect(
      h.session.notice?.text
        == "Skipped. All done: 0 submitted, 20 skipped (:filter skipped to see them).")
    try expectGolden(h.render(120, 40), "all-done-120x40")
  }
}
