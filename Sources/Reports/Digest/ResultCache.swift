import Codecs
import Platform
import TaskStore

/// What team commands computed, kept under `.rubric/results/` with the key of every
/// input it came from, and used only while every one of those inputs still reads
/// as it did.
///
/// Like the journal digests it is a cache, never a source: a file that is damaged,
/// of another version or another build of Rubric, or about other inputs, is as if
/// there were none, and the result is computed again and written back. A result is
/// not written while a config, form or task file is younger than
/// `StoreInputs.settleNanoseconds` (it could change again unseen in the same tick).
public enum ResultCache {
  static let magic = Array("RBRESULT".utf8)
  /// Bumped whenever the layout or a payload's encoding changes.
  static let version: UInt32 = 2

  /// One journal's result (or, under the name "", the whole result).
  struct Entry: Equatable {
    var key: FileKey
    var payload: [UInt8]
  }

  /// The file of a kind of result in a store.
  static func url(_ root: URL, _ kind: String) -> URL {
    root.appendingPathComponent(".rubric/results").appendingPathComponent(kind)
  }

  /// The running program's own key: a rebuilt Rubric computes everything again.
  static let program: [UInt8] = {
    var w = ByteWriter(out: [])
    let exe = Executable.path
    FileKey.of(URL(fileURLWithPath: exe), checked: false).write(&w)
    return w.out
  }()

  static func encode(context: [UInt8], entries: [String: Entry]) -> [UInt8] {
    var w = CacheFile.writer(magic, version: version)
    w.bytes(program)
    w.bytes(context)
    w.count(entries.count)
    for (name, e) in entries.sorted(by: { $0.key < $1.key }) {
      w.string(name)
      e.key.write(&w)
      w.bytes(e.payload)
    }
    return CacheFile.sealed(w)
  }

  /// The entries in `bytes`, or none unless they are a whole file of this version,
  /// this program and this context.
  static func decode(_ bytes: [UInt8], context: [UInt8]) -> [String: Entry] {
    CacheFile.open(bytes, magic, version: version) { r -> [String: Entry]? in
      guard let p = r.range(), r.bytes[p].elementsEqual(program),
        let c = r.range(), r.bytes[c].elementsEqual(context), let n = r.count()
      else { return nil }
      var out: [String: Entry] = [:]
      for _ in 0..<n {
        guard let name = r.string(), let key = FileKey.read(&r), let payload = r.range(),
          out[name] == nil
        else { return nil }
        out[name] = Entry(key: key, payload: Array(r.bytes[payload]))
      }
      return r.atEnd ? out : nil
    } ?? [:]
  }

  static func load(_ url: URL, context: [UInt8]) -> [String: Entry] {
    guard let bytes = WholeFile.bytes(atPath: url.path) else { return [:] }
    return decode(bytes, context: context)
  }

  /// Writes by rename; a cache that cannot be written is simply not kept.
  static func save(_ url: URL, context: [UInt8], entries: [String: Entry]) {
    DurableFile.keep(encode(context: context, entries: entries), at: url)
  }

  /// The context bytes of a kind of result: what was asked, then the input keys.
  static func context(_ arguments: [String], _ inputs: [UInt8]) -> [UInt8] {
    var w = ByteWriter(out: [])
    w.count(arguments.count)
    for a in arguments { w.string(a) }
    w.bytes(inputs)
    return w.out
  }

  /// A whole result over every journal: the cached one when the config, forms,
  /// tasks, every annotator's journal (and with `reviews`, every reviewer's) read
  /// as they did when it was computed, and `valid` accepts it; otherwise
  /// `compute`'s, then kept.
  public static func whole(
    _ root: URL, kind: String, arguments: [String], reviews: Bool,
    valid: ([UInt8]) -> Bool = { _ in true }, compute: () throws -> [UInt8]
  ) rethrows -> [UInt8] {
    guard DigestFile.enabled(root) else { return try compute() }
    let inputs = StoreInputs.context(root, reviews: reviews, journals: Store.journalURLs(root))
    let context = context(arguments, inputs.bytes)
    let file = url(root, kind)
    if let hit = load(file, context: context)[""], valid(hit.payload) { return hit.payload }
    let out = try compute()
    if !inputs.racy {
      save(file, context: context, entries: ["": Entry(key: FileKey(), payload: out)])
    }
    return out
  }

  /// A result made of one part per annotator's journal: the cached part of each
  /// journal that reads as it did, `compute(stale)` for the others (by name), then
  /// all kept. The parts are returned by name.
  public static func perJournal(
    _ root: URL, kind: String, arguments: [String],
    compute: (Set<String>) throws -> [String: [UInt8]]
  ) rethrows -> [String: [UInt8]] {
    let journals = Store.journalURLs(root)
    guard DigestFile.enabled(root) else { return try compute(Set(journals.keys)) }
    let inputs = StoreInputs.context(root, reviews: false)
    let context = context(arguments, inputs.bytes)
    let file = url(root, kind)
    var entries = load(file, context: context)
    let keys = journals.mapValues { FileKey.of($0, checked: true) }
    let stale = Set(keys.filter { entries[$0.key]?.key != $0.value }.map(\.key))
    let gone = Set(entries.keys).subtracting(journals.keys)
    guard !stale.isEmpty || !gone.isEmpty else { return entries.mapValues(\.payload) }
    let fresh = try compute(stale)
    for name in gone { entries[name] = nil }
    for name in stale {
      guard let key = keys[name], let payload = fresh[name] else {
        entries[name] = nil
        continue
      }
      entries[name] = Entry(key: key, payload: payload)
    }
    if !inputs.racy { save(file, context: context, entries: entries) }
    return entries.mapValues(\.payload)
  }
}
