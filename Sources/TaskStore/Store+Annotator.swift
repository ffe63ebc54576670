import Platform
import Places

/// Who works in this clone of a team's store: remembered in `.rubric/annotator`
/// (never shared: `.rubric/` is not committed) when `rubric open --annotator NAME`
/// or `rubric sync --annotator NAME` runs in a git clone, so that the next
/// `rubric open DIR` and `rubric sync DIR` need no name.
extension Store {
  /// Who works in a store, by the one rule every command follows: the name given
  /// (`--annotator`), the clone's remembered name, rubric.toml's `annotator`, then
  /// the account's (`Store.accountAnnotator`). `root` and `config` may be unknown.
  public static func annotator(named given: String?, root: URL?, config: StoreConfig?) -> String {
    given ?? root.flatMap(rememberedAnnotator) ?? config?.annotator ?? accountAnnotator
  }

  /// The account's name (`$USER`, `$LOGNAME`, `/etc/passwd`) when it can name a
  /// journal, otherwise "annotator".
  public static var accountAnnotator: String {
    let name = Account.name()
    return isSafeName(name) ? name : "annotator"
  }

  /// The remembered annotator of a clone, when there is one.
  public static func rememberedAnnotator(_ root: URL) -> String? {
    guard
      let text = try? String(
        contentsOf: root.appendingPathComponent(".rubric/annotator"), encoding: .utf8)
    else { return nil }
    let name = text.trimmingWhitespace()
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
