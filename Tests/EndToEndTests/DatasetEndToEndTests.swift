import Foundation
import Testing

@testable import TaskStore

/// Real datasets through the real binary: a pipe, a dry run, refusals, and completion in bash.
@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct DatasetEndToEndTests {
  @Test func importFromAPipeAndADryRunThatWritesNothing() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let lines =
      (0..<50).map { #"{"prompt":"q\#($0)","chosen":"a\#($0)","rejected":"b\#($0)"}"# }.joined(
        separator: "\n") + "\n"
    let dry = try run(rubricBinary, ["import", "--dry-run", root.path, "-"], stdin: lines)
    #expect(dry.status == 0, "\(dry.err)")
    #expect(
      dry.out.contains("format: trl (line 1 has the fields \"chosen\", \"prompt\", \"rejected\""))
    #expect(dry.out.contains("would import: standard input: 50 imported"))
    #expect(Store.taskFileURLs(root).count == 1)
    let piped = try run(rubricBinary, ["import", root.path, "-"], stdin: lines)
    #expect(piped.status == 0, "\(piped.err)")
    #expect(piped.out.contains("standard input: 50 imported"))
    #expect(piped.out.contains("-> tasks/stdin.jsonl"))
    let bad = try run(rubricBinary, ["import", root.path, "-"], stdin: "PAR1 not really parquet")
    #expect(bad.status == 1)
    #expect(bad.err.contains("Parquet"))
  }

  @Test func aPipeIsImportedAsItComesWithNoCopyOnDisk() throws {
    let root = try cliStore(preset: "pairwise", tasks: [pairTask])
    let dir = tempDir("slow-pipe")
    func part(_ range: Range<Int>) throws -> String {
      let url = dir.appendingPathComponent("part-\(range.lowerBound).jsonl")
      let text = range.map { #"{"prompt":"q\#($0)","chosen":"a\#($0)","rejected":"b\#($0)"}"# }
      try (text.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
      return url.path
    }
    // More than the 4 KB read first to sniff the data, so the import starts before the pause.
    let first = try part(0..<200)
    let second = try part(200..<400)
    // The pipe pauses halfway: a copy would sit in .rubric/ meanwhile; a stream leaves nothing there.
    let out = dir.appendingPathComponent("out.txt")
    let pid = try spawn(
      "/bin/sh", ["-c", "(cat \(first); sleep 1.5; cat \(second)) | \(rubricBinary) import \(root.path) -"],
      stdout: out.path)
    var copies: Set<String> = []
    var taskTemps: Set<String> = []
    for _ in 0..<30 {
      usleep(50_000)
      let hidden = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".rubric").path)) ?? []
      copies.formUnion(hidden.filter { $0.hasPrefix(".import-") })
      let tasks = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tasks").path)) ?? []
      taskTemps.formUnion(tasks.filter { $0.contains(".tmp-") })
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    #expect(status == 0)
    #expect(readText(out.path).contains("standard input: 400 imported"))
    #expect(!taskTemps.isEmpty, "the import was under way while the folders were watched")
    #expect(copies.isEmpty, "\(copies)")
  }

  @Test func bashCompletesTheSubcommands() throws {
    guard tmuxReady() else { return }
    let bin = tempDir("bin")
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("rubric"),
      withDestinationURL: URL(fileURLWithPath: rubricBinary))
    let script = try run(rubricBinary, ["--generate-completion-script", "bash"])
    #expect(script.status == 0)
    let scriptURL = bin.appendingPathComponent("rubric.bash")
    try script.out.write(to: scriptURL, atomically: true, encoding: .utf8)
    let t = try Tmux(width: 100, height: 20, command: "bash --norc --noprofile -i")
    usleep(500_000)
    // One command a line: tmux reads a ';' in send-keys as its own separator.
    for line in ["export PATH=\(bin.path):$PATH", "source \(scriptURL.path)", "clear"] {
      try t.type(line)
      try t.send("Enter")
    }
    usleep(500_000)
    try t.type("rubric ex")
    try t.send("Tab")
    let completed = try t.waitFor("rubric export")
    let screen = try t.capture()
    #expect(completed, "\(screen)")
  }

  @Test func versionNamesTheRelease() throws {
    let v = try run(rubricBinary, ["--version"])
    #expect(v.status == 0)
    #expect(v.out.hasPrefix("rubric 0."))
    #expect(v.out.contains("(build "))
  }
}
