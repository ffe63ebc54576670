import Annotation
import Codecs
import Places
import Platform
import TaskStore

/// An annotator's own settings for disturbing content and breaks: `[wellbeing]` in
/// `~/.config/rubric/config.toml` (`$XDG_CONFIG_HOME/rubric/config.toml`). They
/// belong to the person, not the store, and change nothing that is exported.
public struct Wellbeing: Sendable, Equatable {
  /// Categories whose tasks open masked.
  public var mask: Set<String> = []
  /// Every category is masked (`mask = "all"`).
  public var maskAll = false
  /// Categories kept out of the annotator's queue (recorded as opted out).
  public var skip: Set<String> = []
  /// Minutes of active time between break reminders; nil: no reminders.
  public var breakEvery: Int?
  /// Minutes a break lasts.
  public var breakLength = 10
  /// Minutes of active time per category per day; past it the category is held back for the day.
  public var limits: [String: Int] = [:]

  public init() {}

  /// Whether any setting is on.
  public var isEmpty: Bool { self == Wellbeing() }

  /// The task's categories that are masked.
  public func masked(_ categories: [String]) -> [String] {
    maskAll ? categories : categories.filter(mask.contains)
  }

  /// The first of the task's categories the annotator opted out of.
  public func optedOut(_ categories: [String]) -> String? { categories.first(where: skip.contains) }

  /// Where the file is, for this environment.
  public static func url(env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    UserFolder.config.rubric(environment: env).appendingPathComponent("config.toml")
  }

  /// Reads the settings; no file means none. Errors name the file, the line and the key.
  public static func load(env: [String: String] = ProcessInfo.processInfo.environment) throws
    -> Wellbeing
  {
    let url = url(env: env)
    guard FileManager.default.fileExists(atPath: url.path) else { return Wellbeing() }
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LineError(file: url.path, line: 0, field: "", message: "cannot be read as UTF-8 text")
    }
    return try parse(text, file: url.path)
  }

  /// Parses the config file's text.
  public static func parse(_ text: String, file: String) throws(LineError) -> Wellbeing {
    let root: TOMLTable
    do {
      root = try TOMLParser.parse(text)
    } catch {
      throw LineError(file: file, line: error.line, field: "", message: error.message)
    }
    let r = StoreConfig.Reader(file: file)
    try r.rejectUnknown(root, known: ["wellbeing"], prefix: "")
    var w = Wellbeing()
    guard let v = root["wellbeing"] else { return w }
    guard let t = v.table else {
      throw r.error(v, root, "wellbeing", "expected a table: [wellbeing]")
    }
    let p = "wellbeing."
    try r.rejectUnknown(
      t, known: ["mask", "skip", "break_every", "break_length", "limit"], prefix: p)
    func categories(_ key: String) throws(LineError) -> [String] {
      guard let list = try r.strings(t, key, prefix: p) else { return [] }
      var out: [String] = []
      for name in list {
        guard let c = ContentWarnings.normalize(name) else {
          throw r.error(t[key], t, p + key, "an empty category name")
        }
        out.append(c)
      }
      return out
    }
    if let m = t["mask"], m.string == "all" {
      w.maskAll = true
    } else if let m = t["mask"], m.string != nil {
      throw r.error(
        m, t, p + "mask", "expected \"all\" or a list of categories such as [\"violence\"]")
    } else {
      w.mask = Set(try categories("mask"))
    }
    w.skip = Set(try categories("skip"))
    func minutes(_ key: String, in table: TOMLTable, prefix: String) throws(LineError) -> Int? {
      guard let n = try r.int(table, key, prefix: prefix) else { return nil }
      guard n >= 1 && n <= 24 * 60 else {
        throw r.error(table[key], table, prefix + key, "minutes from 1 to 1440")
      }
      return n
    }
    w.breakEvery = try minutes("break_every", in: t, prefix: p)
    w.breakLength = try minutes("break_length", in: t, prefix: p) ?? 10
    if let l = t["limit"] {
      guard let lt = l.table else {
        throw r.error(
          l, t, p + "limit", "expected a table of minutes per category: { violence = 60 }")
      }
      for key in lt.keys {
        guard let c = ContentWarnings.normalize(key) else { continue }
        w.limits[c] = try minutes(key, in: lt, prefix: p + "limit.")
      }
    }
    return w
  }
}
