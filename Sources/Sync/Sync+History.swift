import Platform
import TaskStore

/// What `rubric check` reads from git: journals whose history lost lines.
extension Sync {
  /// Lines that a commit removed from a journal and that the journal (as checked
  /// out now) no longer has, by journal and commit: "annotations/alice.jsonl: 3
  /// lines removed by 1a2b3c4 (bob) are missing". Empty outside a git work tree.
  public static func lostJournalLines(_ root: URL) -> [String] {
    let git = Git(dir: root)
    guard Git.executable() != nil,
      (try? git.run(["rev-parse", "--is-inside-work-tree"]))?.out.hasPrefix("true") == true
    else { return [] }
    // Journals there now, and journals the history deleted.
    var paths = Set(Store.journalURLs(root).keys.map { "annotations/\($0).jsonl" })
    paths.formUnion(Store.reviewURLs(root).keys.map { "reviews/\($0).jsonl" })
    let deleted =
      (try? git.run([
        "log", "--diff-filter=D", "--name-only", "--format=", "--", "annotations", "reviews",
      ]))?.out ?? ""
    for line in deleted.split(separator: "\n") where line.hasSuffix(".jsonl") {
      paths.insert(String(line))
    }
    var out: [String] = []
    for path in paths.sorted() {
      let current = Set(
        ((try? Data(contentsOf: root.appendingPathComponent(path))).map { lines($0) } ?? [])
          .map { String(decoding: $0.dropLast(), as: UTF8.self) })
      guard let log = try? git.run(["log", "-p", "--format=%x01%h %an", "--", path]), log.ok else {
        continue
      }
      var commit = ""
      var lost: [String: Int] = [:]
      var order: [String] = []
      for line in log.out.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("\u{01}") {
          commit = String(line.dropFirst())
          continue
        }
        guard line.hasPrefix("-"), !line.hasPrefix("---"),
          !current.contains(String(line.dropFirst()))
        else { continue }
        if lost[commit] == nil { order.append(commit) }
        lost[commit, default: 0] += 1
      }
      for c in order {
        let n = lost[c] ?? 0
        let parts = c.split(separator: " ", maxSplits: 1)
        let who = parts.count == 2 ? " (\(parts[1]))" : ""
        out.append(
          "\(path): \(n) line\(n == 1 ? "" : "s") removed by \(parts.first ?? "")\(who) are missing from the journal; a journal only grows (rubric sync by its annotator puts them back)"
        )
      }
    }
    return out
  }
}
