import Foundation
import Testing

@testable import Annotation
@testable import TaskStore

/// git in a folder, with an identity (a CI machine may have none).
@discardableResult
func gitE2E(_ dir: URL, _ args: [String]) throws -> String {
  let r = try run(
    "/usr/bin/env",
    ["git", "-c", "user.name=lead", "-c", "user.email=lead@example.invalid", "-C", dir.path] + args)
  #expect(r.status == 0, "git \(args.joined(separator: " ")): \(r.err)")
  return r.out
}

/// A bare team repository with a pairwise store for alice, bob and carol (overlap 2), and their clones.
struct TeamClones {
  let base = tempDir("team")
  let names = ["alice", "bob", "carol"]
  var remote: URL { base.appendingPathComponent("team.git") }
  func dir(_ who: String) -> URL { base.appendingPathComponent(who) }

  init(tasks: Int = 9) throws {
    try gitE2E(base, ["init", "--quiet", "--bare", "-b", "main", remote.path])
    let lead = base.appendingPathComponent("lead")
    try gitE2E(base, ["clone", "--quiet", remote.path, lead.path])
    let store = lead.appendingPathComponent("store")
    #expect(
      try run(rubricBinary, ["init", store.path, "--preset", "pairwise", "--annotator", "lead"])
        .status == 0)
    let toml = store.appendingPathComponent("rubric.toml")
    try
      (try String(contentsOf: toml, encoding: .utf8)
      + "\n[team]\nannotators = [\"alice\", \"bob\", \"carol\"]\noverlap = 2\nseed = 3\n")
      .write(to: toml, atomically: true, encoding: .utf8)
    let src = base.appendingPathComponent("batch.jsonl")
    var lines = ""
    for i in 0..<tasks {
      lines +=
        #"{"id":"q\#(i)","context":[{"role":"user","content":"Question \#(i)?"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"Answer A \#(i)."}]},{"id":"b","messages":[{"role":"assistant","content":"Answer B \#(i)."}]}]}"#
        + "\n"
    }
    try lines.write(to: src, atomically: true, encoding: .utf8)
    #expect(try run(rubricBinary, ["import", store.path, src.path]).status == 0)
    try gitE2E(lead, ["add", "-A"])
    try gitE2E(lead, ["commit", "--quiet", "-m", "batch 1"])
    try gitE2E(lead, ["push", "--quiet", "origin", "HEAD:main"])
    for who in names { try gitE2E(base, ["clone", "--quiet", remote.path, dir(who).path]) }
  }

  func store(_ who: String) -> URL { dir(who).appendingPathComponent("store") }

  /// Works `count` tasks of the annotator's queue in a real `rubric open`: 2 keys each.
  func work(_ who: String, count: Int) throws {
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(store(who).path) --annotator \(who)")
    #expect(try t.waitFor("\(who)'s queue"))
    for _ in 0..<count {
      let before = try t.capture()
      try t.send("2")
      try t.send("Enter")
      for _ in 0..<100 where try t.capture() == before { usleep(20_000) }
    }
    try t.send("q")
    _ = try t.waitForExit()
  }

  func sync(_ who: String) throws -> String {
    let r = try run(rubricBinary, ["sync", store(who).path, "--annotator", who])
    #expect(r.status == 0, "\(who): \(r.err)")
    return r.out
  }

  func journals(_ who: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for (name, url) in Store.journalURLs(store(who)) { out[name] = try Data(contentsOf: url) }
    return out
  }
}

@Suite(.serialized, .enabled(if: tmuxAvailable, tmuxSkipReason))
struct TeamEndToEndTests {
  @Test func threeAnnotatorsWorkOfflineThenSyncAndEveryCloneEndsEqual() throws {
    guard tmuxReady() else { return }
    let team = try TeamClones()
    for who in team.names { try team.work(who, count: 3) }
    for who in ["alice", "bob", "carol", "alice", "bob"] { _ = try team.sync(who) }
    // The rest of each queue (rubric queue lists it).
    for who in team.names {
      let queue = try run(rubricBinary, ["queue", team.store(who).path, "--annotator", who]).out
        .split(separator: "\n")
      try team.work(who, count: queue.count - 3)
    }
    var last = ""
    for who in ["carol", "alice", "bob", "carol"] { last = try team.sync(who) }
    #expect(last.contains("nothing new to commit"))
    _ = try team.sync("alice")
    _ = try team.sync("bob")
    let reference = try team.journals("carol")
    for who in team.names { #expect(try team.journals(who) == reference, "\(who)") }
    // Every task seen by exactly two annotators, each record whole.
    var seen: [String: Int] = [:]
    for (name, url) in Store.journalURLs(team.store("alice")) {
      let contents = try Journal.contents(of: url, annotator: name)
      #expect(contents.problems.isEmpty && contents.torn == nil)
      for id in Set(
        contents.records.filter { $0.annotation.status == .submitted }.map(\.annotation.taskId))
      { seen[id, default: 0] += 1 }
    }
    #expect(seen.count == 9 && seen.values.allSatisfy { $0 == 2 }, "\(seen)")
    let log = try gitE2E(team.dir("alice"), ["log", "--format=%s"])
    #expect(log.contains("alice: 3 submitted"))
    #expect(!log.contains("onflict"))
  }

  @Test func aKillInTheMiddleOfASyncLosesAndDuplicatesNothing() throws {
    guard tmuxReady() else { return }
    let team = try TeamClones(tasks: 6)
    try team.work("alice", count: 2)
    let out = tempDir("sync-kill").appendingPathComponent("out")
    // Any temporary file of Rubric's (git's output, where it is not in memory) would go
    // here; a kill must leave none.
    let tmp = tempDir("sync-kill-tmp")
    for delay in [5_000, 30_000, 80_000, 150_000] as [useconds_t] {
      let pid = try spawn(
        rubricBinary, ["sync", team.store("alice").path, "--annotator", "alice"],
        env: ["TMPDIR": tmp.path], stdout: out.path)
      usleep(delay)
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      // git may still be finishing what rubric started.
      usleep(500_000)
      let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
      #expect(left.isEmpty, "killed after \(delay) µs, left in TMPDIR: \(left)")
    }
    _ = try team.sync("alice")
    _ = try team.sync("bob")
    let local = try team.journals("alice")["alice"]
    #expect(local != nil)
    #expect(try team.journals("bob")["alice"] == local)
    let records = Journal.parse(try #require(local)).records
    #expect(records.filter { $0.annotation.status == .submitted }.count == 2)
    let remoteLog = try gitE2E(team.remote, ["log", "--format=%s", "main"])
    #expect(remoteLog.components(separatedBy: "alice: 2 submitted").count == 2, "\(remoteLog)")
  }

  @Test func openRemembersTheAnnotatorSoOpenAndSyncNeedNoNameAfterTheFirstTime() throws {
    guard tmuxReady() else { return }
    let team = try TeamClones(tasks: 4)
    // The first time names alice; the second `rubric open` names no one (USER is e2e).
    try team.work("alice", count: 1)
    let t = try Tmux(
      width: 120, height: 40, command: "\(rubricBinary) open \(team.store("alice").path)",
      env: ["USER": "e2e"])
    let remembered = try t.waitFor("alice's queue")
    let shown = try t.capture()
    #expect(remembered, "the second open did not remember alice:\n\(shown)")
    let before = try t.capture()
    try t.send("2")
    try t.send("Enter")
    for _ in 0..<100 where try t.capture() == before { usleep(20_000) }
    try t.send("q")
    #expect(try t.waitForExit() == 0)
    let journals = try team.journals("alice")
    #expect(journals.keys.sorted() == ["alice"], "journals: \(journals.keys.sorted())")
    let submitted = Journal.parse(journals["alice"] ?? Data()).records
      .filter { $0.annotation.status == .submitted }
    #expect(Set(submitted.map(\.annotation.taskId)).count == 2)
    // sync with no --annotator commits alice's two records and pushes them.
    let r = try run(rubricBinary, ["sync", team.store("alice").path], env: ["USER": "e2e"])
    #expect(r.status == 0, "sync: \(r.out) \(r.err)")
    #expect(r.out.contains("committed:") && r.out.contains("pushed"), "\(r.out)")
    let remoteFiles = try gitE2E(team.remote, ["ls-tree", "-r", "--name-only", "main"])
    #expect(remoteFiles.contains("store/annotations/alice.jsonl"), "\(remoteFiles)")
  }
}
