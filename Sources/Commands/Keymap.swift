import Codecs
import Platform
import Places
import TerminalKit
import TextKit

/// Where a binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
  case global, conversation, candidates, form
  /// The annotators' answers on the review screen.
  case answers
  case editor
  /// The editor's normal mode, for modal (vim-like) keymaps.
  case editorNormal = "editor-normal"
  /// The help overlay; unbound keys close it.
  case help
  /// The word diff overlay; unbound keys close it.
  case diff
  /// The prompt line (command, search, skip reason); unbound keys type.
  case prompt
}

/// Key bindings per context, with sequences such as `g g` and `<C-x> <C-c>`.
public struct Keymap: Sendable {
  public var name: String
  /// Bindings per context: key sequence to action, in file order.
  public private(set) var bindings: [KeyContext: [(keys: [Key], action: Action)]] = [:]

  /// Shared blocks of bindings (`[block.NAME]`), which a section takes with `use = ["NAME"]`.
  /// A map parsed over another keeps its blocks, so a user's file can use the shipped ones.
  var blocks: [String: [Line]] = [:]

  /// One `key = "action"` line of a keymap file: its keys, its action (nil for "none")
  /// and where it was written (`field` is its dotted name, as errors give it).
  struct Line: Sendable {
    var keys: [Key]
    var action: Action?
    var file: String
    var line: Int
    var field: String
  }

  public init(name: String) { self.name = name }

  /// Whether the editor starts in normal mode (the map has editor-normal bindings).
  public var isModal: Bool { !(bindings[.editorNormal] ?? []).isEmpty }

  /// Adds or replaces a binding.
  public mutating func bind(_ keys: [Key], to action: Action, in context: KeyContext) {
    // In place: a copy of the list per binding made loading a map quadratic.
    bindings[context, default: []].removeAll { $0.keys == keys }
    bindings[context, default: []].append((keys, action))
  }

  /// Removes a binding.
  public mutating func unbind(_ keys: [Key], in context: KeyContext) {
    bindings[context]?.removeAll { $0.keys == keys }
  }

  /// The result of looking up typed keys.
  public enum Match: Equatable {
    case action(Action)
    /// The keys start a longer sequence: wait for more.
    case pending
    case none
  }

  /// Looks up typed keys in the given contexts, in order.
  public func lookup(_ keys: [Key], in contexts: [KeyContext]) -> Match {
    var pending = false
    for c in contexts {
      for b in bindings[c] ?? [] {
        if b.keys == keys { return .action(b.action) }
        if b.keys.count > keys.count && Array(b.keys.prefix(keys.count)) == keys { pending = true }
      }
    }
    return pending ? .pending : .none
  }

  /// The first key sequence bound to an action, for hints.
  public func keys(for action: Action, in contexts: [KeyContext] = KeyContext.allCases) -> [Key]? {
    for c in contexts {
      if let b = bindings[c]?.first(where: { $0.action == action }) { return b.keys }
    }
    return nil
  }

  /// The name of the first key bound to an action ("Enter", "C-s"), or the action's
  /// own name when nothing is bound to it: for messages that tell which key to press.
  public func keyName(for action: Action, in contexts: [KeyContext] = [.global]) -> String {
    keys(for: action, in: contexts).map { Key.name(of: $0) } ?? action.rawValue
  }

  /// Every key sequence bound to an action in a context, in file order.
  public func allKeys(for action: Action, in context: KeyContext) -> [[Key]] {
    (bindings[context] ?? []).filter { $0.action == action }.map(\.keys)
  }

  /// Parses keymap TOML over a base map; errors name the file, the line and the key or action.
  public static func parse(_ text: String, file: String, over base: Keymap? = nil, name: String)
    throws(LineError) -> Keymap
  {
    let root: TOMLTable
    do {
      root = try TOMLParser.parse(text)
    } catch {
      throw LineError(file: file, line: error.line, field: "", message: error.message)
    }
    var map = base ?? Keymap(name: name)
    map.name = name
    if let blocks = root.entries.first(where: { $0.key == "block" })?.value {
      try map.readBlocks(blocks, file: file)
    }
    for (contextName, value) in root.entries {
      if contextName == "name" || contextName == "description" || contextName == "block" {
        continue
      }
      guard let context = KeyContext(rawValue: contextName) else {
        throw LineError(
          file: file, line: value.line, field: contextName,
          message:
            "unknown context (expected one of: \(KeyContext.allCases.map(\.rawValue).joined(separator: ", ")))"
        )
      }
      guard let table = value.table else {
        throw LineError(
          file: file, line: value.line, field: contextName,
          message: "expected a table [\(contextName)]")
      }
      for (keyText, actionValue) in table.entries {
        if keyText == "use" {
          try map.use(actionValue, in: context, file: file)
          continue
        }
        let line = try read(
          keyText, actionValue, field: "\(contextName).\(keyText)", file: file)
        try map.apply(line, in: context)
      }
    }
    return map
  }

  /// Reads one `key = "action"` line; an unknown key or action is an error naming the line.
  static func read(_ keyText: String, _ value: TOMLValue, field: String, file: String)
    throws(LineError) -> Line
  {
    guard let keys = Key.parseSequence(keyText) else {
      throw LineError(
        file: file, line: value.line, field: field, message: "unknown key \"\(keyText)\"")
    }
    guard let actionName = value.string else {
      throw LineError(
        file: file, line: value.line, field: field, message: "expected an action name in quotes")
    }
    if actionName == "none" {
      return Line(keys: keys, action: nil, file: file, line: value.line, field: field)
    }
    guard let action = Action(rawValue: actionName) else {
      throw LineError(
        file: file, line: value.line, field: field,
        message: "unknown action \"\(actionName)\"")
    }
    return Line(keys: keys, action: action, file: file, line: value.line, field: field)
  }

  /// Binds a line in a context ("none" unbinds); an action that does nothing there is an
  /// error naming the line, and the line of the `use` that brought a block's line here.
  mutating func apply(_ l: Line, in context: KeyContext, usedAt: Int? = nil) throws(LineError) {
    guard let action = l.action else {
      unbind(l.keys, in: context)
      return
    }
    guard action.contexts.contains(context) else {
      let works = KeyContext.allCases.filter(action.contexts.contains).map(\.rawValue)
      let via = usedAt.map { ", which uses this block at line \($0)" } ?? ""
      throw LineError(
        file: l.file, line: l.line, field: l.field,
        message:
          "\"\(action.rawValue)\" does nothing in [\(context.rawValue)]\(via) (it works in: \(works.joined(separator: ", ")))"
      )
    }
    bind(l.keys, to: action, in: context)
  }

  /// The shipped keymap names.
  public static let shipped = ["default", "vim", "emacs"]

  /// The default map.
  public static func defaultMap() -> Keymap {
    do {
      return try parse(
        EmbeddedKeymaps.text["default"] ?? "", file: "Keymaps/default.toml", name: "default")
    } catch {
      // The embedded map is checked by the tests; an empty map is still usable for quitting.
      var m = Keymap(name: "default")
      m.bind([.char("q")], to: .quit, in: .global)
      return m
    }
  }

  /// Loads a keymap by shipped name or file path, merged over the default map.
  public static func load(_ nameOrPath: String?) throws -> Keymap {
    try load(nameOrPath, over: defaultMap())
  }

  /// Loads a keymap by shipped name or file path, merged over `base` (`defaultMap()`,
  /// which the workstation parses on another thread while the store opens).
  public static func load(_ nameOrPath: String?, over base: Keymap) throws -> Keymap {
    var userFile: URL?
    if let n = nameOrPath {
      if let text = EmbeddedKeymaps.text[n] {
        return n == "default"
          ? base : try parse(text, file: "Keymaps/\(n).toml", over: base, name: n)
      }
      let url = URL(fileURLWithPath: n)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw KeymapNotFound(name: n, shipped: shipped)
      }
      userFile = url
    } else {
      let candidate = UserFolder.config.rubric().appendingPathComponent("keymap.toml")
      if FileManager.default.fileExists(atPath: candidate.path) { userFile = candidate }
    }
    guard let file = userFile else { return base }
    let text = try String(contentsOf: file, encoding: .utf8)
    return try parse(
      text, file: file.path, over: base, name: file.deletingPathExtension().lastPathComponent)
  }
}

/// A keymap named on the command line or in rubric.toml that is neither shipped nor a file.
public struct KeymapNotFound: Error, Sendable, Equatable, CustomStringConvertible {
  public var name: String
  public var shipped: [String]

  public var description: String {
    "no keymap \"\(name)\": give one of \(shipped.joined(separator: ", ")) or a file path"
  }
}
