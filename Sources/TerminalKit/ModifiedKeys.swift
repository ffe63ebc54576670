/// The xterm encoding of cursor and editing keys with Shift, Alt and Ctrl.
///
/// Terminals send `ESC [ 1 ; m X` for arrows, Home and End (X = A B C D H F)
/// and `ESC [ n ; m ~` for Insert, Delete, PageUp and PageDown (n = 2 3 5 6),
/// where m - 1 is a bit set: 1 Shift, 2 Alt, 4 Ctrl. Curses knows them by
/// terminfo names such as `kLFT5` (Ctrl-Left); where the terminfo entry lacks
/// them, the bytes arrive one by one and the input decoder reads them.
public enum ModifiedKeys {
  /// The modifiers of an xterm modifier parameter (2 to 16); nil for anything else.
  static func modifiers(_ m: Int) -> (shift: Bool, alt: Bool, ctrl: Bool)? {
    guard (2...16).contains(m) else { return nil }
    let bits = m - 1
    return (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0)
  }

  static func key(_ base: Key.Base, _ m: Int) -> Key? {
    guard let mods = modifiers(m) else { return nil }
    return Key(base, ctrl: mods.ctrl, alt: mods.alt, shift: mods.shift)
  }

  /// The key for a curses extended key name (`kLFT5`, `kHOM3`, `kDC6`…).
  public static func key(terminfoName name: String) -> Key? {
    let bases: [(String, Key.Base)] = [
      ("kLFT", .left), ("kRIT", .right), ("kUP", .up), ("kDN", .down), ("kHOM", .home),
      ("kEND", .end),
      ("kDC", .delete), ("kIC", .insert), ("kPRV", .pageUp), ("kNXT", .pageDown),
    ]
    for (prefix, base) in bases where name.hasPrefix(prefix) {
      guard let m = Int(name.dropFirst(prefix.count)) else { return nil }
      return key(base, m)
    }
    return nil
  }

  /// The key for the body of a CSI sequence after `ESC [` (`1;5D`, `3;2~`); nil if not one of these.
  /// Enter with modifiers comes as xterm's `27;5;13~` (modifyOtherKeys) or `13;5u` (CSI u),
  /// from terminals set to report it.
  public static func key(csi body: String) -> Key? {
    guard let final = body.last else { return nil }
    let params = body.dropLast().split(separator: ";", omittingEmptySubsequences: false).map {
      Int($0)
    }
    if final == "~", params.count == 3, params[0] == 27, params[2] == 13, let m = params[1] { return key(.enter, m) }
    if final == "u", params.count == 2, params[0] == 13, let m = params[1] { return key(.enter, m) }
    guard params.count == 2, let first = params[0], let m = params[1] else { return nil }
    switch final {
    case "A": return first == 1 ? key(.up, m) : nil
    case "B": return first == 1 ? key(.down, m) : nil
    case "C": return first == 1 ? key(.right, m) : nil
    case "D": return first == 1 ? key(.left, m) : nil
    case "H": return first == 1 ? key(.home, m) : nil
    case "F": return first == 1 ? key(.end, m) : nil
    case "~":
      switch first {
      case 2: return key(.insert, m)
      case 3: return key(.delete, m)
      case 5: return key(.pageUp, m)
      case 6: return key(.pageDown, m)
      case 1, 7: return key(.home, m)
      case 4, 8: return key(.end, m)
      default: return nil
      }
    default: return nil
    }
  }
}
