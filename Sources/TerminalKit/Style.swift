/// One of the eight basic terminal colors, or the terminal's default.
public enum Color: Int, Sendable, Hashable, CaseIterable {
  case terminalDefault = -1
  case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// The look of one cell: colors and attributes.
public struct Style: Sendable, Hashable {
  public var fg: Color
  public var bg: Color
  public var bold: Bool
  public var dim: Bool
  public var reverse: Bool
  public var underline: Bool

  /// Creates a style; every attribute is off by default.
  public init(
    fg: Color = .terminalDefault, bg: Color = .terminalDefault, bold: Bool = false,
    dim: Bool = false, reverse: Bool = false, underline: Bool = false
  ) {
    self.fg = fg
    self.bg = bg
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
    self.underline = underline
  }

  /// The terminal's default look.
  public static let plain = Style()
  /// The look of a placeholder that stands for a hostile or invisible character.
  public static let placeholder = Style(fg: .black, bg: .yellow)

  /// A copy with bold switched on.
  public var bolded: Style {
    var s = self
    s.bold = true
    return s
  }
  /// A copy with reverse video switched on.
  public var reversed: Style {
    var s = self
    s.reverse = true
    return s
  }
}
