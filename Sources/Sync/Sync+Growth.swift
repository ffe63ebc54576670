import Platform
import TaskStore

/// A journal only grows: after a merge, the annotator's own journals still hold
/// every line they held before. What a teammate's commit removed (a `git rm`, lines
/// cut out, the file replaced by a link) is put back, committed, and named.
extension Sync {
  /// The annotator's own journals that are regular files, with their bytes, before a merge.
  static func ownJournals(_ root: URL, who: String) -> [String: Data] {
    var out: [String: Data] = [:]
    for path in ["annotations/\(who).jsonl", "reviews/\(who).jsonl"] {
      let url = root.appendingPathComponent(path)
      var info = stat()
      guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
        let data = try? Data(contentsOf: url), !data.isEmpty
      else { continue }
      out[path] = data
    }
    return out
  }

  /// Complete lines of a journal (a torn last line without its newline is not one).
  static func lines(_ data: Data) -> [Data] {
    var out: [Data] = []
    var start = data.startIndex
    while let nl = data[start...].firstIndex(of: 0x0A) {
      out.append(data[start...nl])
      start = nl + 1
    }
    return out
  }

  /// The journal to keep: every line it had before, in its order, then the lines
  /// the merge brought that were not among them (in the merged file's order); nil
  /// when the merged file already holds every earlier line.
  static func grown(before: Data, merged: Data?) -> (data: Data, restored: Int)? {
    let old = lines(before)
    let new = merged.map(lines) ?? []
    var have: [Data: Int] = [:]
    for l in new { have[l, default: 0] += 1 }
    var missing = 0
    var need: [Data: Int] = [:]
    for l in old {
      need[l, default: 0] += 1
      if need[l, default: 0] > have[l, default: 0] { missing += 1 }
    }
    guard missing > 0 || merged == nil else { return nil }
    var out = Data()
    for l in old { out.append(l) }
    var used: [Data: Int] = [:]
    for l in old { used[l, default: 0] += 1 }
    for l in new {
      if used[l, default: 0] > 0 {
        used[l, default: 0] -= 1
      } else {
        out.append(l)
      }
    }
    return (out, missing)
  }

  /// After a merge from `since`: restores what it removed from the annotator's
  /// journals, commits the restoration, and reports the commits that touched them.
  static func keepJournalsGrowing(
    _ git: Git, root: URL, who: String, before: [String: Data], since: String,
    into report: inout Report
  ) throws {
    var restoredPaths: [String] = []
    let me = Set([
      who,
      (try? git.run(["config", "user.name"]))?.out.trimmingWhitespace()
        ?? who,
    ])
    for path in before.keys.sorted() {
      let url = root.appendingPathComponent(path)
      // Who else changed this journal in what came in: accident detection, not security.
      let log =
        (try git.run(["log", "--no-merges", "--format=%h%x09%an", "\(since)..HEAD", "--", path]))
        .out
      let commits = log.split(separator: "\n").map {
        $0.split(separator: "\t", maxSplits: 1).map(String.init)
      }
      let others = commits.filter { $0.count == 2 && !me.contains($0[1]) }
      let named = others.map { "\($0[0]) (\($0[1]))" }.joined(separator: ", ")
      var info = stat()
      let present = lstat(url.path, &info) == 0
      let regular = present && (info.st_mode & S_IFMT) == S_IFREG
      let merged = regular ? try? Data(contentsOf: url) : nil
      guard let old = before[path], let keep = grown(before: old, merged: merged) else {
        if !others.isEmpty {
          report.warnings.append(
            "\(path), your journal, was changed by another author's commit: \(named); check those records"
          )
        }
        continue
      }
      if present && !regular { unlink(url.path) }
      // git removes a folder it emptied.
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try DurableFile.replace(url, with: keep.data)
      restoredPaths.append(path)
      let how =
        regular
        ? "\(keep.restored) line\(keep.restored == 1 ? "" : "s") removed"
        : (present ? "replaced by a link" : "deleted")
      let by =
        named.isEmpty
        ? commits.map { "\($0[0]) (\($0.last ?? ""))" }.joined(separator: ", ") : named
      report.restored.append(
        "\(path) was \(how) by \(by.isEmpty ? "the merge" : by); every line is back and committed")
    }
    guard !restoredPaths.isEmpty else { return }
    try git.must(["add", "--"] + restoredPaths, doing: "staging the restored journals")
    let message =
      "\(who): restored \(restoredPaths.joined(separator: ", ")) (a merge had removed records)"
    try git.must(
      try identity(git, who: who) + ["commit", "--quiet", "--no-verify", "-m", message, "--"] + restoredPaths,
      doing: "committing the restored journals")
  }
}
