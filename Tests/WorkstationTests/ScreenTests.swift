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

@Suite struct EmbeddedSampleTests {
  @Test func embeddedSampleMatchesTheFiles() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let sample = try String(
      contentsOf: dir.appendingPathComponent("Samples/sample/tasks/sample.jsonl"), encoding: .utf8)
    #expect(
      EmbeddedSample.text["tasks/sample.jsonl"] == sample,
      "Samples/ changed: run scripts/embed-resources")
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
