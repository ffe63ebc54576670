import Platform

/// Why a store operation failed, in words an annotator can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A system call failed on a path.
  case io(path: String, errno: Int32, doing: String)
  /// The folder is not a store.
  case notAStore(path: String)
  /// Another process holds the store for this annotator.
  case locked(path: String, holder: LockHolder?)
  /// The store was opened read-only and cannot be written.
  case readOnly(path: String)
  /// Writing the journal failed; editing has stopped, saved work is intact.
  case journalWrite(path: String, errno: Int32)
  /// A store file is a symbolic link; Rubric never reads its journals or writes anything through one.
  case linked(path: String)
  /// The journal's file was deleted, moved or replaced while the store was open; saving has stopped.
  case storeGone(path: String)
  case invalid(String)

  public var description: String {
    switch self {
    case .io(let path, let e, let doing):
      return "\(path): cannot \(doing): \(String(cString: strerror(e)))"
    case .notAStore(let path):
      return "\(path) is not a Rubric store (no rubric.toml); create one with: rubric init \(path)"
    case .locked(let path, let holder):
      if let h = holder {
        return
          "\(path) is already open by pid \(h.pid) (\(h.user)@\(h.host) since \(h.started)); open it read-only with --read-only, or quit that one first"
      }
      return "\(path) is already open by another process"
    case .readOnly(let path):
      return "\(path) is open read-only"
    case .journalWrite(let path, let e):
      return
        "cannot write \(path): \(String(cString: strerror(e))). Editing has stopped; everything saved before is intact"
    case .linked(let path):
      return
        "\(path) is a symbolic link; Rubric never writes through one. Replace the link with the file itself (cp --remove-destination \"$(readlink -f \(path))\" \(path)) if it is really yours"
    case .storeGone(let path):
      return
        "\(path) was deleted, moved or replaced while open, so saving has stopped; nothing more goes into the old file"
    case .invalid(let s):
      return s
    }
  }
}
