import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Import
@testable import Places
@testable import Reports
@testable import TaskStore

@Suite struct StoreTests {
  @Test func tasksAreReadOnDemandThroughTheIndex() throws {
    let root = try makeStore(tasks: (0..<500).map { sampleTask("t\($0)") })
    let store = try Store.open(root, annotator: "ann")
    let first = try #require(store.firstTask())
    #expect(first.entry.id == "t0")
    store.indexNow()
    #expect(store.count == 500)
    #expect(try store.task(at: 321).task.id == "t321")
    #expect(store.index(of: "t499") == 499)
    #expect(store.cache.count <= Store.cacheLimit)
    for i in 0..<200 { _ = try store.task(at: i) }
    #expect(store.cache.count <= Store.cacheLimit)
  }

  @Test func theIndexCacheIsUsedAndInvalidated() throws {
    let root = try makeStore(tasks: (0..<50).map { sampleTask("t\($0)") })
    do {
      let s = try Store.open(root, annotator: "ann")
      s.indexNow()
    }
    let cacheFile = root.appendingPathComponent(".rubric/index/tasks_src.idx")
    let names = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent(".rubric/index").path)
    #expect(names.count == 1)
    _ = cacheFile
    let taskFile = Store.taskFileURLs(root)[0]
    let f = try TaskFile(
      url: taskFile, name: "tasks/" + taskFile.lastPathComponent,
      cacheDir: root.appendingPathComponent(".rubric/index"))
    let sig = try #require(f.fileSignature())
    #expect(f.loadCache(sig)?.count == 50)
    var changed = sig
    changed.hash &+= 1
    #expect(f.loadCache(changed) == nil)
    changed = sig
    changed.size += 1
    #expect(f.loadCache(changed) == nil)
  }

  @Test func badLinesAreReportedAndTheRestStaysUsable() throws {
    let root = try makeStore(tasks: [sampleTask("t1")])
    let extra = root.appendingPathComponent("tasks/zz.jsonl")
    var bytes = Data(#"{"id":"ok1","context":[]}"#.utf8 + [0x0A])
    bytes.append(Data(#"{"id":"bad","context":[{"role":"robot","content":"x"}]}"#.utf8 + [0x0A]))
    bytes.append(
      Data(
        #"{"id":"utf","context":[{"role":"user","content":"caf"#.utf8 + [0xE9] + #""}]}"#.utf8 + [
          0x0A
        ]))
    bytes.append(Data(#"{"id":"t1","context":[]}"#.utf8 + [0x0A]))
    try bytes.write(to: extra)
    let report = StoreCheck.run(root)
    #expect(
      report.problems.contains(
        "tasks/zz.jsonl:2: context[0].role: unknown role (expected system, user, assistant or tool)"
      ))
    #expect(
      report.problems.contains(
        "tasks/zz.jsonl:3: invalid UTF-8 or a lone surrogate, shown repaired (U+FFFD)"))
    #expect(report.problems.contains { $0.hasPrefix("tasks/zz.jsonl:4: id: duplicate id \"t1\"") })
    let store = try Store.open(root, annotator: "ann")
    store.indexNow()
    #expect(store.count == 5)
    #expect(try store.task(at: 1).task.id == "ok1")
    let repaired = try store.task(at: 3)
    #expect(repaired.repaired)
    #expect(repaired.task.context[0].content == "caf\u{FFFD}")
  }

  @Test func reimportingAddsNoDuplicates() throws {
    let root = try makeStore(tasks: [sampleTask("t1"), sampleTask("t2")])
    let src = root.appendingPathComponent("again.jsonl")
    try
      (String(decoding: try TaskCodec.encode(sampleTask("t1")), as: UTF8.self) + "\n"
      + String(decoding: try TaskCodec.encode(sampleTask("t3")), as: UTF8.self) + "\n").write(
        to: src, atomically: true, encoding: .utf8)
    let summary = try Importer.importFile(src, into: root)
    #expect(summary.imported == 1)
    #expect(summary.duplicates == 1)
  }

  @Test func canonicalLinesRoundTripByteForByte() throws {
    var t = sampleTask("rt")
    t.meta = [
      "source": .string("x"), "n": .int(3),
      "nested": .object(["a": .array([.bool(true), .null, .double(1.5)])]),
    ]
    t.prior = Prior(ranking: [["c1"], ["c0"]], source: "hh")
    let line = try TaskCodec.encode(t)
    #expect(line.starts(with: Data(#"{"id":"rt","#.utf8)))
    let back = try TaskCodec.decode(line, file: "f", line: 1).task
    #expect(back == t)
    #expect(try TaskCodec.encode(back) == line)
  }

  @Test func statsMatchAHandMadeJournal() throws {
    func ann(_ id: String, _ status: Status, order: [String], top: [[String]], ms: Int)
      -> JournalRecord
    {
      JournalRecord(
        annotation: Annotation(
          taskId: id, annotator: "ann", status: status,
          answers: ["rank": .ranking(Ranking(tiers: top))], orderShown: order, activeMs: ms))
    }
    let records = [
      ann("t1", .draft, order: ["a", "b"], top: [], ms: 1000),
      ann("t1", .submitted, order: ["a", "b"], top: [["a"], ["b"]], ms: 600_000),
      ann("t2", .submitted, order: ["b", "a"], top: [["a"], ["b"]], ms: 600_000),
      ann("t3", .submitted, order: ["a", "b"], top: [["a", "b"]], ms: 600_000),
      ann("t4", .skipped, order: ["a", "b"], top: [], ms: 600_000),
      ann("t5", .draft, order: ["a", "b"], top: [], ms: 0),
    ]
    // A ranking form: the first-shown figure reads the form's ranking question ("rank").
    let form = try StoreConfig.parse(try #require(Presets.text("ranking")), file: "x").form
    #expect(form.rankingQuestion?.id == "rank")
    let s = try #require(
      Stats.compute(journals: ["ann": records], totalTasks: 10, form: form).first)
    #expect(s.submitted == 3)
    #expect(s.skipped == 1)
    #expect(s.drafts == 1)
    #expect(s.remaining == 6)
    #expect(s.activeMs == 2_400_000)
    #expect(s.tasksPerHour == 6)
    #expect(s.firstShownTrials == 2)
    #expect(s.firstShownWins == 1)
    #expect(Stats.table([s]).contains("50% of 2"))
  }
}

@Suite struct FileDescriptorTests {
  /// Regression: LineReader closed its file a second time when asked again after the end,
  /// which closed whatever file had been opened under the same number since (seen as EBADF).
  @Test func lineReaderClosesItsFileExactlyOnce() throws {
    let dir = temporaryDirectory()
    let a = dir.appendingPathComponent("a.txt")
    let b = dir.appendingPathComponent("b.txt")
    try "one\ntwo\n".write(to: a, atomically: true, encoding: .utf8)
    try "other\n".write(to: b, atomically: true, encoding: .utf8)
    let reader = try LineReader(url: a)
    while reader.next() != nil {}
    let other = open(b.path, O_RDONLY)
    defer { close(other) }
    #expect(reader.next() == nil)
    #expect(fcntl(other, F_GETFD) != -1, "a file opened after the reader finished was closed by it")
  }
}

/// The account, found without the C library's NSS lookups (a static binary has none).
@Suite struct AccountTests {
  @Test func theNameAndHomeComeFromTheEnvironmentThenThePasswdFile() throws {
    let passwd = scratchRoot.appendingPathComponent(
      "rubric-passwd-\(getpid())")
    defer { try? FileManager.default.removeItem(at: passwd) }
    try
      "root:x:0:0:root:/root:/bin/sh\n# a comment\nbroken\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
      .write(to: passwd, atomically: true, encoding: .utf8)
    #expect(Account.passwdEntry(uid: 1000, file: passwd.path)?.name == "alice")
    #expect(Account.passwdEntry(uid: 1000, file: passwd.path)?.home == "/home/alice")
    #expect(Account.passwdEntry(uid: 4242, file: passwd.path) == nil)
    #expect(Account.name(environment: ["USER": "bob"]) == "bob")
    #expect(Account.name(environment: ["LOGNAME": "carol"]) == "carol")
    #expect(Account.home(environment: ["HOME": "/h"]) == "/h")
    // No $USER: this uid's line in /etc/passwd, or the uid itself.
    let fallback = Account.passwdEntry(uid: getuid())?.name ?? String(getuid())
    #expect(Account.name(environment: [:]) == fallback)
  }

  @Test func everyUserFolderFollowsOneRuleARelativeVariableDoesNotCount() {
    let env = ["HOME": "/h", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "rel", "XDG_CACHE_HOME": ""]
    #expect(UserFolder.config.rubric(environment: env).path == "/c/rubric")
    #expect(UserFolder.data.rubric(environment: env).path == "/h/.local/share/rubric")
    #expect(UserFolder.cache.rubric(environment: env).path == "/h/.cache/rubric")
    #expect(UserFolder.config.base(environment: ["HOME": "/h"]).path == "/h/.config")
  }

  @Test func whoAnnotatesIsTheNameGivenThenRememberedThenTheConfigsThenTheAccounts() throws {
    let root = try makeStore(tasks: [sampleTask("t1")])
    let config = try Store.loadConfig(root)
    #expect(Store.annotator(named: "zed", root: root, config: config) == "zed")
    #expect(Store.annotator(named: nil, root: root, config: config) == "ann")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
    try Store.remember(annotator: "kim", in: root)
    #expect(Store.annotator(named: nil, root: root, config: config) == "kim")
    #expect(Store.annotator(named: nil, root: nil, config: nil) == Store.accountAnnotator)
    #expect(Store.isSafeName(Store.accountAnnotator))
  }
}
