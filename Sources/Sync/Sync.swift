import Annotation
import Platform
import TaskStore

/// `rubric sync`: the annotator's new journal records go to the team's git
/// remote, and the others' come back.
///
/// Each annotator appends only to `annotations/NAME.jsonl`, so merging the team's
/// work never conflicts; one annotator on two machines appends to the same file
/// from both, and `.gitattributes` merges those with `merge=union` (every record
/// is a whole line that names its task, and the newest record of a task wins).
public enum Sync {
  /// What a sync did, for the annotator.
  public struct Report: Sendable, Equatable {
    /// The commit message of the annotator's new records, or nil when there were none.
    public var committed: String?
    /// Whether the team's remote now has them.
    public var pushed = false
    /// Why nothing was pushed (offline, no remote), when it was not.
    public var pending: String?
    /// New records that came in, per annotator.
    public var incoming: [String: Int] = [:]
    /// Push attempts it took (another annotator may push first).
    public var attempts = 0
    /// Problems with what came in (a journal that is a link), reported, not read.
    public var warnings: [String] = []
    /// The annotator's journals a merge shrank or replaced, restored and committed:
    /// `rubric sync` exits non-zero when there are any.
    public var restored: [String] = []
    /// Lock files a stopped git had left in the repository, removed before the sync.
    public var cleared: [String] = []

    /// The lines `rubric sync` prints.
    public var lines: [String] {
      var out = cleared.map { "removed \($0): a lock left by a git that was stopped" }
      out.append(committed.map { "committed: \($0)" } ?? "nothing new to commit")
      if pushed {
        out.append(
          "pushed"
            + (attempts > 1
              ? " (after \(attempts - 1) retr\(attempts == 2 ? "y" : "ies"): others pushed first)"
              : ""))
      }
      if let p = pending { out.append(p) }
      if incoming.isEmpty {
        out.append("nothing new from the team")
      } else {
        for (who, n) in incoming.sorted(by: { $0.key < $1.key }) {
          out.append("in: \(who), \(n) new record\(n == 1 ? "" : "s")")
        }
      }
      return out + warnings.map { "warning: \($0)" } + restored.map { "restored: \($0)" }
    }
  }

  /// The lines `.gitattributes` must have: journals in LF, merged by union.
  static let attributes = [
    "*.jsonl text eol=lf", "annotations/*.jsonl merge=union", "reviews/*.jsonl merge=union",
  ]

  /// Syncs a store; `remote` defaults to `origin` when the repository has one.
  /// `timeout` bounds each fetch and push, in seconds: a remote that does not answer
  /// in time leaves the work committed locally, and git (with the ssh it started) is stopped.
  /// `lockWait` is how long a git lock held by a live git is waited for.
  public static func run(
    _ root: URL, annotator: String?, remote: String? = nil, maxAttempts: Int = 20,
    timeout: Double = 120, lockWait: Double = 3
  ) throws -> Report {
    let git = Git(dir: root)
    guard Git.executable() != nil else { throw SyncError.noGit }
    guard (try git.run(["rev-parse", "--is-inside-work-tree"])).out.hasPrefix("true") else {
      throw SyncError.notARepository(root.path)
    }
    // Opening the store for writing takes the annotator's lock (so the workstation
    // cannot append while git works) and moves a torn last record aside.
    // Without a name given or remembered, sync must not guess past someone's records.
    if annotator == nil && Store.rememberedAnnotator(root) == nil {
      try refuseToGuess(git, root: root)
    }
    let store: Store
    do {
      store = try Store.open(root, annotator: annotator)
    } catch StoreError.locked(let path, let holder) {
      // The workstation's advice (--read-only) is no use here: sync must write.
      let who = holder.map { " by pid \($0.pid) (\($0.user)@\($0.host) since \($0.started))" } ?? ""
      throw SyncError.unsafe(
        "\(path) is open\(who): quit rubric there first (q), then sync; nothing was changed")
    }
    if let annotator { try? Store.remember(annotator: annotator, in: root) }
    guard !store.readOnly else {
      throw SyncError.unsafe("\(root.path) cannot be written here, so it cannot be synced")
    }
    let who = store.annotator
    // A reviewer's journal the same: its lock held (not while the review screen is open), its torn tail set aside.
    let reviews =
      FileManager.default.fileExists(
        atPath: root.appendingPathComponent("reviews/\(who).jsonl").path)
      ? try Store.open(root, annotator: who, asReviewer: true) : nil
    defer { _ = reviews }
    var report = Report()
    // A sync killed mid-way (a closed lid, a pulled plug) can leave git's locks behind.
    let locks = try GitLocks(git)
    report.cleared = try locks.clear(wait: lockWait).map { locks.shown($0) }
    try ensureHousekeeping(root)
    try ensureUnionMerge(git, root: root)
    report.committed = try commit(git, who: who, store: store)
    let remotes = (try git.run(["remote"])).out.split(separator: "\n").map(String.init)
    guard let remote = remote ?? (remotes.contains("origin") ? "origin" : remotes.first) else {
      report.pending = "no git remote: committed locally (git remote add origin URL to share)"
      return report
    }
    guard remotes.contains(remote) else {
      throw SyncError.unsafe(
        "no git remote named \(remote) (remotes: \(remotes.joined(separator: ", ")))")
    }
    let branch = try git.must(["rev-parse", "--abbrev-ref", "HEAD"], doing: "finding the branch")
      .out
      .trimmingWhitespace()
    for attempt in 1...maxAttempts {
      report.attempts = attempt
      let fetch = try git.run(["fetch", "--quiet", remote], limit: timeout)
      guard fetch.ok else {
        if fetch.status == 124 {
          report.pending = "\(fetch.message): committed locally; rubric sync will push next time"
          return report
        }
        report.pending =
          "offline (\(firstLine(fetch.message))): committed locally; rubric sync will push next time"
        return report
      }
      try merge(git, remote: remote, branch: branch, who: who, root: root, into: &report)
      let push = try git.run(
        ["push", "--quiet", remote, "HEAD:refs/heads/\(branch)"], limit: timeout)
      if push.ok {
        report.pushed = true
        _ = try? git.run(["branch", "--quiet", "--set-upstream-to=\(remote)/\(branch)"])
        return report
      }
      // Someone pushed first: fetch, merge and try again. Anything else is the network.
      let m = push.message
      guard m.contains("rejected") || m.contains("fetch first") || m.contains("non-fast-forward")
      else {
        report.pending =
          "could not push (\(firstLine(m))): committed locally; rubric sync will push next time"
        return report
      }
      usleep(useconds_t(UInt32.random(in: 50_000...200_000) * UInt32(min(attempt, 5))))
    }
    report.pending =
      "others kept pushing first (\(maxAttempts) tries): committed locally; rubric sync again"
    return report
  }

  /// `.gitattributes` with the journal lines, `.gitignore` with `.rubric/`: added if missing.
  static func ensureHousekeeping(_ root: URL) throws {
    func ensure(_ name: String, _ lines: [String]) throws {
      let url = root.appendingPathComponent(name)
      var info = stat()
      if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
        throw SyncError.unsafe("\(url.path) is not a regular file; sync will not write through it")
      }
      let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
      let have = Set(text.split(separator: "\n").map { $0.trimmingWhitespace(newlines: false) })
      let missing = lines.filter { !have.contains($0) }
      guard !missing.isEmpty else { return }
      let joined =
        (text.isEmpty || text.hasSuffix("\n") ? text : text + "\n")
        + missing.joined(separator: "\n") + "\n"
      try DurableFile.replace(url, with: Data(joined.utf8))
    }
    try ensure(".gitattributes", attributes)
    try ensure(".gitignore", [".rubric/", "*.corrupt-*"])
  }

  /// With no annotator named or remembered: the name sync would use (rubric.toml's,
  /// then $USER) must be the one whose journal holds the clone's uncommitted records;
  /// otherwise sync stops and names who has them, rather than commit nothing.
  static func refuseToGuess(_ git: Git, root: URL) throws {
    let config = try Store.loadConfig(root)
    let guess = Store.annotator(named: nil, root: nil, config: config)
    var waiting: [(who: String, records: Int)] = []
    for (who, url) in Store.journalURLs(root).sorted(by: { $0.key < $1.key }) {
      let path = "annotations/\(who).jsonl"
      let committed =
        Int(
          (try git.run(["cat-file", "-s", "HEAD:\(path)"])).out.trimmingWhitespace()) ?? 0
      let data = (try? Data(contentsOf: url)) ?? Data()
      guard data.count > committed else { continue }
      let fresh = data.suffix(from: committed).filter { $0 == 0x0A }.count
      if fresh > 0 { waiting.append((who, fresh)) }
    }
    guard !waiting.isEmpty, !waiting.contains(where: { $0.who == guess }) else { return }
    let list = waiting.map {
      "\($0.who) has \($0.records) record\($0.records == 1 ? "" : "s") not yet committed"
    }
    let first = waiting[0].who
    throw SyncError.unsafe(
      "rubric sync does not know who works in this clone (it would sync as \(guess)): \(list.joined(separator: "; ")). "
        + "Run: rubric sync \(root.path) --annotator \(first) (the name is remembered for next time; rubric open --annotator remembers it too)"
    )
  }

  /// Every journal must merge by union in effect, whatever `.gitattributes` says
  /// after our lines (a later `annotations/*.jsonl merge=binary` overrides them, and
  /// would stop every merge of one annotator's two machines): where git's effective
  /// attribute is not `union`, our lines are appended again, last, so they win.
  static func ensureUnionMerge(_ git: Git, root: URL) throws {
    let journals =
      (Store.journalURLs(root).map { "annotations/\($0.key).jsonl" })
      + (Store.reviewURLs(root).map { "reviews/\($0.key).jsonl" })
    // The patterns themselves, for journals that do not exist yet.
    let paths = journals + ["annotations/x.jsonl", "reviews/x.jsonl"]
    func overridden() throws -> Bool {
      let out = (try git.run(["check-attr", "merge", "--"] + paths)).out
      return out.split(separator: "\n").contains { !$0.hasSuffix(": merge: union") }
    }
    guard try overridden() else { return }
    let url = root.appendingPathComponent(".gitattributes")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    let union = attributes.filter { $0.contains("merge=union") }
    let joined =
      (text.isEmpty || text.hasSuffix("\n") ? text : text + "\n") + union.joined(separator: "\n")
      + "\n"
    try DurableFile.replace(url, with: Data(joined.utf8))
    if try overridden() {
      throw SyncError.unsafe(
        "\(url.path): the journals would not merge by union (git check-attr merge); fix that file, then sync again"
      )
    }
  }

  /// Commits the annotator's journal, their review journal if they review (and the
  /// housekeeping files), and nothing else; the message.
  static func commit(_ git: Git, who: String, store: Store) throws -> String? {
    let journals = ["annotations/\(who).jsonl", "reviews/\(who).jsonl"]
    var paths = [".gitattributes", ".gitignore"]
    for path in journals {
      var info = stat()
      guard lstat(store.root.appendingPathComponent(path).path, &info) == 0 else { continue }
      guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw SyncError.unsafe(
          "\(path) is not a regular file; sync commits only regular journal files")
      }
      // An empty journal (opened, nothing saved yet) is not worth a commit.
      if info.st_size > 0 { paths.append(path) }
    }
    try git.must(["add", "--"] + paths, doing: "staging \(who)'s journals")
    guard !(try git.run(["diff", "--cached", "--quiet", "--"] + paths)).ok else { return nil }
    var parts: [String] = []
    for path in journals where paths.contains(path) {
      parts += try summary(
        git, path: path, url: store.root.appendingPathComponent(path),
        review: path.hasPrefix("reviews/"))
    }
    let message =
      "\(who): "
      + (parts.isEmpty ? "journal merge rules (.gitattributes)" : parts.joined(separator: ", "))
    try git.must(
      try identity(git, who: who) + ["commit", "--quiet", "--no-verify", "-m", message, "--"]
        + paths, doing: "committing \(who)'s journals")
    return message
  }

  /// Git's identity options for a commit: the annotator's name where git has none set.
  static func identity(_ git: Git, who: String) throws -> [String] {
    var out: [String] = []
    if (try git.run(["config", "user.name"])).out.isEmpty { out += ["-c", "user.name=\(who)"] }
    if (try git.run(["config", "user.email"])).out.isEmpty {
      out += ["-c", "user.email=\(who)@rubric.invalid"]
    }
    return out
  }

  /// "37 submitted, 2 skipped" (or "5 review decisions"): the tasks whose newest new record finished them.
  static func summary(_ git: Git, path: String, url: URL, review: Bool) throws -> [String] {
    let committed =
      Int(
        (try git.run(["cat-file", "-s", "HEAD:\(path)"])).out.trimmingWhitespace()) ?? 0
    let data = (try? Data(contentsOf: url)) ?? Data()
    let fresh = data.count > committed ? data.suffix(from: committed) : Data()
    var latest: [String: Status] = [:]
    var withheld: Set<String> = []
    for r in Journal.parse(Data(fresh)).records {
      latest[r.annotation.taskId] = r.annotation.status
      if r.annotation.withheld != nil && r.annotation.status == .draft {
        withheld.insert(r.annotation.taskId)
      } else {
        withheld.remove(r.annotation.taskId)
      }
    }
    let submitted = latest.values.filter { $0 == .submitted }.count
    let skipped = latest.values.filter { $0 == .skipped }.count
    let drafts = latest.count - submitted - skipped - withheld.count
    if review {
      return submitted > 0 ? ["\(submitted) review decision\(submitted == 1 ? "" : "s")"] : []
    }
    var parts: [String] = []
    if submitted > 0 { parts.append("\(submitted) submitted") }
    if skipped > 0 { parts.append("\(skipped) skipped") }
    if drafts > 0 { parts.append("\(drafts) in progress") }
    if !withheld.isEmpty { parts.append("\(withheld.count) kept back by their settings") }
    return parts
  }

  /// Merges the remote branch, counting what came in; a conflict undoes the merge.
  static func merge(
    _ git: Git, remote: String, branch: String, who: String, root: URL, into report: inout Report
  ) throws {
    let ref = "\(remote)/\(branch)"
    guard (try git.run(["rev-parse", "--verify", "--quiet", ref])).ok else { return }
    let before = try git.must(["rev-parse", "HEAD"], doing: "reading HEAD").out.trimmingWhitespace()
    let own = ownJournals(root, who: who)
    // An empty journal git does not know (left by an older Rubric's open) holds
    // nothing, and would stop the merge that brings the committed one.
    for path in ["annotations/\(who).jsonl", "reviews/\(who).jsonl"] {
      let url = root.appendingPathComponent(path)
      var info = stat()
      guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0,
        !(try git.run(["ls-files", "--error-unmatch", "--", path])).ok
      else { continue }
      unlink(url.path)
    }
    let merge = try git.run(["merge", "--quiet", "--no-edit", "--no-verify", ref])
    if !merge.ok {
      let conflicted = (try git.run(["diff", "--name-only", "--diff-filter=U"])).out.split(
        separator: "\n"
      ).map(String.init)
      _ = try? git.run(["merge", "--abort"])
      if conflicted.isEmpty { throw SyncError.git(doing: "merging \(ref)", message: merge.message) }
      throw SyncError.conflict(files: conflicted, message: merge.message, dir: root.path)
    }
    try keepJournalsGrowing(git, root: root, who: who, before: own, since: before, into: &report)
    let stat =
      (try git.run(["diff", "--numstat", before, "HEAD", "--", "annotations/", "reviews/"])).out
    for line in stat.split(separator: "\n") {
      let f = line.split(separator: "\t")
      guard f.count == 3, let added = Int(f[0]), added > 0 else { continue }
      let name = String(f[2].split(separator: "/").last ?? "")
      guard name.hasSuffix(".jsonl") else { continue }
      let owner = String(name.dropLast(6)) + (f[2].hasPrefix("reviews/") ? " (reviews)" : "")
      report.incoming[owner, default: 0] += added
    }
    // A journal that arrives as a link or a folder is reported and never read; a task file too.
    let tree = (try git.run(["ls-tree", "HEAD", "annotations/", "reviews/", "tasks/"])).out
    for line in tree.split(separator: "\n")
    where !line.hasPrefix("100644") && !line.hasPrefix("100755") {
      let path = line.split(separator: "\t").last.map(String.init) ?? ""
      report.warnings.append(
        path.hasPrefix("tasks/")
          ? "\(path) is a link in the team's history: it reads a file outside the store, which the team does not share"
          : "\(path) is not a regular file in the team's history; it is not read")
    }
  }

  static func firstLine(_ s: String) -> String { String(s.split(separator: "\n").first ?? "") }
}
