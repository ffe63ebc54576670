import Foundation
import Testing

@testable import Annotation
@testable import Commands
@testable import TaskStore
@testable import TerminalKit
@testable import TextKit
@testable import Worksheet
@testable import Workstation
import TestSupport

/// The workstation's side of integrity: letters never stored, overflow-proof steps, the form version saved.
@Suite struct IntegrityDrivenTests {
  @Test func theStrengthIsSavedByCandidateIdAndShownByLetter() throws {
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking")
    let strength = try #require(h.session.form.questions.firstIndex { $0.id == "strength" })
    h.session.focus = .form
    h.session.formPane.question = strength
    h.session.perform(.pick5)  // "B much better"
    h.session.flushSave()
    let b = h.id("B")
    let saved = try #require(h.journal().last?.annotation.answers["strength"])
    #expect(saved == .choice("{\(b)} much better"))
    // The form pane shows the option chosen, by its letter on this screen.
    let text = h.render(120, 40).text
    #expect(text.contains("(•) 5 B much better"))
    #expect(!text.contains("(•) 1 A much better"))
  }

  @Test func steppingARatingSavedAtTheTopOfInt64DoesNotOverflow() throws {
    let h = try Harness(task: "sample-06-emoji")
    let q = try #require(
      h.session.form.questions.firstIndex {
        if case .rating = $0.kind { return true } else { return false }
      })
    h.session.focus = .form
    h.session.formPane.question = q
    let question = h.session.form.questions[q]
    let key = try #require(h.session.flow.sheet.key(for: question))
    h.session.flow.sheet.draft[key] = .rating(Int.max)
    h.session.perform(.increase)
    h.session.flow.sheet.draft[key] = .rating(Int.min)
    h.session.perform(.decrease)
    guard case .rating(let lo, _, _) = question.kind else { return }
    #expect(h.session.sheet.draft[key] == .rating(lo))
  }

  @Test func eachSaveRecordsTheFormVersionItWasMadeUnder() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("1")
    h.session.flushSave()
    #expect(try h.journal().last?.annotation.formVersion == h.session.form.version)
    // An answer loaded from an older version is saved under the current one.
    h.session.flow.sheet.draft.formVersion = "0"
    h.press("2")
    h.session.flushSave()
    #expect(try h.journal().last?.annotation.formVersion == h.session.form.version)
  }
}

@Suite struct TruncatedTaskFileTests {
  @Test func aTaskFileTruncatedWhileOpenShowsWhyWithoutTheAnswersOfTheTaskBefore() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("1")
    #expect(!h.session.draft.answers.isEmpty)
    // Cut the task file in half under the open session.
    let url = try #require(Store.taskFileURLs(h.root).first)
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    #expect(truncate(url.path, off_t(size / 2)) == 0)
    h.session.go(to: h.store.count - 1)
    #expect(h.session.task == nil)
    #expect(h.session.draft.answers.isEmpty)
    let text = h.render(120, 40).text
    #expect(text.contains("early"))
    #expect(!text.contains("Input/output error"))
  }
}

@Suite struct TooSmallTests {
  @Test func keysBehindTheTooSmallScreenChangeNothing() throws {
    let h = try Harness(task: "sample-01-code")
    let before = h.session.draft
    let position = h.session.position
    h.session.viewport = (40, 10)
    h.press("n n 1 2 ?")
    #expect(h.session.draft.answers == before.answers)
    #expect(h.session.draft.status == before.status)
    #expect(h.session.position == position)
    #expect(h.session.overlay == .none)
    #expect(h.render(40, 10).text.contains("5 keys ignored"))
    // Quitting still works.
    #expect(h.press("q q").contains(.quit))
    // Back to a usable size, keys act again.
    h.session.viewport = (120, 40)
    _ = h.session.handle(.resize)
    h.press("1")
    #expect(h.session.draft.answers != before.answers)
  }
}

@Suite struct TypingOnTextQuestionsTests {
  @Test func typingOnAFocusedRationaleWritesNothingUntilTheEditorIsOpen() throws {
    let h = try Harness(task: "sample-01-code")
    let rationale = try #require(h.session.form.questions.firstIndex { $0.id == "rationale" })
    h.press("<Tab>")
    h.session.formPane.question = rationale
    h.press("x")
    #expect(h.session.editor == nil)
    #expect(h.session.draft.answers["rationale"] == nil)
    #expect(
      h.session.notice?.text == "x is not typed here: <Space> or i starts writing \"Rationale\"")
    h.press("i")
    #expect(h.render(120, 40).text.contains("Editing: Rational"))
    #expect(h.render(120, 40).text.contains("✎ WRITING"))
    h.type("nice")
    h.press("<Esc>")
    #expect(h.session.draft.answers["rationale"] == .text("nice"))
    #expect(!h.render(120, 40).text.contains("✎ WRITING"))
  }
}

@Suite struct EditorSubmitTests {
  @Test func altEnterLeavesTheEditorAndSubmits() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("1 2 r")
    h.type("A is shorter")
    #expect(h.render(200, 40).text.contains("<A-Enter>/<C-Enter> submits"))
    h.press("<A-Enter>")
    #expect(h.session.editor == nil)
    let saved = try #require(h.store.annotation(for: "sample-01-code"))
    #expect(saved.status == .submitted)
    #expect(saved.answers["rationale"] == .text("A is shorter"))
    #expect(h.session.task?.id != "sample-01-code")
  }

  @Test func vimInsertModeSaysEscGoesToNormalMode() throws {
    let h = try Harness(task: "sample-01-code", keymap: "vim")
    h.press("r")
    #expect(h.render(120, 40).text.contains("Editing: Rationale · INSERT ─"))
    let title = h.render(200, 40).text
    #expect(title.contains("<Esc> normal mode"))
    #expect(!title.contains("<Esc> leaves"))
  }
}

@Suite struct NoticeTests {
  @Test func messagesGoWhenTheirCauseIsGone() throws {
    let h = try Harness(task: "sample-06-emoji")
    let rank = try #require(h.session.form.rankingQuestion)
    h.session.flow.sheet.draft[AnswerKey(rank.id)] = .ranking(
      Ranking(tiers: h.session.order.map { [$0] }))
    h.press("<Enter>")
    let notice = try #require(h.session.notice)
    #expect(notice.text.hasPrefix("Cannot submit: "))
    let named = try #require(notice.blockers.first)
    // Answer exactly what the message named (the form is focused on it): the message goes.
    let q = try #require(h.session.form.question(named.question))
    guard case .rating(let lo, _, _) = q.kind else {
      Issue.record("expected a rating question first, found \(q.kind.name)")
      return
    }
    h.press("\(lo)")
    #expect(h.session.sheet.draft[named] == .rating(lo))
    #expect(h.session.notice?.text.hasPrefix("Cannot submit") != true)
    // News about one key goes at the next.
    h.session.focus = .candidates
    h.press("0")
    let said = try #require(h.session.notice)
    #expect(said.kind == .info)
    h.press("<Tab>")
    #expect(h.session.notice != said)
  }

  @Test func conditionsAreWrittenInWords() throws {
    let h = try Harness(task: "sample-06-emoji")
    let form = h.session.form
    for q in form.questions {
      guard let c = q.requiredIf else { continue }
      let words = form.describe(c)
      #expect(!words.contains("_"), "\(words)")
      #expect(words.hasPrefix("when "))
    }
    #expect(form.describe(.atMost(question: "overall", value: 4)).hasSuffix("is 4 or less"))
  }
}

@Suite struct ShiftMessagesTests {
  @Test func gotoTakesAnIdAndAFilterMovesToItsFirstTask() throws {
    let h = try Harness(task: "sample-01-code")
    h.press(":")
    h.type("goto sample-07-batteries")
    h.press("<Enter>")
    #expect(h.session.task?.id == "sample-07-batteries")
    h.press(":")
    h.type("goto nope")
    h.press("<Enter>")
    #expect(h.session.notice?.text == "No task has the id \"nope\"")
    // Skip task 3, then filter to skipped from task 7: the filter moves there.
    h.session.go(to: 2)
    let skippedId = try #require(h.session.task?.id)
    h.press("S")
    h.type("unsure")
    h.press("<Enter>")
    h.session.go(to: 6)
    h.press(":")
    h.type("filter skipped")
    h.press("<Enter>")
    #expect(h.session.task?.id == skippedId)
    // The skip reason shows when the task is back on screen (once the filter's news has gone).
    h.press("<Tab>")
    #expect(h.render(120, 40).text.contains("Skipped: unsure"))
  }

  @Test func allDoneCountsSubmittedAndSkipped() throws {
    let h = try Harness(task: "sample-01-code")
    h.session.go(to: 0)
    #expect(h.session.flow.allDone() == "All done: 0 submitted, 0 skipped.")
    h.press("S")
    h.type("later")
    h.press("<Enter>")
    #expect(
      h.session.flow.allDone() == "All done: 0 submitted, 1 skipped (:filter skipped to see them).")
  }
}

@Suite struct VimKeymapTests {
  @Test func normalModeAppendOpenAndDeleteLine() throws {
    let h = try Harness(task: "sample-01-code", keymap: "vim")
    h.press("r")
    h.type("one")
    h.press("<Esc> o")
    h.type("two")
    h.press("<Esc> 0 A")
    h.type("!")
    #expect(h.session.editor?.editor.text == "one\ntwo!")
    h.press("<Esc> k d d")
    #expect(h.session.editor?.editor.text == "two!")
  }

  @Test func aStrayPrefixDoesNotLoseTheKeyAfterIt() throws {
    let h = try Harness(task: "sample-01-code", keymap: "vim", mainForm: "pairwise-ranking")
    h.press("g 1")
    #expect(h.session.draft.answers["rank"] != nil)
  }
}

@Suite struct OptionKeysTests {
  @Test func flagsTenAndElevenHaveKeysOfTheirOwn() throws {
    let h = try Harness(task: "sample-06-emoji")
    let qi = try #require(
      h.session.form.questions.firstIndex {
        if case .labels(let o, _) = $0.kind { return o.count > 9 } else { return false }
      })
    let q = h.session.form.questions[qi]
    guard case .labels(let options, _) = q.kind else { return }
    h.session.focus = .form
    h.session.formPane.question = qi
    let keys = h.session.scene.optionKeys(options.count)
    #expect(keys.count == options.count)
    #expect(Set(keys).count == keys.count)
    for k in keys.dropFirst(9) {
      if case .action = h.session.keymap.lookup([.char(k)], in: [.form, .global]) {
        Issue.record("\(k) is also a command")
      }
    }
    h.press(String(keys[9]))
    h.press(String(keys[10]))
    let id = try #require(h.session.focusedCandidate)
    #expect(
      h.session.sheet.draft[AnswerKey(q.id, candidate: id)]?.labels == [options[9], options[10]])
    #expect(h.render(200, 60).text.contains("[x] \(keys[9]) \(options[9])"))
    // The letters passed over are named as keys, so b missing from a, c reads as a rule.
    let passed = "abcdefghijklmnopqrstuvwxyz".filter { $0 < keys[10] && !keys.contains($0) }
    #expect(!passed.isEmpty)
    let note = FormPane.letterNote(keys, h.session.scene).map { $0.map(\.text).joined() }
    #expect(
      note == [
        "options past 9 take letters no other key uses: \(passed.map(String.init).joined(separator: ", ")) \(passed.count == 1 ? "is a key" : "are keys") here"
      ])
    let flat = h.render(200, 60).lines.joined().replacingOccurrences(of: " ", with: "")
    #expect(flat.contains("optionspast9takeletters"))
  }
}

@Suite struct SearchNextTests {
  @Test func slashThenEnterGoesToTheNextMatch() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("/")
    h.type("reverse")
    h.press("<Enter>")
    let first = try #require(h.session.notice?.text)
    #expect(first.hasPrefix("Found in turn 1 (match 1 of "))
    h.press("/ <Enter>")
    #expect(h.session.notice?.text.contains("(match 2 of ") == true)
    #expect(h.session.focus == .candidates)
  }
}

@Suite struct ResumeTests {
  @Test func reopeningAfterASubmitShowsTheNextUnfinishedTask() throws {
    let h = try Harness(task: "sample-01-code")
    // Task 2 is already done: the resume skips it.
    h.session.go(to: 1)
    h.press("S")
    h.type("later")
    h.press("<Enter>")
    h.session.go(to: 0)
    h.press("1 2 <Enter>")
    let again = Session(store: h.store, keymap: try Keymap.load("default"), title: "again")
    #expect(again.task?.id == "sample-03-chinese")
    // A draft left on screen reopens itself.
    h.session.go(to: 4)
    h.press("1")
    h.session.flushSave()
    let third = Session(store: h.store, keymap: try Keymap.load("default"), title: "third")
    #expect(third.task?.id == h.session.task?.id)
  }
}

@Suite struct RescueTests {
  @Test func aStoreDeletedWhileOpenRescuesTheUnsavedAnswer() throws {
    let h = try Harness(task: "sample-01-code", mainForm: "pairwise-ranking")
    let data = scratchRoot.appendingPathComponent(
      "rubric-rescue-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    setenv("XDG_DATA_HOME", data.path, 1)
    defer { unsetenv("XDG_DATA_HOME") }
    try FileManager.default.removeItem(at: h.root)
    h.press("1")
    let notice = try #require(h.session.notice)
    #expect(notice.kind == .error)
    #expect(notice.text.contains("deleted, moved or replaced"))
    let files = try FileManager.default.contentsOfDirectory(
      atPath: data.appendingPathComponent("rubric/rescue").path)
    #expect(files.count == 1)
    let rescued = try Data(
      contentsOf: data.appendingPathComponent("rubric/rescue/\(try #require(files.first))"))
    let record = try #require(Journal.parse(rescued).records.first)
    #expect(record.annotation.taskId == "sample-01-code")
    #expect(record.annotation.answers["rank"] != nil)
    #expect(notice.text.contains(files[0]))
    // Editing has stopped: nothing more is attempted.
    h.press("2")
    #expect(
      try FileManager.default.contentsOfDirectory(
        atPath: data.appendingPathComponent("rubric/rescue").path
      ).count == 1)
  }

  @Test func readOnlyOpenDoesNotClaimARepair() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("1")
    h.session.flushSave()
    let url = h.root.appendingPathComponent("annotations/tester.jsonl")
    let handle = try FileHandle(forWritingTo: url)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("0000abcd {\"torn".utf8))
    try handle.close()
    let ro = try Store.open(h.root, annotator: "tester", readOnly: true)
    let session = Session(store: ro, keymap: try Keymap.load("default"), title: "ro")
    #expect(session.notice?.text.hasPrefix("Journal has a torn last record") == true)
    #expect(session.notice?.text.contains("repaired") == false)
  }
}

@Suite struct NoticeClearingTests {
  /// Each message, then a key that has nothing to do with it: the message is gone.
  @Test func everyMessageAboutAKeyGoesAtTheNextKey() throws {
    let h = try Harness(task: "sample-01-code")
    func gone(
      after setup: String, typing: String = "", _ expected: String,
      sourceLocation: SourceLocation = #_sourceLocation
    ) {
      h.press(setup)
      if !typing.isEmpty {
        h.type(typing)
        h.press("<Enter>")
      }
      #expect(
        h.session.notice?.text.contains(expected) == true,
        "\(h.session.notice?.text ?? "no message")", sourceLocation: sourceLocation)
      h.press("<Tab>")
      #expect(
        h.session.notice == nil, "still: \(h.session.notice?.text ?? "")",
        sourceLocation: sourceLocation)
      h.session.focus = .candidates
    }
    gone(after: "1", "A much better")
    gone(after: "/", typing: "zzzz", "\"zzzz\" is not in this task")
    gone(after: ":", typing: "goto nope", "No task has the id \"nope\"")
    gone(after: ":", typing: "filter bogus", "usage: :filter")
    gone(after: ":", typing: "frobnicate", "Unknown command :frobnicate")
    gone(after: "S", typing: " ", "A skip needs a reason")
    gone(after: "u", "Undid")
    gone(after: "<C-r>", "Redone")
    gone(after: "p", "This is the first task")
    gone(after: "x", "x does nothing here")
  }

  @Test func cannotSubmitStaysUntilItsAnswerIsGivenAndAnErrorStays() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("<Enter>")
    #expect(h.session.notice?.text.hasPrefix("Cannot submit") == true)
    h.press("<Tab> <Tab>")
    #expect(h.session.notice?.text.hasPrefix("Cannot submit") == true)
    h.session.flow.sheet.saveFailure = .readOnly(path: "/x")
    h.session.say("Editing has stopped: it", .error)
    h.press("<Tab>")
    #expect(h.session.notice?.kind == .error)
  }
}

/// Two readers of one journal agree: the tools' (`Journal.contents`) and the
/// workstation's (`Journal.record(for:)`).
@Suite struct OneJournalTwoReadersTests {
  @Test func aDuplicatedEditLineIsANoOpForEveryReader() throws {
    let h = try Harness(task: "sample-01-code")
    h.press("r")
    for word in ["one ", "two ", "three ", "four"] {
      h.type(word)
      h.clock.advance(1_000)
      _ = h.session.tick()
    }
    h.press("<Esc>")
    h.session.flushSave()
    let url = h.root.appendingPathComponent("annotations/tester.jsonl")
    var lines = try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let edits = lines.indices.filter { lines[$0].dropFirst(9).hasPrefix("{\"e\":[") }
    #expect(edits.count >= 3)
    let copied = try #require(edits.dropFirst().first)
    lines.insert(lines[copied], at: copied)
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    let contents = try Journal.contents(of: url, annotator: "tester")
    #expect(contents.problems.isEmpty, "\(contents.problems)")
    #expect(
      contents.latest["sample-01-code"]?.annotation.answers["rationale"]
        == .text("one two three four"))
    let store = try Store.open(h.root, annotator: "tester", readOnly: true)
    #expect(
      store.annotation(for: "sample-01-code")?.answers["rationale"] == .text("one two three four"))
    #expect(store.journal.setAside.isEmpty)
  }
}
