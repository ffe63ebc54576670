/// A key press, as the app sees it and as keymap files name it.
///
/// Names follow the keymap notation: plain characters (`a`, `?`), `<Space>`,
/// special keys in angle brackets (`<Enter>`, `<PageDown>`, `<F1>`), and
/// modifiers as prefixes (`<C-s>`, `<A-x>`, `<S-Tab>`, `<C-A-Up>`).
public struct Key: Sendable, Hashable, CustomStringConvertible {
  /// What was pressed, without modifiers.
  public enum Base: Sendable, Hashable {
    case char(Character)
    case enter, tab, esc, backspace, delete, insert, space
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// The terminal changed size.
    case resize
    /// Text pasted with bracketed paste.
    case paste(String)
  }

  public var base: Base
  public var ctrl: Bool
  public var alt: Bool
  public var shift: Bool

  public init(_ base: Base, ctrl: Bool = false, alt: Bool = false, shift: Bool = false) {
    self.base = base
    self.ctrl = ctrl
    self.alt = alt
    self.shift = shift
  }

  /// A plain character key; a space becomes `<Space>`.
  public static func char(_ c: Character) -> Key {
    c == " " ? Key(.space) : Key(.char(c))
  }
  /// A Ctrl combination, e.g. `ctrl("s")` for `<C-s>`.
  public static func ctrl(_ c: Character) -> Key { Key(.char(c), ctrl: true) }
  /// An Alt combination, e.g. `alt("x")` for `<A-x>`.
  public static func alt(_ c: Character) -> Key { Key(.char(c), alt: true) }

  public static let enter = Key(.enter)
  public static let tab = Key(.tab)
  public static let backTab = Key(.tab, shift: true)
  public static let esc = Key(.esc)
  public static let backspace = Key(.backspace)
  public static let delete = Key(.delete)
  public static let up = Key(.up)
  public static let down = Key(.down)
  public static let left = Key(.left)
  public static let right = Key(.right)
  public static let home = Key(.home)
  public static let end = Key(.end)
  public static let pageUp = Key(.pageUp)
  public static let pageDown = Key(.pageDown)
  public static let space = Key(.space)
  public static let resize = Key(.resize)

  /// The text a key types into an editor, if it types any.
  public var typedText: String? {
    guard !ctrl && !alt else { return nil }
    switch base {
    case .char(let c): return String(c)
    case .space: return " "
    case .paste(let s): return s
    default: return nil
    }
  }

  static let specialNames: [(String, Base)] = [
    ("Enter", .enter), ("Tab", .tab), ("Esc", .esc), ("BS", .backspace), ("Del", .delete),
    ("Insert", .insert), ("Space", .space), ("Up", .up), ("Down", .down), ("Left", .left),
    ("Right", .right), ("Home", .home), ("End", .end), ("PageUp", .pageUp),
    ("PageDown", .pageDown), ("Resize", .resize), ("lt", .char("<")),
  ]

  /// Every name a key's base can be written with, lowercased: the names above and
  /// their other spellings.
  static let namedBases: [String: Base] = {
    var names: [String: Base] = [
      "cr": .enter, "return": .enter, "pgup": .pageUp, "pgdn": .pageDown,
      "backspace": .backspace, "delete": .delete, "escape": .esc,
    ]
    for (name, base) in specialNames { names[name.lowercased()] = base }
    return names
  }()

  /// The key's name in keymap notation.
  public var description: String {
    var inner: String
    var needsBrackets = ctrl || alt || shift
    switch base {
    case .char(let c):
      if c == "<" {
        inner = "lt"
        needsBrackets = true
      } else {
        inner = String(c)
      }
    case .function(let n):
      inner = "F\(n)"
      needsBrackets = true
    case .paste(let s):
      return "<Paste \(s.count) chars>"
    default:
      inner = Key.specialNames.first { $0.1 == base }?.0 ?? "?"
      needsBrackets = true
    }
    guard needsBrackets else { return inner }
    var prefix = ""
    if ctrl { prefix += "C-" }
    if alt { prefix += "A-" }
    if shift { prefix += "S-" }
    return "<" + prefix + inner + ">"
  }

  /// Parses one key name; nil when it is not a key.
  public init?(name: String) {
    if name.count == 1, let c = name.first {
      if c == " " { return nil }
      self = .char(c)
      return
    }
    guard name.hasPrefix("<"), name.hasSuffix(">"), name.count > 2 else { return nil }
    var body = Substring(name.dropFirst().dropLast())
    var ctrl = false
    var alt = false
    var shift = false
    while body.count > 2, body[body.index(after: body.startIndex)] == "-" {
      switch body.first {
      case "C", "c": ctrl = true
      case "A", "a", "M", "m": alt = true
      case "S", "s": shift = true
      default: return nil
      }
      body = body.dropFirst(2)
    }
    let word = String(body)
    var base: Base
    if word.count == 1, let c = word.first {
      base = c == " " ? .space : .char(c)
    } else if let named = Key.namedBases[word.lowercased()] {
      base = named
    } else if word.first == "F" || word.first == "f", let n = Int(word.dropFirst()), n >= 1,
      n <= 63
    {
      base = .function(n)
    } else {
      return nil
    }
    if ctrl, case .char(let c) = base, c.isUppercase, c.isLetter {
      base = .char(Character(c.lowercased()))
    }
    self.init(base, ctrl: ctrl, alt: alt, shift: shift)
  }

  /// Parses a space-separated key sequence such as `g g` or `<C-x> <C-c>`.
  public static func parseSequence(_ text: String) -> [Key]? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard !parts.isEmpty else { return nil }
    var keys: [Key] = []
    for part in parts {
      guard let k = Key(name: String(part)) else { return nil }
      keys.append(k)
    }
    return keys
  }

  /// Prints a key sequence in keymap notation.
  public static func name(of sequence: [Key]) -> String {
    sequence.map(\.description).joined(separator: " ")
  }
}
