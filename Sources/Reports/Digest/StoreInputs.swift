import Codecs
import Platform
import TaskStore

/// The identity of one input file, read without reading the file through: its
/// length, modification time and inode, and (for a journal) CRC-32s of its first
/// 4 KB and its last 64 KB, the places `JournalDigest` checks too.
struct FileKey: Equatable, Sendable {
  var size: Int64 = -1
  var modified: Int64 = 0
  var inode: UInt64 = 0
  var head: UInt32 = 0
  var tail: UInt32 = 0

  /// The key of the file at `url`; a missing or unreadable file has the key of none.
  /// With `checked`, the first and last bytes are read and summed too.
  static func of(_ url: URL, checked: Bool) -> FileKey {
    let fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return FileKey() }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return FileKey() }
    var key = FileKey(
      size: Int64(st.st_size), modified: FileStatus.modifiedNanoseconds(st),
      inode: UInt64(st.st_ino))
    if checked {
      let size = Int(st.st_size)
      let ends = FileEnds(fd, offset: size)
      key.head = ends.headCRC
      key.tail = ends.tailCRC
    }
    return key
  }

  func write(_ w: inout ByteWriter) {
    w.signed(Int(size))
    w.signed(Int(modified))
    w.fixed(inode)
    w.fixed32(head)
    w.fixed32(tail)
  }

  static func read(_ r: inout ByteReader) -> FileKey? {
    guard let size = r.signed(), let modified = r.signed(), let inode = r.fixed(),
      let head = r.fixed32(), let tail = r.fixed32()
    else { return nil }
    return FileKey(
      size: Int64(size), modified: Int64(modified), inode: inode, head: head, tail: tail)
  }
}

/// What a team command reads from a store besides the annotators' journals: the
/// config, the named forms, the task files and (for some) the reviewers' journals,
/// each by its `FileKey`, written in one canonical order.
enum StoreInputs {
  /// A file changed this recently may change again within the clock's resolution
  /// unseen (the "racy" case git knows), so a result computed from it is not kept.
  static let settleNanoseconds: Int64 = 2_000_000_000

  /// The encoded keys of the store's non-journal inputs, and whether any of them is
  /// too recent to trust a cached result to.
  static func context(_ root: URL, reviews: Bool, journals: [String: URL]? = nil) -> (
    bytes: [UInt8], racy: Bool
  ) {
    var files: [(String, URL, Bool)] = [
      ("rubric.toml", root.appendingPathComponent("rubric.toml"), false)
    ]
    let forms = root.appendingPathComponent("forms")
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: forms.path)) ?? []).sorted()
    where name.hasSuffix(".toml") {
      files.append(("forms/" + name, forms.appendingPathComponent(name), false))
    }
    for url in Store.taskFileURLs(root) {
      files.append(("tasks/" + url.lastPathComponent, url, false))
    }
    if reviews {
      for (name, url) in Store.reviewURLs(root).sorted(by: { $0.key < $1.key }) {
        files.append(("reviews/" + name, url, true))
      }
    }
    for (name, url) in (journals ?? [:]).sorted(by: { $0.key < $1.key }) {
      files.append(("annotations/" + name, url, true))
    }
    var w = ByteWriter(out: [])
    w.count(files.count)
    var racy = false
    let now = Int64(Date().timeIntervalSince1970 * 1e9)
    for (name, url, checked) in files {
      let key = FileKey.of(url, checked: checked)
      if !checked && now - key.modified < settleNanoseconds { racy = true }
      w.string(name)
      key.write(&w)
    }
    return (w.out, racy)
  }

}
