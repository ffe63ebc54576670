import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// The real binary against a hostile store: what it shows, and what is on disk afterwards.
@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct IntegrityEndToEndTests {
  @Test func aDamagedMiddleRecordIsSetAsideAndEveryOtherAnswerCounts() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask, pairTask2])
    // Two submitted answers, then damage the first record on disk.
    do {
      let store = try Store.open(root, annotator: "e2e")
      for id in ["p1", "p2"] {
        var a = Annotation(
          taskId: id, annotator: "e2e", status: .submitted, orderShown: ["x", "y"])
        a.answers["rank"] = .ranking(Ranking(tiers: [["x"], ["y"]]))
        try store.save(a, pos: nil)
      }
      var extra = Annotation(
        taskId: "p1", annotator: "e2e", status: .submitted, orderShown: ["x", "y"])
      extra.answers["rank"] = .ranking(Ranking(tiers: [["y"], ["x"]]))
      try store.save(extra, pos: nil)
    }
    let url = root.appendingPathComponent("annotations/e2e.jsonl")
    var bytes = [UInt8](try Data(contentsOf: url))
    bytes[30] ^= 0x01
    // And a Windows checkout's line ends.
    var crlf: [UInt8] = []
    for b in bytes {
      if b == 0x0A { crlf.append(0x0D) }
      crlf.append(b)
    }
    try Data(crlf).write(to: url)
    let before = try Data(contentsOf: url)

    let check = try run(rubricBinary, ["check", root.path])
    #expect(check.status == 1)
    #expect(check.out.contains("annotations/e2e.jsonl:1: checksum mismatch"))
    #expect(check.out.contains("2 readable records, 1 set aside"))

    let t = try Tmux(width: 120, height: 40, command: "\(rubricBinary) open \(root.path)")
    #expect(try t.waitFor("set aside"))
    try t.send("q")
    _ = try t.waitForExit()
    // The file was not rewritten, and both tasks' answers export.
    #expect(try Data(contentsOf: url) == before)
    let out = tempDir("dpo").appendingPathComponent("dpo.jsonl")
    let export = try run(rubricBinary, ["export", root.path, "--format", "dpo", "-o", out.path])
    #expect(export.status == 0, "\(export.err)")
    #expect(readText(out.path).split(separator: "\n").count == 2)
  }

  @Test func aSymlinkedJournalIsRefusedAndTheOutsideFileIsUntouched() throws {
    guard tmuxReady() else { return }
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let outside = tempDir("outside").appendingPathComponent("notes.txt")
    let precious = Data("my own notes\n".utf8)
    try precious.write(to: outside)
    try FileManager.default.createSymbolicLink(
      at: root.appendingPathComponent("annotations/carol.jsonl"), withDestinationURL: outside)
    let t = try Tmux(
      width: 120, height: 40,
      command: "\(rubricBinary) open \(root.path) --annotator carol; echo EXIT=$?; sleep 30")
    #expect(try t.waitFor("EXIT=1"))
    #expect(try t.capture().contains("symbolic link"))
    #expect(try Data(contentsOf: outside) == precious)
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent(".rubric/carol.lock").path))
  }

  @Test func exportIntoTheStoreIsRefusedAndTheJournalIsUnchanged() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let store = try Store.open(root, annotator: "bob")
    var a = Annotation(taskId: "p1", annotator: "bob", status: .submitted, orderShown: ["x", "y"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["x"], ["y"]]))
    try store.save(a, pos: nil)
    let journal = root.appendingPathComponent("annotations/bob.jsonl")
    let before = try Data(contentsOf: journal)
    for target in ["annotations/bob.jsonl", "rubric.toml", "tasks/tasks.jsonl"] {
      let r = try run(
        rubricBinary,
        ["export", root.path, "--format", "dpo", "-o", root.appendingPathComponent(target).path])
      #expect(r.status != 0, "\(target)")
      #expect(r.err.contains("inside the store"), "\(target): \(r.err)")
    }
    #expect(try Data(contentsOf: journal) == before)
    let out = tempDir("twice").appendingPathComponent("out.jsonl")
    #expect(
      try run(rubricBinary, ["export", root.path, "--format", "dpo", "-o", out.path]).status == 0)
    let again = try run(rubricBinary, ["export", root.path, "--format", "dpo", "-o", out.path])
    #expect(again.status != 0)
    #expect(again.err.contains("--force"))
    #expect(
      try run(rubricBinary, ["export", root.path, "--format", "dpo", "-o", out.path, "--force"])
        .status == 0)
  }

  @Test func anUnchangedExportIsNotWrittenAgainAndAChangeWritesIt() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask, pairTask2])
    let journal = try Journal(
      url: root.appendingPathComponent("annotations/bob.jsonl"), annotator: "bob")
    var a = Annotation(taskId: "p1", annotator: "bob", status: .submitted, orderShown: ["x", "y"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["x"], ["y"]]))
    try journal.append(JournalRecord(annotation: a))
    // Every input an hour old: a result is not kept while a file is young enough to change unseen.
    func age() throws {
      let old = Date().addingTimeInterval(-3600)
      for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
        try FileManager.default.setAttributes(
          [.modificationDate: old], ofItemAtPath: root.appendingPathComponent(path).path)
      }
    }
    try age()
    let out = tempDir("kept").appendingPathComponent("out.jsonl")
    let args = ["export", root.path, "--format", "dpo", "-o", out.path, "--force"]
    func inode() throws -> Int {
      try #require(
        FileManager.default.attributesOfItem(atPath: out.path)[.systemFileNumber] as? Int)
    }
    let first = try run(rubricBinary, args)
    #expect(first.status == 0 && !first.err.contains("up to date"), "\(first.err)")
    let written = try Data(contentsOf: out)
    let node = try inode()
    let again = try run(rubricBinary, args)
    #expect(again.status == 0 && again.err.contains("1 rows") && again.err.contains("up to date"))
    #expect(try inode() == node)
    // The file changed by hand: written again, as the store says.
    try Data("{}\n".utf8).write(to: out)
    #expect(!(try run(rubricBinary, args).err.contains("up to date")))
    #expect(try Data(contentsOf: out) == written)
    // One more answer: written again, with it.
    a.taskId = "p2"
    try journal.append(JournalRecord(annotation: a))
    try age()
    let grown = try run(rubricBinary, args)
    #expect(grown.err.contains("2 rows") && !grown.err.contains("up to date"), "\(grown.err)")
    #expect(readText(out.path).split(separator: "\n").count == 2)
  }

  @Test func twoConcurrentImportsOfSameNamedFilesKeepBoth() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    var pids: [pid_t] = []
    var sources: [URL] = []
    for k in 0..<2 {
      let src = tempDir("imp\(k)").appendingPathComponent("data.jsonl")
      var lines: [String] = []
      for i in 0..<20_000 {
        lines.append(#"{"prompt":"question \#(k)-\#(i)","chosen":"yes","rejected":"no"}"#)
      }
      try (lines.joined(separator: "\n") + "\n").write(to: src, atomically: true, encoding: .utf8)
      sources.append(src)
    }
    for (k, src) in sources.enumerated() {
      pids.append(
        try spawn(
          rubricBinary, ["import", root.path, src.path],
          stdout: tempDir("o\(k)").appendingPathComponent("out").path))
    }
    for pid in pids {
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      #expect(status == 0)
    }
    let stats = try run(rubricBinary, ["check", root.path])
    #expect(stats.out.contains("40001 tasks"), "\(stats.out)")
  }

  @Test func anOpenWithoutATerminalLeavesNoJournalOrLock() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let r = try run(rubricBinary, ["open", root.path, "--annotator", "nobody"])
    #expect(r.status != 0)
    #expect(r.err.contains("needs a terminal"))
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent("annotations/nobody.jsonl").path))
    #expect(
      !FileManager.default.fileExists(
        atPath: root.appendingPathComponent(".rubric/nobody.lock").path))
  }
}
