import Platform
import Places

/// Where an answer goes when its store can no longer take it: the user's data folder.
public enum Rescue {
  /// The rescue folder: `$XDG_DATA_HOME/rubric/rescue`, or `~/.local/share/rubric/rescue`.
  public static func folder() -> URL {
    UserFolder.data.rubric().appendingPathComponent("rescue")
  }

  /// Writes a record as a journal line to a new rescue file and returns its path.
  ///
  /// The file holds lines in the journal's own format, so appending it to the
  /// annotator's journal (`cat FILE >> annotations/NAME.jsonl`) restores the answer.
  public static func save(_ record: JournalRecord, journal: Journal, store: String) throws -> URL {
    let dir = folder()
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let stamp = Timestamp.now().replacingEvery(":", with: "-")
    let safeStore = store.unicodeScalars.map { Store.isSafeName(String($0)) ? String($0) : "_" }
      .joined()
    let url = dir.appendingPathComponent(
      "\(safeStore)-\(record.annotation.annotator)-\(stamp)-\(getpid()).jsonl")
    try DurableFile.replace(url, with: try journal.line(for: record))
    return url
  }
}
