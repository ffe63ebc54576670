import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Import
@testable import Reports
@testable import Sync
@testable import TaskStore

/// Runs git in a folder (with an identity, as a CI machine may have none); returns its output.
@discardableResult
func git(_ dir: URL, _ args: String...) throws -> String {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments =
    ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-C", dir.path] + args
  let out = Pipe()
  p.standardOutput = out
  p.standardError = FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  guard p.terminationStatus == 0 else {
    throw SyncError.git(doing: args.joined(separator: " "), message: "exit \(p.terminationStatus)")
  }
  return String(decoding: data, as: UTF8.self)
}

/// A bare "team" repository holding a store with a [team], and clones of it.
struct TeamRepo {
  let base = temporaryDirectory("teamrepo")
  var remote: URL { base.appendingPathComponent("remote.git") }
  let annotators: [String]

  init(annotators: [String] = ["alice", "bob", "carol"], overlap: Int = 2, tasks: Int = 12) throws {
    self.annotators = annotators
    try git(base, "init", "--quiet", "--bare", "-b", "main", remote.path)
    let lead = base.appendingPathComponent("lead")
    try git(base, "clone", "--quiet", remote.path, lead.path)
    try FileManager.default.removeItem(at: lead.appendingPathComponent(".git/hooks"))
    try Store.create(at: lead, preset: "pairwise-ranking", annotator: "lead")
    let toml = lead.appendingPathComponent("rubric.toml")
    var text = try String(contentsOf: toml, encoding: .utf8)
    text +=
      "\n[team]\nannotators = [\(annotators.map { "\"\($0)\"" }.joined(separator: ", "))]\noverlap = \(overlap)\nseed = 7\n"
    try text.write(to: toml, atomically: true, encoding: .utf8)
    var lines = Data()
    for i in 0..<tasks {
      lines.append(try TaskCodec.encode(sampleTask("t\(i)")))
      lines.append(0x0A)
    }
    let src = base.appendingPathComponent("batch.jsonl")
    try lines.write(to: src)
    _ = try Importer.importFile(src, into: lead)
    try git(lead, "add", "-A")
    try git(lead, "commit", "--quiet", "-m", "the batch")
    try git(lead, "push", "--quiet", "origin", "HEAD:main")
  }

  func clone(_ name: String) throws -> URL {
    let dir = base.appendingPathComponent(name)
    if !FileManager.default.fileExists(atPath: dir.path) {
      try git(base, "clone", "--quiet", remote.path, dir.path)
    }
    return dir
  }

  /// Submits the next `count` unfinished tasks of the annotator's queue in a clone.
  func work(_ who: String, in dir: URL, count: Int, note: String = "") throws {
    let store = try Store.open(dir, annotator: who)
    let list = store.taskList()
    var done = 0
    for i in store.queue(for: who) ?? [] where done < count {
      let id = list[i].id
      guard store.annotation(for: id) == nil else { continue }
      var a = Annotation(taskId: id, annotator: who, status: .submitted, orderShown: ["c0", "c1"])
      a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
      if !note.isEmpty { a.answers["rationale"] = .text(note) }
      try store.save(a, pos: nil)
      done += 1
    }
  }

  /// Every clone's journals, by file name.
  func journals(_ dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for (who, url) in Store.journalURLs(dir) { out[who] = try Data(contentsOf: url) }
    return out
  }
}

@Suite(.serialized) struct SyncTests {
  @Test func threeAnnotatorsSyncingInAnyOrderEndWithTheSameRecords() throws {
    let repo = try TeamRepo()
    let dirs = try Dictionary(
      uniqueKeysWithValues: repo.annotators.map { ($0, try repo.clone($0)) })
    for who in repo.annotators { try repo.work(who, in: dirs[who]!, count: 4) }
    for who in ["alice", "bob", "carol", "alice", "bob"] {
      let r = try Sync.run(dirs[who]!, annotator: who)
      #expect(r.pushed, "\(who): \(r.lines)")
    }
    for who in repo.annotators { try repo.work(who, in: dirs[who]!, count: 100) }
    var last: Sync.Report?
    for who in ["carol", "alice", "bob", "carol"] {
      last = try Sync.run(dirs[who]!, annotator: who)
    }
    #expect(last?.committed == nil)
    _ = try Sync.run(dirs["alice"]!, annotator: "alice")
    _ = try Sync.run(dirs["bob"]!, annotator: "bob")
    let reference = try repo.journals(dirs["carol"]!)
    for who in repo.annotators {
      #expect(try repo.journals(dirs[who]!) == reference, "\(who)'s clone differs")
    }
    // Each task was seen by exactly `overlap` annotators, and every record is whole.
    var seen: [String: Int] = [:]
    for (who, url) in Store.journalURLs(dirs["alice"]!) {
      let parsed = try Journal.contents(of: url, annotator: who)
      #expect(parsed.problems.isEmpty && parsed.torn == nil)
      for id in Set(parsed.records.map(\.annotation.taskId)) { seen[id, default: 0] += 1 }
    }
    #expect(seen.count == 12 && seen.values.allSatisfy { $0 == 2 })
    // The history holds the commits and merges, and no file with a conflict marker.
    let log = try git(dirs["alice"]!, "log", "--format=%s")
    #expect(log.contains("alice: 4 submitted"))
    #expect(log.contains("carol: 4 submitted"))
  }

  @Test func threeClonesSyncingAtTheSameMomentAllSucceed() throws {
    let repo = try TeamRepo()
    let dirs = try repo.annotators.map { try repo.clone($0) }
    for (who, dir) in zip(repo.annotators, dirs) { try repo.work(who, in: dir, count: 3) }
    let results = SyncResults()
    DispatchQueue.concurrentPerform(iterations: 3) { i in
      let r = Result { try Sync.run(dirs[i], annotator: repo.annotators[i]) }
      results.set(i, r)
    }
    for i in 0..<3 {
      let r = try #require(results.get(i)).get()
      #expect(r.pushed, "\(repo.annotators[i]): \(r.lines)")
    }
    for (who, dir) in zip(repo.annotators, dirs) { _ = try Sync.run(dir, annotator: who) }
    let reference = try repo.journals(dirs[2])
    for dir in dirs { #expect(try repo.journals(dir) == reference) }
    #expect(reference.count == 3)
  }

  @Test func oneAnnotatorOnTwoMachinesMergesWithoutAConflict() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let laptop = try repo.clone("laptop")
    let desktop = try repo.clone("desktop")
    // The same first task on both machines, answered differently, and one more on the desktop.
    try repo.work("alice", in: laptop, count: 1, note: "on the laptop")
    try repo.work("alice", in: desktop, count: 2, note: "on the desktop")
    #expect(try Sync.run(laptop, annotator: "alice").pushed)
    #expect(try Sync.run(desktop, annotator: "alice").pushed)
    #expect(try Sync.run(laptop, annotator: "alice").incoming == ["alice": 2])
    let both = try Journal.contents(
      of: laptop.appendingPathComponent("annotations/alice.jsonl"), annotator: "alice")
    #expect(both.problems.isEmpty && both.torn == nil)
    #expect(Set(both.records.map(\.annotation.taskId)).count == 2)
    #expect(both.records.count == 3)
    #expect(try repo.journals(laptop) == repo.journals(desktop))
  }

  /// Alice has submitted and synced; bob's clone does `change` to her journal, commits and pushes.
  func teammateChanges(_ change: (URL) throws -> Void) throws -> (
    repo: TeamRepo, alice: URL, before: Data, report: Sync.Report
  ) {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 6)
    let alice = try repo.clone("alice")
    try repo.work("alice", in: alice, count: 3)
    #expect(try Sync.run(alice, annotator: "alice").pushed)
    let before = try Data(contentsOf: alice.appendingPathComponent("annotations/alice.jsonl"))
    let bob = try repo.clone("bob")
    try change(bob)
    try git(bob, "add", "-A")
    try git(bob, "-c", "user.name=bob", "commit", "--quiet", "-m", "bob tidies up")
    try git(bob, "push", "--quiet", "origin", "HEAD:main")
    let report = try Sync.run(alice, annotator: "alice")
    return (repo, alice, before, report)
  }

  @Test func aTeammatesGitRmOfMyJournalIsUndoneCommittedAndNamed() throws {
    let (repo, alice, before, report) = try teammateChanges { bob in
      try git(bob, "rm", "--quiet", "annotations/alice.jsonl")
    }
    #expect(try Data(contentsOf: alice.appendingPathComponent("annotations/alice.jsonl")) == before)
    #expect(report.restored.count == 1)
    #expect(
      report.restored.first?.contains("deleted by") == true
        && report.restored.first?.contains("(bob)") == true)
    #expect(report.pushed)
    #expect(try git(alice, "log", "-1", "--format=%s").contains("restored annotations/alice.jsonl"))
    // The team has the records back.
    let bob = try repo.clone("bob")
    try git(bob, "pull", "--quiet", "--no-rebase", "origin", "main")
    #expect(try Data(contentsOf: bob.appendingPathComponent("annotations/alice.jsonl")) == before)
  }

  @Test func checkNamesTheCommitThatRemovedJournalLinesUntilTheyAreBack() throws {
    let (repo, alice, _, _) = try teammateChanges { bob in
      try git(bob, "rm", "--quiet", "annotations/alice.jsonl")
    }
    // Bob's clone, before alice's sync put the lines back: check names his commit.
    let other = try repo.clone("carol")
    try git(other, "fetch", "--quiet", "origin")
    try git(other, "reset", "--quiet", "--hard", "origin/main~1")
    let lost = Sync.lostJournalLines(other)
    #expect(
      lost.count == 1
        && lost.first?.hasPrefix("annotations/alice.jsonl: 3 lines removed by ") == true, "\(lost)")
    #expect(lost.first?.contains("(bob)") == true)
    // Alice's clone, restored: nothing is missing.
    #expect(Sync.lostJournalLines(alice).isEmpty)
  }

  @Test func linesCutFromMyJournalComeBackBeforeWhatWasAdded() throws {
    let (_, alice, before, report) = try teammateChanges { bob in
      let url = bob.appendingPathComponent("annotations/alice.jsonl")
      var lines = try String(contentsOf: url, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false)
      lines.remove(at: 1)
      try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    let now = try Data(contentsOf: alice.appendingPathComponent("annotations/alice.jsonl"))
    #expect(now == before)
    #expect(report.restored.first?.contains("1 line removed by") == true)
    let parsed = try Journal.contents(
      of: alice.appendingPathComponent("annotations/alice.jsonl"), annotator: "alice")
    #expect(parsed.records.count == 3 && parsed.problems.isEmpty)
  }

  @Test func myJournalReplacedByALinkIsPutBack() throws {
    let (_, alice, before, report) = try teammateChanges { bob in
      let url = bob.appendingPathComponent("annotations/alice.jsonl")
      try FileManager.default.removeItem(at: url)
      try FileManager.default.createSymbolicLink(
        atPath: url.path, withDestinationPath: "/etc/hostname")
    }
    var info = stat()
    #expect(
      lstat(alice.appendingPathComponent("annotations/alice.jsonl").path, &info) == 0
        && (info.st_mode & S_IFMT) == S_IFREG)
    #expect(try Data(contentsOf: alice.appendingPathComponent("annotations/alice.jsonl")) == before)
    #expect(report.restored.first?.contains("replaced by a link") == true)
  }

  @Test func recordsAppendedToMyJournalByATeammateAreNamed() throws {
    let (_, alice, before, report) = try teammateChanges { bob in
      let url = bob.appendingPathComponent("annotations/alice.jsonl")
      let h = try FileHandle(forWritingTo: url)
      h.seekToEndOfFile()
      h.write(try Data(contentsOf: url).prefix { $0 != 0x0A } + Data([0x0A]))
      try h.close()
    }
    #expect(report.restored.isEmpty)
    #expect(
      report.warnings.contains {
        $0.contains("annotations/alice.jsonl, your journal, was changed by another author's commit")
          && $0.contains("(bob)")
      })
    #expect(
      try Data(contentsOf: alice.appendingPathComponent("annotations/alice.jsonl")).count
        > before.count)
  }

  @Test func aCloneMadeBeforeMyFirstPushSyncs() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let laptop = try repo.clone("laptop")
    let desktop = try repo.clone("desktop")
    try repo.work("alice", in: laptop, count: 1)
    #expect(try Sync.run(laptop, annotator: "alice").pushed)
    // Opening the store on the desktop writes no journal of its own.
    _ = try Store.open(desktop, annotator: "alice")
    #expect(
      !FileManager.default.fileExists(
        atPath: desktop.appendingPathComponent("annotations/alice.jsonl").path))
    // An empty one an older version left does not stop the merge either.
    #expect(
      FileManager.default.createFile(
        atPath: desktop.appendingPathComponent("annotations/alice.jsonl").path, contents: Data()))
    let report = try Sync.run(desktop, annotator: "alice")
    #expect(report.incoming == ["alice": 1])
    #expect(try repo.journals(desktop) == repo.journals(laptop))
  }

  @Test func theLatestAnswerByItsTimeWinsOnEveryCloneWhateverTheLineOrder() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let a = try repo.clone("machine-a")
    let b = try repo.clone("machine-b")
    func answer(_ dir: URL, at time: String, _ first: String) throws {
      let store = try Store.open(dir, annotator: "alice")
      let id = try #require(store.queue(for: "alice")?.first.map { store.taskList()[$0].id })
      var x = Annotation(
        taskId: id, annotator: "alice", status: .submitted, orderShown: ["c0", "c1"], updated: time)
      x.answers["rank"] = .ranking(Ranking(tiers: [[first], [first == "c0" ? "c1" : "c0"]]))
      try store.save(x, pos: nil)
    }
    // B answers at 10:00 and syncs; A answers the same task at 11:00 and syncs.
    try answer(b, at: "2026-12-01T10:00:00.000Z", "c1")
    #expect(try Sync.run(b, annotator: "alice").pushed)
    try answer(a, at: "2026-12-01T11:00:00.000Z", "c0")
    #expect(try Sync.run(a, annotator: "alice").pushed)
    _ = try Sync.run(b, annotator: "alice")
    for dir in [a, b] {
      let url = dir.appendingPathComponent("annotations/alice.jsonl")
      let contents = try Journal.contents(of: url, annotator: "alice")
      #expect(contents.records.count == 2)
      let latest = try #require(contents.latest.values.first?.annotation)
      #expect(latest.updated == "2026-12-01T11:00:00.000Z", "\(dir.lastPathComponent)")
      // The workstation's reader agrees with the tools'.
      let store = try Store.open(dir, annotator: "alice", readOnly: true)
      #expect(
        store.annotation(for: latest.taskId)?.updated == "2026-12-01T11:00:00.000Z",
        "\(dir.lastPathComponent)")
    }
  }

  @Test func aRemoteThatNeverAnswersIsGivenUpOnAndLeavesNoProcessBehind() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let dir = try repo.clone("alice")
    try repo.work("alice", in: dir, count: 1)
    // An ssh remote that accepts the connection and never says a word.
    let script = repo.base.appendingPathComponent("stall.sh")
    let marker = "301.\(getpid() % 1000)"
    try "#!/bin/sh\nexec sleep \(marker)\n".write(to: script, atomically: true, encoding: .utf8)
    chmod(script.path, 0o755)
    try git(dir, "remote", "set-url", "origin", "ssh://stall.invalid/team.git")
    try git(dir, "config", "core.sshCommand", script.path)
    let started = Date()
    let report = try Sync.run(dir, annotator: "alice", timeout: 1)
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(report.committed != nil)
    #expect(
      report.pending?.contains("the team's remote did not answer within 1 s") == true,
      "\(report.lines)")
    #expect(!report.pushed)
    usleep(200_000)
    let left = try git(dir, "--version")  // any command, to be sure git itself still runs
    #expect(!left.isEmpty)
    let ps = Process()
    ps.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    ps.arguments = ["pgrep", "-f", "sleep \(marker)"]
    ps.standardOutput = FileHandle.nullDevice
    try ps.run()
    ps.waitUntilExit()
    #expect(ps.terminationStatus == 1, "a sleep of the stalled ssh is still running")
  }

  @Test func aGitattributesOverrideOfTheJournalsMergeIsUndone() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let laptop = try repo.clone("laptop")
    try repo.work("alice", in: laptop, count: 1)
    _ = try Sync.run(laptop, annotator: "alice")
    // A teammate appends an override that makes every journal merge as binary.
    let bob = try repo.clone("bob")
    let attributes = bob.appendingPathComponent(".gitattributes")
    try (try String(contentsOf: attributes, encoding: .utf8) + "annotations/*.jsonl merge=binary\n")
      .write(to: attributes, atomically: true, encoding: .utf8)
    try git(bob, "commit", "--quiet", "-am", "binary")
    try git(bob, "push", "--quiet", "origin", "HEAD:main")
    // Two machines of alice's, each with a new answer: both syncs merge by union.
    let desktop = try repo.clone("desktop")
    try repo.work("alice", in: laptop, count: 1, note: "laptop")
    try repo.work("alice", in: desktop, count: 1, note: "desktop")
    #expect(try Sync.run(laptop, annotator: "alice").pushed)
    #expect(try Sync.run(desktop, annotator: "alice").pushed)
    #expect(
      try git(desktop, "check-attr", "merge", "--", "annotations/alice.jsonl").hasSuffix(
        "merge: union\n"))
    _ = try Sync.run(laptop, annotator: "alice")
    #expect(try repo.journals(laptop) == repo.journals(desktop))
  }

  @Test func syncWithoutANameStopsAndNamesWhoHasRecordsThenRemembersTheName() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 2, tasks: 4)
    let dir = try repo.clone("alice")
    try repo.work("alice", in: dir, count: 2)
    // rubric.toml names the lead: sync would commit nothing of alice's.
    do {
      _ = try Sync.run(dir, annotator: nil)
      Issue.record("sync guessed a name")
    } catch {
      #expect("\(error)".contains("alice has 2 records not yet committed"), "\(error)")
      #expect("\(error)".contains("--annotator alice"))
    }
    // Named once, remembered: the next sync needs no name.
    #expect(
      try Sync.run(dir, annotator: "alice").committed?.hasPrefix("alice: 2 submitted") == true)
    #expect(Store.rememberedAnnotator(dir) == "alice")
    try repo.work("alice", in: dir, count: 1)
    #expect(try Sync.run(dir, annotator: nil).committed?.hasPrefix("alice: 1 submitted") == true)
    #expect(try Store.open(dir, readOnly: true).annotator == "alice")
  }

  @Test func offlineItCommitsLocallyAndPushesNextTime() throws {
    let repo = try TeamRepo(annotators: ["alice"], overlap: 1, tasks: 3)
    let dir = try repo.clone("alice")
    try repo.work("alice", in: dir, count: 2)
    let moved = repo.base.appendingPathComponent("away.git")
    try FileManager.default.moveItem(at: repo.remote, to: moved)
    let offline = try Sync.run(dir, annotator: "alice")
    #expect(offline.committed == "alice: 2 submitted")
    #expect(!offline.pushed)
    #expect(offline.pending?.hasPrefix("offline") == true)
    try FileManager.default.moveItem(at: moved, to: repo.remote)
    let online = try Sync.run(dir, annotator: "alice")
    #expect(online.committed == nil && online.pushed)
    #expect(try git(repo.remote, "log", "--format=%s", "main").contains("alice: 2 submitted"))
  }

  @Test func itRefusesWhileTheAnnotatorHasTheStoreOpen() throws {
    let repo = try TeamRepo(annotators: ["alice"], overlap: 1, tasks: 2)
    let dir = try repo.clone("alice")
    let open = try Store.open(dir, annotator: "alice")
    do {
      _ = try Sync.run(dir, annotator: "alice")
      Issue.record("sync ran while the store was open")
    } catch {
      // Sync says what to do, and not the workstation's --read-only, which it does not take.
      #expect(
        "\(error)".contains("quit rubric there first") && !"\(error)".contains("--read-only"),
        "\(error)")
    }
    _ = open
    #expect(try Sync.run(dir, annotator: "bob").pushed)
  }

  @Test func aReviewersDecisionsTravelAndTheReviewScreenHoldsTheirLock() throws {
    let repo = try TeamRepo(annotators: ["alice", "lead"], overlap: 2, tasks: 2)
    let dir = try repo.clone("lead")
    try repo.work("alice", in: try repo.clone("alice"), count: 2)
    _ = try Sync.run(try repo.clone("alice"), annotator: "alice")
    var reviews: Store? = try Store.open(dir, annotator: "lead", asReviewer: true)
    var d = Annotation(taskId: "t0", annotator: "lead", status: .submitted)
    d.review = Review(
      decision: .sentBack, settles: [Review.Settled(annotator: "alice", updated: "")], note: "again"
    )
    try reviews?.save(d, pos: nil)
    // While the review screen has the journal, sync waits; after, the decision is committed and pushed.
    #expect(throws: (any Error).self) { _ = try Sync.run(dir, annotator: "lead") }
    reviews = nil
    let report = try Sync.run(dir, annotator: "lead")
    #expect(report.pushed && report.committed == "lead: 1 review decision")
    let alice = try repo.clone("alice")
    _ = try Sync.run(alice, annotator: "alice")
    #expect(try Reviews.decisions(alice)["t0"]?.review?.note == "again")
  }

  @Test func locksAStoppedGitLeftAreRemovedAndNamed() throws {
    let repo = try TeamRepo(annotators: ["alice"], overlap: 1, tasks: 2)
    let dir = try repo.clone("alice")
    try repo.work("alice", in: dir, count: 1)
    // What a git killed by SIGKILL or a power cut leaves: its locks, with or without content.
    for path in [".git/index.lock", ".git/ORIG_HEAD.lock", ".git/refs/heads/main.lock"] {
      #expect(
        FileManager.default.createFile(
          atPath: dir.appendingPathComponent(path).path, contents: Data("x".utf8)))
    }
    let report = try Sync.run(dir, annotator: "alice")
    #expect(
      report.cleared == [".git/ORIG_HEAD.lock", ".git/index.lock", ".git/refs/heads/main.lock"])
    #expect(
      report.lines.first == "removed .git/ORIG_HEAD.lock: a lock left by a git that was stopped")
    #expect(report.pushed && report.committed == "alice: 1 submitted")
    #expect(
      !FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git/index.lock").path))
    #expect(try git(repo.remote, "log", "--format=%s", "main").contains("alice: 1 submitted"))
    // With nothing left behind, nothing is removed.
    #expect(try Sync.run(dir, annotator: "alice").cleared.isEmpty)
  }

  @Test func aLockALiveGitHoldsIsLeftAndThatGitIsNamed() throws {
    let repo = try TeamRepo(annotators: ["alice"], overlap: 1, tasks: 2)
    let dir = try repo.clone("alice")
    try repo.work("alice", in: dir, count: 1)
    // A git the annotator runs in another terminal, still working (it waits for input).
    let live = Process()
    live.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    live.arguments = ["git", "-C", dir.path, "cat-file", "--batch"]
    let input = Pipe()
    live.standardInput = input
    live.standardOutput = FileHandle.nullDevice
    try live.run()
    let lock = dir.appendingPathComponent(".git/index.lock")
    #expect(FileManager.default.createFile(atPath: lock.path, contents: Data()))
    do {
      _ = try Sync.run(dir, annotator: "alice", lockWait: 0.3)
      Issue.record("sync removed a lock a live git holds")
    } catch {
      #expect("\(error)".contains("pid \(live.processIdentifier) (git -C"), "\(error)")
      #expect("\(error)".contains("holds \(lock.path)"), "\(error)")
    }
    #expect(FileManager.default.fileExists(atPath: lock.path))
    #expect(try git(repo.remote, "log", "--format=%s", "main").contains("alice") == false)
    // Once that git has ended, its lock is a stopped git's: removed, and the sync goes on.
    try input.fileHandleForWriting.close()
    live.waitUntilExit()
    let report = try Sync.run(dir, annotator: "alice")
    #expect(report.cleared == [".git/index.lock"] && report.pushed)
  }

  @Test func aFolderThatIsNotARepositoryIsNamed() throws {
    let root = try makeStore(tasks: [sampleTask("t")])
    #expect(throws: SyncError.notARepository(root.path)) {
      _ = try Sync.run(root, annotator: "ann")
    }
  }
}

/// Results of concurrent work, by index.
final class SyncResults: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Int: Result<Sync.Report, any Error>] = [:]
  func set(_ i: Int, _ r: Result<Sync.Report, any Error>) { lock.withLock { values[i] = r } }
  func get(_ i: Int) -> Result<Sync.Report, any Error>? { lock.withLock { values[i] } }
}

@Suite struct RepeatedRecordTests {
  @Test func aRecordRepeatedWordForWordIsNotedAndCountsOnce() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let store = try Store.open(root, annotator: "ann")
    var a = Annotation(
      taskId: "t0", annotator: "ann", status: .submitted, orderShown: ["c0", "c1"])
    a.answers["rank"] = .ranking(Ranking(tiers: [["c0"], ["c1"]]))
    try store.save(a, pos: nil)
    let url = root.appendingPathComponent("annotations/ann.jsonl")
    let data = try Data(contentsOf: url)
    try (data + data).write(to: url)
    let report = StoreCheck.run(root)
    #expect(
      report.notes.contains {
        $0 == "annotations/ann.jsonl: 1 record repeated word for word; each counts once"
      })
    #expect(report.problems.isEmpty)
    #expect(try exportText(root, .dpo).count == 1)
  }
}

@Suite(.serialized) struct SyncConflictTests {
  @Test func aConflictInAFilePeopleEditStopsWithGitsMessageAndTheFix() throws {
    let repo = try TeamRepo(annotators: ["alice", "bob"], overlap: 1, tasks: 2)
    let alice = try repo.clone("alice")
    let bob = try repo.clone("bob")
    // Both change the form's title and commit it themselves; bob pushes first.
    for (dir, title) in [(bob, "Bob's title"), (alice, "Alice's title")] {
      let toml = dir.appendingPathComponent("rubric.toml")
      let text = try String(contentsOf: toml, encoding: .utf8).replacingOccurrences(
        of: "title = \"Pairwise preference\"", with: "title = \"\(title)\"")
      try text.write(to: toml, atomically: true, encoding: .utf8)
      try git(dir, "commit", "--quiet", "-am", "retitle")
    }
    #expect(try Sync.run(bob, annotator: "bob").pushed)
    try repo.work("alice", in: alice, count: 1)
    do {
      _ = try Sync.run(alice, annotator: "alice")
      Issue.record("a conflict in rubric.toml went through")
    } catch let SyncError.conflict(files, message, dir) {
      #expect(files == ["rubric.toml"])
      #expect(message.contains("CONFLICT"))
      #expect(dir == alice.path)
    }
    // The merge was undone: no conflict markers, and alice's record is committed.
    #expect(
      !(try String(contentsOf: alice.appendingPathComponent("rubric.toml"), encoding: .utf8))
        .contains("<<<<<<<"))
    #expect(try git(alice, "log", "--format=%s").contains("alice: "))
  }
}
