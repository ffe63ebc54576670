import Platform
import TaskStore

/// The annotator's choice of candidates view, kept in `.rubric/view-ANNOTATOR`
/// (one word), so each annotator's layout follows them from shift to shift.
package enum ViewPrefs {
  package static func url(_ store: Store) -> URL {
    store.root.appendingPathComponent(".rubric/view-\(store.annotator)")
  }

  /// The remembered view; automatic when none was chosen (or the file is unreadable).
  package static func load(_ store: Store) -> CandidatesView {
    guard let data = try? Data(contentsOf: url(store)), data.count < 64 else { return .auto }
    let word = String(decoding: data, as: UTF8.self).trimmingWhitespace()
    return CandidatesView(rawValue: word) ?? .auto
  }

  /// Remembers a view; a read-only store remembers nothing.
  package static func save(_ view: CandidatesView, _ store: Store) throws {
    guard !store.readOnly else { return }
    try DurableFile.replace(url(store), with: Data((view.rawValue + "\n").utf8))
  }
}
