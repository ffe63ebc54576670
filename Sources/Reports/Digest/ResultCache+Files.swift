import Codecs
import Platform

extension ResultCache {
  /// Files a command writes from a store, kept as written: `write` runs unless the
  /// last run with the same `arguments` wrote `files` from inputs (config, forms,
  /// tasks, every journal and review) that still read as they did, and each file
  /// still reads as it was written (length, time, inode, first and last bytes).
  /// Returns `write`'s note, or the kept one and `current` when nothing was written.
  public static func files(
    _ root: URL, kind: String, arguments: [String], files: [URL], write: () throws -> String
  ) rethrows -> (note: String, current: Bool) {
    var written: String?
    let bytes = try whole(
      root, kind: kind, arguments: arguments + files.map(\.path), reviews: true,
      valid: { payload in
        kept(payload, files: files.count)?.keys == files.map { FileKey.of($0, checked: true) }
      }
    ) {
      let note = try write()
      written = note
      var w = ByteWriter(out: [])
      w.string(note)
      for f in files { FileKey.of(f, checked: true).write(&w) }
      return w.out
    }
    if let written { return (written, false) }
    return (kept(bytes, files: files.count)?.note ?? "", true)
  }

  /// The note and file keys `files` kept, or nil when the bytes do not hold them whole.
  static func kept(_ bytes: [UInt8], files: Int) -> (note: String, keys: [FileKey])? {
    bytes.withUnsafeBytes { raw in
      var r = ByteReader(bytes: raw)
      guard let note = r.string() else { return nil }
      var keys: [FileKey] = []
      for _ in 0..<files {
        guard let key = FileKey.read(&r) else { return nil }
        keys.append(key)
      }
      return r.atEnd ? (note, keys) : nil
    }
  }
}
