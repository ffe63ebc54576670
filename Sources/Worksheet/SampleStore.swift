import Platform
import Places
import TaskStore

/// The built-in sample store that `rubric` with no arguments opens.
public enum SampleStore {
  /// The title shown in the title bar.
  public static let title = "SAMPLE STORE (practice)"

  /// Where the sample lives: `$XDG_DATA_HOME/rubric/sample`, or `~/.local/share/rubric/sample`.
  public static func defaultLocation() -> URL {
    UserFolder.data.rubric().appendingPathComponent("sample")
  }

  /// Writes the sample store at `root` if it is not there yet; returns `root`.
  ///
  /// The main form is the pairwise preset; `forms/` holds every other preset,
  /// and each sample task names the form it needs.
  @discardableResult
  public static func materialize(at root: URL, annotator: String) throws -> URL {
    if Store.exists(at: root) { return root }
    try Store.create(at: root, preset: "pairwise", annotator: annotator)
    let fm = FileManager.default
    try fm.createDirectory(
      at: root.appendingPathComponent("forms"), withIntermediateDirectories: true)
    for name in Presets.names where name != "pairwise" {
      if let text = Presets.text(name, annotator: annotator) {
        try DurableFile.replace(
          root.appendingPathComponent("forms/\(name).toml"), with: Data(text.utf8))
      }
    }
    for (path, text) in EmbeddedSample.text {
      let url = root.appendingPathComponent(path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try DurableFile.replace(url, with: Data(text.utf8))
    }
    return root
  }
}
