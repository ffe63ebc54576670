import Platform
import TaskStore

/// Where `rubric export -o` may write: never over the store's own files.
public enum ExportTarget {
  /// Refuses an output path inside the store (other than under its `exports/` folder),
  /// and an existing file unless `force`. Paths are compared after resolving links,
  /// so a link to the store or a `..` detour is caught too.
  public static func check(_ output: URL, store root: URL, force: Bool) throws {
    let parent = resolved(output.deletingLastPathComponent().path)
    let name = output.lastPathComponent
    let target = parent + "/" + name
    let store = resolved(root.path)
    var info = stat()
    let exists = lstat(output.path, &info) == 0
    // A link's target counts too: writing "through" it is what must not happen.
    let pointsAt = exists && (info.st_mode & S_IFMT) == S_IFLNK ? resolved(output.path) : target
    for path in [target, pointsAt] where path == store || path.hasPrefix(store + "/") {
      if !path.hasPrefix(store + "/exports/") {
        throw StoreError.invalid(
          "\(output.path) is inside the store \(root.path); export to a path outside it, or under its exports/ folder (mkdir \(root.path)/exports)"
        )
      }
    }
    if exists && (info.st_mode & S_IFMT) == S_IFDIR {
      throw StoreError.invalid("\(output.path) is a folder; name the file to write")
    }
    if exists && !force {
      throw StoreError.invalid("\(output.path) already exists; pass --force to replace it")
    }
  }

  /// A path with links and `..` resolved as far as it exists.
  static func resolved(_ path: String) -> String {
    if let r = realpath(path, nil) {
      defer { free(r) }
      return String(cString: r)
    }
    // Not there yet: resolve the parent and keep the name.
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    if parent == path || parent.isEmpty { return path }
    return resolved(parent) + "/" + url.lastPathComponent
  }
}
