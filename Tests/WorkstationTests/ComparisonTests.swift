import Foundation
import Testing

@testable import Annotation
@testable import Commands
@testable import TaskStore
@testable import TerminalKit
@testable import Worksheet
@testable import Workstation

/// Everything a key can change, for checking that drawing changes none of it.
struct SessionState: Equatable {
  var focus: Pane
  var conversation: ConversationPane
  var candidates: CandidatesPane
  var form: FormPane
  var editor: EditorPane?
  var overlay: Overlay
  var candidate: Int
  var draft: Annotation
  var notice: Notice?
  var position: Int
  var search: Search
  var pendingKeys: [Key]

  init(_ s: Session) {
    focus = s.focus
    conversation = s.conversation
    candidates = s.candidates
    form = s.formPane
    editor = s.editor
    overlay = s.overlay
    candidate = s.sheet.candidate
    draft = s.draft
    notice = s.notice
    position = s.position
    search = s.pending.search
    pendingKeys = s.pending.keys
  }
}

@Suite struct ComparisonViewTests {
  @Test(arguments: [
    ("sample-01-code", 120, 40, "compare2-code-120x40"),
    ("sample-03-chinese", 120, 40, "compare2-cjk-120x40"),
    ("sample-08-long", 200, 60, "compare3-long-200x60"),
    ("sample-07-batteries", 250, 70, "compare4-250x70"),
    ("sample-07-batteries", 120, 40, "stacked4-120x40"),
  ])
  func candidatesSideBySideOrStacked(_ task: String, _ w: Int, _ hgt: Int, _ golden: String) throws
  {
    let h = try Harness(task: task)
    try expectGolden(h.render(w, hgt), golden)
  }

  @Test func theViewFollowsTheRoomThereIs() throws {
    let h = try Harness(task: "sample-07-batteries")
    _ = h.render(250, 70)
    #expect(h.session.candidatesShown == .columns(width: 45))
    _ = h.render(120, 40)
    #expect(h.session.candidatesShown == .stacked)
    // One pane at a time, the short candidates still fit one under another; side by side does not.
    _ = h.render(90, 30)
    #expect(h.session.candidatesShown == .stacked)
    let long = try Harness(task: "sample-08-long")
    _ = long.render(90, 30)
    #expect(long.session.candidatesShown == .single)
    let two = try Harness(task: "sample-01-code")
    _ = two.render(120, 40)
    guard case .columns = two.session.candidatesShown else {
      Issue.record("two candidates at 120 columns are not side by side")
      return
    }
  }

  @Test func aFrameThatWillNotShowColumnsLaysOutNothingAtTheirWidth() throws {
    // A long conversation (so the rows would be shared by what each side holds) and
    // four long candidates, too many for columns at 120x40.
    let paragraph = String(
      repeating: "A sentence of the conversation, long enough to wrap. ", count: 30)
    let task = ChatTask(
      id: "long",
      context: (0..<6).map { Message(role: $0 % 2 == 0 ? .user : .assistant, content: paragraph) },
      candidates: (0..<4).map {
        Candidate(id: "c\($0)", messages: [Message(role: .assistant, content: paragraph)])
      })
    let session = try oneTaskSession(task, preset: "ranking", title: "share")
    session.viewport = (120, 40)
    _ = Screen.render(session, width: 120, height: 40)
    // One candidate at a time: only the focused one is laid out, at the pane's width,
    // and none at a column's (the keys are "c|ID|WIDTH").
    #expect(session.candidatesShown == .single)
    let candidates = session.cache.keys.filter { $0.hasPrefix("c|") }
    #expect(candidates.count == 1, "\(candidates.sorted())")
  }

  @Test func cCyclesTheViewsAndTheChoiceIsRememberedPerAnnotator() throws {
    let h = try Harness(task: "sample-01-code")
    _ = h.render(200, 60)
    h.press("c")
    #expect(h.session.candidates.view == .columns)
    h.press("c")
    #expect(h.session.candidates.view == .stacked)
    #expect(h.session.candidatesShown == .stacked)
    #expect(h.session.notice?.text == "Candidates: stacked")
    h.press("c")
    #expect(h.session.candidatesShown == .single)
    #expect(h.render(200, 60).text.contains(" A   B "))
    // Another session of the same annotator opens in the view chosen; another annotator's does not.
    let again = Session(store: h.store, keymap: h.session.keymap, title: "again")
    #expect(again.candidates.view == .single)
    let other = try Store.open(h.root, annotator: "someone-else")
    #expect(
      Session(store: other, keymap: h.session.keymap, title: "other").candidates.view == .auto)
  }

  @Test func columnsScrollTogetherUntilUnlinked() throws {
    let h = try Harness(task: "sample-08-long")
    _ = h.render(200, 60)
    guard case .columns(let w) = h.session.candidatesShown else {
      Issue.record("not side by side")
      return
    }
    h.press("j j j")
    #expect(h.session.candidates.scroll == 3)
    let ids = h.session.order
    #expect(ids.allSatisfy { h.session.candidates.scroll(of: $0, shown: .columns(width: w)) == 3 })
    h.press("L")
    #expect(!h.session.candidates.linked)
    let focused = try #require(h.session.focusedCandidate)
    let others = ids.filter { $0 != focused }.map {
      h.session.candidates.scroll(of: $0, shown: .columns(width: w))
    }
    let mine = h.session.candidates.scroll(of: focused, shown: .columns(width: w))
    h.press("j j")
    #expect(h.session.candidates.scroll(of: focused, shown: .columns(width: w)) == mine + 2)
    #expect(
      ids.filter { $0 != focused }.map {
        h.session.candidates.scroll(of: $0, shown: .columns(width: w))
      } == others)
    try expectGolden(h.render(200, 60), "unlinked-200x60")
  }

  @Test func codeScrollsSidewaysInTheFocusedColumnOnly() throws {
    let h = try Harness(task: "sample-01-code")
    _ = h.render(200, 60)
    let a = try #require(h.session.focusedCandidate)
    let b = try #require(h.session.order.first { $0 != a })
    let before = h.render(200, 60)
    h.press("> >")
    #expect(h.session.candidates.side[a] == 16)
    #expect(h.session.candidates.side[b, default: 0] == 0)
    // A's code block moved; B's column is drawn as before.
    let after = h.render(200, 60)
    #expect(after.lines != before.lines)
    let bColumn = { (g: Grid) in g.lines.map { String($0.dropFirst(g.width / 2)) } }
    #expect(bColumn(after) == bColumn(before))
    h.press("<lt>")
    #expect(h.session.candidates.side[a] == 8)
  }

  @Test func dHighlightsTheDifferencesInPlaceSideBySide() throws {
    let h = try Harness(task: "sample-01-code")
    _ = h.render(200, 60)
    h.press("d")
    #expect(h.session.candidates.diff)
    let grid = h.render(200, 60)
    try expectGolden(grid, "inline-diff-200x60")
    // Words only in A are red, words only in B green, in their own columns.
    #expect(grid.cells.contains { $0.style.bg == .red })
    #expect(grid.cells.contains { $0.style.bg == .green })
  }

  @Test func drawingChangesNothingInTheSession() throws {
    for task in [
      "sample-01-code", "sample-07-batteries", "sample-08-long", "sample-16-triage-citation",
      "sample-14-prompt-math",
    ] {
      let h = try Harness(task: task)
      h.press("j j G")
      for (w, hgt) in [(120, 40), (200, 60), (250, 70), (80, 24)] {
        h.session.viewport = (w, hgt)
        h.press("/ t h e <Enter> <Tab> j")
        let before = SessionState(h.session)
        let first = Screen.render(h.session, width: w, height: hgt)
        #expect(SessionState(h.session) == before, "\(task) at \(w)x\(hgt)")
        #expect(Screen.render(h.session, width: w, height: hgt) == first)
      }
    }
  }
}

@Suite struct KeyCountTests {
  /// Presses keys one at a time through the session, reading the journal on disk
  /// after each: the number of keys pressed when the task is first saved as
  /// submitted, or nil when it never is. Text given as `"…"` counts a key a character.
  func keysToSubmit(_ h: Harness, _ task: String, _ keys: [String]) throws -> Int? {
    var pressed = 0
    for k in keys {
      if k.hasPrefix("\""), k.hasSuffix("\""), k.count >= 2 {
        for ch in k.dropFirst().dropLast() {
          h.type(String(ch))
          pressed += 1
        }
      } else {
        h.press(k)
        pressed += 1
      }
      if try h.journal().last(where: { $0.annotation.taskId == task })?.annotation.status
        == .submitted
      {
        return pressed
      }
    }
    return nil
  }

  @Test func aPairwiseTaskWithItsStrengthTakesTwoKeys() throws {
    let h = try Harness(task: "sample-01-code")
    let a = h.id("A")
    let keys = try keysToSubmit(h, "sample-01-code", ["2", "<Enter>"])
    #expect(keys == 2)
    let saved = try #require(h.store.annotation(for: "sample-01-code"))
    #expect(saved.status == .submitted)
    #expect(saved.answers["preference"] == .preference(PreferenceAnswer(winner: a, strength: 1)))
    #expect(h.session.task?.id != "sample-01-code")
  }

  @Test func digitsAnswerThePreferenceFromEveryPane() throws {
    for pane in [Pane.conversation, .candidates, .form] {
      let h = try Harness(task: "sample-02-table")
      h.session.focus = pane
      h.press("5")
      #expect(
        h.session.draft.answers["preference"]
          == .preference(PreferenceAnswer(winner: h.id("B"), strength: 2)), "\(pane)")
      h.press("3")
      #expect(
        h.session.draft.answers["preference"]
          == .preference(PreferenceAnswer(winner: nil, strength: 0)), "\(pane)")
    }
  }

  @Test func theHHPresetTakesOneDigitPerQuestion() throws {
    let h = try Harness(task: "sample-09-hh-neighbour")
    h.press("3 1")
    #expect(
      h.session.draft.answers["helpful"]
        == .preference(PreferenceAnswer(winner: h.id("B"), strength: 1)))
    #expect(
      h.session.draft.answers["harmless"]
        == .preference(PreferenceAnswer(winner: h.id("A"), strength: 1)))
  }

  @Test func fourCandidatesRankedAndRatedTakeElevenKeys() throws {
    let h = try Harness(task: "sample-07-batteries")
    let keys = try keysToSubmit(
      h, "sample-07-batteries",
      "1 2 3 4 <Tab> j 5 4 3 2 <Enter>".split(separator: " ").map(String.init))
    #expect(keys == 11)
    let saved = try #require(h.store.annotation(for: "sample-07-batteries"))
    #expect(saved.status == .submitted)
    let order = saved.orderShown
    #expect(
      order.enumerated().allSatisfy { i, id in saved.answers["rank"]?.ranking?.rank(of: id) == i + 1
      })
    #expect(
      order.enumerated().allSatisfy { i, id in
        saved.candidateAnswers["overall"]?[id] == .rating(5 - i)
      })
  }

  @Test func aRewriteWithItsRatingTakesTheTextAndFiveKeys() throws {
    let h = try Harness(task: "sample-12-rewrite-sql")
    // The rating on the form, back to the candidate, e rewrites it, Alt-Enter submits.
    let keys = try keysToSubmit(
      h, "sample-12-rewrite-sql", ["<Tab>", "4", "<S-Tab>", "e", "\"!\"", "<A-Enter>"])
    let saved = try #require(h.store.annotation(for: "sample-12-rewrite-sql"))
    #expect(keys == 6)
    #expect(saved.candidateAnswers["rewrite"]?.values.first?.text?.hasSuffix("!") == true)
    #expect(saved.candidateAnswers["overall"]?.values.first?.rating == 4)
  }

  @Test func aWritingTaskTakesTheTextAndThreeKeys() throws {
    let h = try Harness(task: "sample-14-prompt-math")
    let keys = try keysToSubmit(
      h, "sample-14-prompt-math", ["i", "\"Sum 1 to 9\"", "<Esc>", "<Enter>"])
    #expect(keys == 13)
    #expect(
      h.store.annotation(for: "sample-14-prompt-math")?.answers["prompt"] == .text("Sum 1 to 9"))
  }

  @Test func aTriageTakesNineKeys() throws {
    let h = try Harness(task: "sample-16-triage-citation")
    // The conversation opens on the last turn: [ [ t picks turn 4, Tab to the form,
    // 1 for the error type, j j to the severity, 3, Enter.
    let keys = try keysToSubmit(
      h, "sample-16-triage-citation",
      "[ [ t <Tab> 1 j j 3 <Enter>".split(separator: " ").map(String.init))
    let saved = try #require(h.store.annotation(for: "sample-16-triage-citation"))
    #expect(keys == 9)
    #expect(saved.answers["error"] == .choice("hallucination"))
    #expect(saved.answers["turn"] == .turn(3))
    #expect(saved.answers["severity"] == .rating(3))
  }

  @Test func gridRowsComeBeforeTheNextQuestion() throws {
    let h = try Harness(task: "sample-07-batteries")
    h.press("<Tab> j")
    #expect(h.session.formPane.question == 1)
    #expect(h.session.candidateIndex == 0)
    h.press("j j j")
    #expect(h.session.formPane.question == 1)
    #expect(h.session.candidateIndex == 3)
    h.press("j")
    #expect(h.session.formPane.question == 2)
    #expect(h.session.candidateIndex == 0)
    h.press("k")
    #expect(h.session.formPane.question == 1)
    #expect(h.session.candidateIndex == 3)
  }
}

@Suite struct CommandDeclarationTests {
  @Test func everyLineCommandIsReadByItsNamesAndNamedWhenOneIsUnknown() throws {
    for c in LineCommand.table {
      for name in [c.name] + c.aliases {
        let parsed = LineCommand.parse(name + (c.arguments.isEmpty ? "" : " 3"))
        #expect(parsed != .unknown(name) && parsed != .none, ":\(name)")
        #expect(LineCommand.parse(name) == LineCommand.parse(c.name), ":\(name) is :\(c.name)")
      }
    }
    #expect(LineCommand.parse("goto 3") == .goto("3"))
    #expect(LineCommand.parse("nu") == .nextUnfinished)
    let h = try Harness(task: "sample-01-code")
    #expect(h.session.lineCommand("pace").contains { if case .load = $0 { true } else { false } })
    _ = h.session.lineCommand("frobnicate")
    let said = try #require(h.session.notice?.text)
    for c in LineCommand.table { #expect(said.contains(":" + c.name), "\(said) names :\(c.name)") }
  }

  @Test func aCommandBoundWhereItDoesNothingIsAnErrorNamingTheLine() {
    let text = "[conversation]\nj = \"scroll-down\"\nx = \"editor-submit\"\n"
    do {
      _ = try Keymap.parse(text, file: "my.toml", over: Keymap.defaultMap(), name: "my")
      Issue.record("accepted editor-submit in [conversation]")
    } catch {
      #expect(
        error.description
          == "my.toml:3: conversation.x: \"editor-submit\" does nothing in [conversation] (it works in: editor, editor-normal)"
      )
    }
  }

  @Test func theOverlaysAndThePromptReadTheirKeysFromTheKeymap() throws {
    var map = Keymap.defaultMap()
    map.bind([.char("n")], to: .scrollDown, in: .help)
    map.bind([.ctrl("j")], to: .accept, in: .prompt)
    let h = try Harness(task: "sample-01-code")
    let s = Session(store: h.store, keymap: map, title: "t")
    s.viewport = (120, 40)
    _ = s.handle(.char("?"))
    _ = s.handle(.char("n"))
    #expect(s.overlay == .help(scroll: 1))
    _ = s.handle(.char("x"))
    #expect(s.overlay == .none)
    _ = s.handle(.char(":"))
    for c in "goto 3" { _ = s.handle(.char(c)) }
    _ = s.handle(.ctrl("j"))
    #expect(s.position == 2)
    // The help overlay lists those sections' bindings.
    let help = Overlays.helpLines(map).map(\.spans.plainText)
    #expect(help.contains("help"))
    #expect(help.contains("prompt"))
    #expect(help.contains { $0.contains("<C-j>") && $0.contains("run the command") })
  }
}
