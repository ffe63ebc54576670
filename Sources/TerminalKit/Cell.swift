/// One screen cell: the text drawn there, its display width and its style.
///
/// A wide character occupies its cell (width 2) and the cell to its right,
/// which holds a continuation (width 0, empty text).
public struct Cell: Sendable, Hashable {
  /// The grapheme drawn here: a base scalar plus at most a few combining marks.
  public var text: String
  /// 1 for a normal cell, 2 for a wide one, 0 for the right half of a wide one.
  public var width: UInt8
  public var style: Style

  public init(text: String, width: UInt8 = 1, style: Style = .plain) {
    self.text = text
    self.width = width
    self.style = style
  }

  /// An empty cell in the given style.
  public static func blank(_ style: Style = .plain) -> Cell {
    Cell(text: " ", width: 1, style: style)
  }

  /// The right half of a wide character.
  public static func continuation(_ style: Style) -> Cell {
    Cell(text: "", width: 0, style: style)
  }
}
