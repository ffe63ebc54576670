import Platform
import TaskStore

/// The files of one export, put in place together: a split's parts are never left
/// as a mix of an older export's and a newer one's.
///
/// Every part is written and synced under a temporary name first. Then a marker
/// (`.NAME.export-in-progress`, naming the parts) is made durable, the older
/// parts are removed, the new ones renamed in, and the marker removed. A kill
/// anywhere leaves the older set, the newer set, or (while the marker is there)
/// parts of only one of them; the next export into the folder finds the marker
/// and removes those parts before it starts.
enum ExportSet {
  /// The marker for an export to `output`.
  static func marker(_ output: URL) -> URL {
    output.deletingLastPathComponent().appendingPathComponent(
      ".\(output.lastPathComponent).export-in-progress")
  }

  /// Before writing: finishes what an interrupted export left (its parts and its
  /// marker), and removes temporary files of exports that are no longer running.
  static func prepare(_ output: URL) throws {
    let folder = output.deletingLastPathComponent()
    let mark = marker(output)
    if let listed = try? String(contentsOf: mark, encoding: .utf8) {
      for name in listed.split(separator: "\n") where !name.contains("/") && !name.isEmpty {
        unlink(folder.appendingPathComponent(String(name)).path)
      }
      unlink(mark.path)
      try DurableFile.syncDirectory(folder)
    }
    // `.NAME.tmp-PID` of an export killed before its rename.
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
      guard name.hasPrefix("."), let dash = name.ranges(of: ".tmp-").last,
        let pid = Int32(name[dash.upperBound...]), pid != getpid()
      else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
    }
  }

  /// Puts finished temporary files in place as one set.
  static func commit(_ parts: [(tmp: URL, target: URL)], output: URL) throws {
    let folder = output.deletingLastPathComponent()
    guard parts.count > 1 else {
      for p in parts { try rename(p.tmp, p.target) }
      try DurableFile.syncDirectory(folder)
      return
    }
    let mark = marker(output)
    try DurableFile.replace(
      mark, with: Data(parts.map { $0.target.lastPathComponent + "\n" }.joined().utf8))
    for p in parts { unlink(p.target.path) }
    try DurableFile.syncDirectory(folder)
    for p in parts { try rename(p.tmp, p.target) }
    try DurableFile.syncDirectory(folder)
    unlink(mark.path)
    try DurableFile.syncDirectory(folder)
  }

  static func rename(_ from: URL, _ to: URL) throws {
    guard systemRename(from.path, to.path) == 0 else {
      throw StoreError.io(path: to.path, errno: errno, doing: "rename into")
    }
  }
}

/// The C library's `rename`, which `ExportSet.rename` hides inside the type.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
