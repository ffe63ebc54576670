import Foundation
import Testing

@testable import Annotation
@testable import TaskStore
@testable import TerminalKit
@testable import TextKit
@testable import Workstation
@testable import Worksheet

@Suite struct DrivenTests {
  @Test func rankingWithTies() throws {
    let h = try Harness(task: "sample-07-batteries")
    #expect(h.session.focus == .candidates)
    // 1 on A moves focus to B; 1 again ties B with A; then 2 on C, 3 on D.
    h.press("1 1 2 3")
    let r = try #require(h.session.draft.answers["rank"]?.ranking)
    #expect(r.tiers == [[h.id("A"), h.id("B")].sorted(), [h.id("C")], [h.id("D")]])
    // Re-ranking a candidate moves it; 0 removes it.
    h.press("h 0")
    #expect(h.session.draft.answers["rank"]?.ranking?.rank(of: h.id("C")) == nil)
    // Rankings are stored by candidate id, and journaled at once.
    let last = try #require(try h.journal().last)
    #expect(last.annotation.answers["rank"]?.ranking?.rank(of: h.id("A")) == 1)
  }

  @Test func noneAcceptableRequiresARationale() throws {
    let h = try Harness(task: "sample-07-batteries")
    h.press("!")
    #expect(h.session.draft.answers["rank"]?.ranking?.noneAcceptable == true)
    // Rate every candidate so only the rationale is missing: each digit rates a
    // row of the grid and moves on to the next.
    h.press("<Tab> j 2 2 2 2")
    h.press("<Enter>")
    #expect(
      h.session.notice?.text.hasPrefix(
        "Cannot submit: Rationale: required when no response is acceptable") == true)
    #expect(h.session.draft.status == .draft)
    h.press("r")
    h.type("all four are unsafe or vague")
    h.press("<Esc> <Enter>")
    #expect(h.store.annotation(for: "sample-07-batteries")?.status == .submitted)
  }

  @Test func validationStopsASubmitAndFocusesTheMissingAnswer() throws {
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking")
    h.press("<Tab> <Enter>")
    #expect(h.session.notice?.kind == .error)
    #expect(h.session.notice?.text == "Cannot submit: Which response is better?: required")
    #expect(h.session.focus == .candidates)
    #expect(h.session.task?.id == "sample-01-code")
    #expect(try h.journal().isEmpty)
  }

  @Test func undoAndRedoAcrossASubmit() throws {
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking")
    h.press("1 2 <Enter>")
    #expect(h.session.task?.id != "sample-01-code")
    #expect(h.store.annotation(for: "sample-01-code")?.status == .submitted)
    // Once another key came between, reopening a submitted task on another page
    // takes a second u, and says so.
    h.press("j u")
    #expect(h.session.task?.id != "sample-01-code")
    #expect(h.store.annotation(for: "sample-01-code")?.status == .submitted)
    #expect(
      h.session.notice?.text
        == "Press u again to undo submit of task sample-01-code: it reopens that task")
    h.press("u")
    #expect(h.session.notice?.text == "Undid submit of task 1 (sample-01-code)")
    #expect(h.session.task?.id == "sample-01-code")
    #expect(h.session.draft.status == .draft)
    #expect(h.store.annotation(for: "sample-01-code")?.status == .draft)
    h.press("<C-r>")
    #expect(h.store.annotation(for: "sample-01-code")?.status == .submitted)
    h.press("u u")
    #expect(h.session.draft.answers["rank"]?.ranking?.rank(of: h.id("B")) == nil)
    #expect(h.session.draft.answers["rank"]?.ranking?.rank(of: h.id("A")) == 1)
  }

  @Test func typingIsUndoneWordByWord() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("r")
    h.type("clear and short")
    h.press("<C-z>")
    #expect(h.session.editor?.editor.text == "clear and ")
    h.press("<C-z>")
    #expect(h.session.editor?.editor.text == "clear ")
    h.press("<C-y>")
    #expect(h.session.editor?.editor.text == "clear and ")
    // Text is journaled within a second, debounced.
    h.clock.advance(400)
    h.session.tick()
    #expect(try h.journal().last?.annotation.answers["rationale"] == .text("clear and "))
  }

  @Test func aRewriteShowsItsDiff() throws {
    let h = try Harness(task: "sample-11-rewrite-email")
    h.press("e")
    let ed = try #require(h.session.editor)
    #expect(ed.original?.hasPrefix("hey,") == true)
    h.press("<C-Home> <Del> <Del> <Del>")
    h.type("Dear Ms Smith")
    let screen = h.render(120, 40).text
    #expect(screen.contains("Changes against the original"))
    #expect(screen.contains("[-hey,-]"))
    #expect(screen.contains("{+Dear Ms Smith"))
    h.press("<Esc>")
    let text = try #require(h.session.sheet.draft[AnswerKey("rewrite", candidate: "a")]?.text)
    #expect(text.hasPrefix("Dear Ms Smith,\n"))
    #expect(h.render(120, 40).text.contains("rewritten: +3 −1 words"))
  }

  @Test func triageTurnPicking() throws {
    let h = try Harness(task: "sample-16-triage-citation")
    #expect(h.session.focus == .conversation)
    // The turn cursor starts at the last turn; move to turn 4 and pick it.
    h.press("[ [ t")
    #expect(h.session.draft.answers["turn"] == .turn(3))
    #expect(h.render(120, 40).text.contains("◀ picked"))
    // From the form: error type 1, severity 3, and the turn by number.
    // A task without candidates has no candidates pane: Tab goes straight to the form.
    h.press("<Tab> 1 j 5 j 3")
    #expect(h.session.draft.answers["error"] == .choice("hallucination"))
    #expect(h.session.draft.answers["turn"] == .turn(4))
    #expect(h.session.draft.answers["severity"] == .rating(3))
    h.press("<Enter>")
    #expect(h.store.annotation(for: "sample-16-triage-citation")?.status == .submitted)
  }

  @Test func composeTaskAndSkip() throws {
    let h = try Harness(task: "sample-14-prompt-math")
    #expect(h.session.focus == .form)
    h.press("<Space>")
    h.type("A train leaves at 3pm")
    h.press("<Esc> <Enter>")
    #expect(
      h.store.annotation(for: "sample-14-prompt-math")?.answers["prompt"]
        == .text("A train leaves at 3pm"))
    let next = try #require(h.session.task?.id)
    // The next writing task opens on its compose question, where letters are typed
    // into the prompt; skip from another pane.
    h.press("<Tab> S")
    h.type("not my language")
    h.press("<Enter>")
    let skipped = try #require(h.store.annotation(for: next))
    #expect(skipped.status == .skipped)
    #expect(skipped.skipReason == "not my language")
  }

  @Test func globalKeysNeverFireInTheEditor() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("r")
    h.type("q n ?")
    #expect(h.session.editor?.editor.text == "q n ?")
    #expect(h.session.task?.id == "sample-01-code")
    #expect(h.session.overlay == .none)
  }

  @Test func commandLineGotoAndFilter() throws {
    let h = try Harness()
    h.press(":")
    h.type("goto 5")
    h.press("<Enter>")
    #expect(h.session.task?.id == "sample-05-hostile")
    h.press("/")
    h.type("pwned")
    h.press("<Enter>")
    #expect(h.session.focus == .candidates)
    #expect(h.session.searchTerm == "pwned")
    // Skip task 5, then filter to skipped tasks: n and p stay on it.
    h.press("S")
    h.type("unsafe")
    h.press("<Enter> :")
    h.type("filter skipped")
    h.press("<Enter>")
    h.press("p")
    #expect(h.session.task?.id == "sample-05-hostile")
    h.press("n")
    #expect(h.session.task?.id == "sample-05-hostile")
    #expect(h.session.notice?.text == "This is the last task (filter: skipped)")
  }

  @Test func vimSequencesAndModes() throws {
    let h = try Harness(task: "sample-08-long", keymap: "vim")
    h.press("<C-d> <C-d>")
    #expect(h.session.candidates.scroll > 0)
    h.press("g g")
    #expect(h.session.candidates.scroll == 0)
    h.press("r")
    h.type("ab")
    h.press("<Esc>")
    #expect(h.session.editor?.insertMode == false)
    h.press("0 x")
    #expect(h.session.editor?.editor.text == "b")
    h.press("<Esc>")
    #expect(h.session.editor == nil)
  }

  @Test func emacsQuitSequence() throws {
    let h = try Harness(keymap: "emacs")
    #expect(h.press("<C-x>").isEmpty)
    #expect(h.press("<C-c>") == [.quit])
  }

  @Test func activeTimeSkipsLongPauses() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("j")
    h.clock.advance(10_000)
    h.press("j")
    h.clock.advance(120_000)
    h.press("j")
    #expect(h.session.draft.activeMs == 10_000 + 50 + 50)
  }

  @Test func externalEditorResultIsOneUndoableEdit() throws {
    let h = try Harness(task: "sample-11-rewrite-email")
    let effects = h.press("E")
    guard case .externalEdit(let text)? = effects.first else {
      Issue.record("E did not ask for the external editor: \(effects)")
      return
    }
    #expect(text.hasPrefix("hey,"))
    h.session.finishExternalEdit("Dear landlord, the kitchen tap has leaked for a week.")
    #expect(
      h.session.sheet.draft[AnswerKey("rewrite", candidate: "a")]
        == .text("Dear landlord, the kitchen tap has leaked for a week."))
    h.press("u")
    #expect(h.session.sheet.draft[AnswerKey("rewrite", candidate: "a")] == nil)
  }

  @Test func wordDiffOverlayComparesWithTheNextCandidate() throws {
    let h = try Harness(task: "sample-01-code")
    // One at a time, d opens the word diff overlay.
    h.session.viewport = (90, 30)
    h.press("d")
    let screen = h.render(90, 30).text
    #expect(screen.contains("Word diff: A → B"))
    #expect(screen.contains("[-"))
    h.press("x")
    #expect(h.session.overlay == .none)
    // Side by side, d highlights the differences in place, and d again hides them.
    _ = h.render(160, 50)
    h.press("d")
    #expect(h.session.overlay == .none)
    #expect(h.session.candidates.diff)
    #expect(h.render(160, 50).text.contains("side by side · diff"))
    h.press("d")
    #expect(!h.session.candidates.diff)
  }
}
