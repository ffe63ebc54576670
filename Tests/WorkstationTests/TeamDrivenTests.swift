import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import Import
@testable import Reports
@testable import TaskStore
@testable import TerminalKit
@testable import Worksheet
@testable import Workstation
import TestSupport

/// A store with a team: two annotators, each task seen once, and gold tasks.
func teamStore(feedback: Bool = true) throws -> URL {
  let root = scratchRoot.appendingPathComponent(
    "rubric-team-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try Store.create(at: root, preset: "pairwise-ranking", annotator: "alice")
  let toml = root.appendingPathComponent("rubric.toml")
  var text = try String(contentsOf: toml, encoding: .utf8)
  text = text.replacingOccurrences(
    of: "version = \"1\"\n", with: "version = \"1\"\ngold_feedback = \(feedback)\n")
  text += "\n[team]\nannotators = [\"alice\", \"bob\"]\noverlap = 1\ngold = 0.2\nseed = 1\n"
  try text.write(to: toml, atomically: true, encoding: .utf8)
  var lines = ""
  for i in 0..<20 {
    var t = ChatTask(
      id: "t\(i)", context: [Message(role: .user, content: "Question \(i)?")],
      candidates: [
        Candidate(id: "x", messages: [Message(role: .assistant, content: "Right \(i).")]),
        Candidate(id: "y", messages: [Message(role: .assistant, content: "Wrong \(i).")]),
      ])
    if i % 5 == 0 { t.gold = Gold(ranking: [["x"], ["y"]], explanation: "x is right.") }
    lines += String(decoding: try TaskCodec.encode(t), as: UTF8.self) + "\n"
  }
  let src = root.deletingLastPathComponent().appendingPathComponent(
    "team-src-\(UInt32.random(in: 0...UInt32.max)).jsonl")
  try lines.write(to: src, atomically: true, encoding: .utf8)
  _ = try Importer.importFile(src, into: root)
  return root
}

@Suite struct TeamDrivenTests {
  @Test func theWorkstationShowsOnlyTheAnnotatorsQueue() throws {
    let root = try teamStore()
    let store = try Store.open(root, annotator: "alice")
    let queue = try #require(store.queue(for: "alice"))
    let list = store.taskList()
    let s = Session(store: store, keymap: Keymap.defaultMap(), title: "team")
    s.viewport = (120, 40)
    #expect(
      Screen.render(s, width: 120, height: 40).lines[0].contains(
        "alice's queue · 1 of \(queue.count)"))
    #expect(s.task?.id == list[queue[0]].id)
    var seen: [String] = []
    for _ in 0..<queue.count {
      seen.append(s.task?.id ?? "")
      _ = s.handle(.char("n"))
    }
    #expect(seen == queue.map { list[$0].id })
    #expect(s.notice?.text == "This is the last task")
    // Bob's queue is the rest of the regular tasks, and the gold ones mixed in for him too.
    let bob = try #require(store.queue(for: "bob"))
    let regular = Set(list.indices.filter { !list[$0].gold })
    #expect(Set(queue).union(bob).isSuperset(of: regular))
    #expect(Set(queue).intersection(bob).allSatisfy { list[$0].gold })
  }

  @Test func aGoldTaskGivesFeedbackAfterItsSubmitAndCountsInStats() throws {
    let root = try teamStore()
    let store = try Store.open(root, annotator: "alice")
    let list = store.taskList()
    let queue = try #require(store.queue(for: "alice"))
    let goldPos = try #require(queue.first { list[$0].gold })
    let s = Session(store: store, keymap: Keymap.defaultMap(), title: "team")
    s.viewport = (120, 40)
    s.go(to: goldPos)
    // Rank the wrong candidate first.
    let wrong = try #require(s.order.firstIndex(of: "y"))
    s.candidates.focus(wrong, sheet: &s.flow.sheet, shown: .single)
    _ = s.handle(.char("1"))
    _ = s.handle(.char("2"))
    _ = s.handle(.enter)
    let saved = try #require(store.annotation(for: list[goldPos].id))
    #expect(
      s.notice?.text
        == "Practice task: best: expected \(candidateLetter("x", order: saved.orderShown)). x is right."
    )
    #expect(s.notice?.kind == .warning)
    let stats = try Stats.compute(store: root)
    let alice = try #require(stats.first { $0.annotator == "alice" })
    #expect(alice.goldTrials == 1 && alice.goldRight == 0)
    #expect(alice.queued == queue.count)
    #expect(alice.remaining == queue.count - 1)
    #expect(Stats.table(stats).contains("0/1 (0%)"))
  }

  @Test func withoutFeedbackAGoldTaskLooksLikeAnyOther() throws {
    let root = try teamStore(feedback: false)
    let store = try Store.open(root, annotator: "alice")
    let list = store.taskList()
    let queue = try #require(store.queue(for: "alice"))
    let goldPos = try #require(queue.first { list[$0].gold })
    let s = Session(store: store, keymap: Keymap.defaultMap(), title: "team")
    s.go(to: goldPos)
    _ = s.handle(.char("1"))
    _ = s.handle(.char("2"))
    _ = s.handle(.enter)
    #expect(s.notice?.text.hasPrefix("Submitted t") == true)
  }

  @Test func someoneOutsideTheTeamIsToldWhy() throws {
    let root = try teamStore()
    let store = try Store.open(root, annotator: "mallory")
    let s = Session(store: store, keymap: Keymap.defaultMap(), title: "team")
    #expect(
      s.taskError?.message.contains("mallory is not in this store's team (alice, bob)") == true)
  }
}

@Suite struct SmallJournalTests {
  /// Types `text` into the open editor at 8 characters a second, ticking as the runner does.
  func typeSlowly(_ h: Harness, _ text: String) {
    for ch in text {
      h.clock.advance(125)
      _ = h.session.handle(ch == " " ? .space : .char(ch))
      _ = h.session.tick()
    }
  }

  @Test func typingARewriteGrowsTheJournalByEditsNotSnapshots() throws {
    let h = try Harness(task: "sample-11-rewrite-email")
    h.press("e")
    let url = h.root.appendingPathComponent("annotations/tester.jsonl")
    let before = (try? Data(contentsOf: url).count) ?? 0
    let words = "The tap in the kitchen has leaked for a week; please send someone. "
    // 800 characters here (a debug build types slowly); rubric bench types 4,000.
    let typed = String(repeating: words, count: 800 / words.count + 1).prefix(800)
    typeSlowly(h, String(typed))
    h.press("<Esc>")
    h.session.flushSave()
    let grown = try Data(contentsOf: url).count - before
    let contents = try Journal.contents(of: url, annotator: "tester")
    let snapshots = contents.records.filter { $0.edit == nil }
    let edits = contents.records.filter { $0.edit != nil }
    let journal = try Journal(url: url, readOnly: true, annotator: "tester")
    let snapshotBytes = try snapshots.reduce(0) { $0 + (try journal.line(for: $1).count) }
    let editBytes = grown - snapshotBytes
    #expect(edits.count > 60)
    #expect(editBytes <= 10 * 800, "\(edits.count) edits took \(editBytes) bytes")
    // Every keystroke survived: the journal reads back as the text typed.
    let rewrite = AnswerKey("rewrite", candidate: "a")
    let typedText = try #require(h.session.draft[rewrite]?.text)
    #expect(contents.latest["sample-11-rewrite-email"]?.annotation[rewrite]?.text == typedText)
    let again = Session(
      store: try Store.open(h.root, annotator: "tester", readOnly: true), keymap: h.session.keymap,
      title: "again")
    again.go(to: h.session.position)
    #expect(again.draft[rewrite]?.text == typedText)
  }
}
