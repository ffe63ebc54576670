import Foundation

/// Who works in this clone of a team's store: remembered in `.rubric/annotator`
/// (never shared: `.rubric/` is not committed) when `rubric open --annotator NAME`
/// or `rubric sync --annotator NAME` runs in a git clone, so that the next
/// `rubric open DIR` and `rubric sync DIR` need no name.
extension Store {
  /// The remembered annotator of a clone, when there is one.
  public static func rememberedAnnotator(_ root: URL) -> String? {
    guard
      let text = try? String(
        contentsOf: root.appendingPathComponent(".rubric/annotator"), encoding: .utf8)
    else { return nil }
    let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return isSafeName(name) ? name : nil
  }

  /// Remembers who works in a git clone (nothing outside one: a store of one's own has rubric.toml's name).
  public static func remember(annotator: String, in root: URL) throws {
    guard isSafeName(annotator), isInGitClone(root), rememberedAnnotator(root) != annotator
    else { return }
    let folder = root.appendingPathComponent(".rubric")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try DurableFile.replace(
      folder.appendingPathComponent("annotator"), with: Data((annotator + "\n").utf8))
  }

  /// Whether a folder is in a git work tree: it or a folder above it holds `.git`
  /// (a store is often a folder inside the team's clone, not its top).
  static func isInGitClone(_ root: URL) -> Bool {
    var folder = root.standardizedFileURL
    while true {
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
        return true
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return false }
      folder = parent
    }
  }
}
