/// A rectangle of styled cells that screens render into and the terminal presents.
public struct Grid: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  /// Creates a grid filled with blank cells.
  public init(width: Int, height: Int, style: Style = .plain) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank(style), count: self.width * self.height)
  }

  /// The whole grid as a rectangle.
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Fills a rectangle with blanks in the given style.
  public mutating func fill(_ rect: Rect, style: Style = .plain) {
    fill(rect, with: .blank(style))
  }

  /// Fills a rectangle with copies of one single-width cell (borders, rules, blanks).
  public mutating func fill(_ rect: Rect, with cell: Cell) {
    let r = rect.intersection(bounds)
    guard !r.isEmpty else { return }
    for y in r.y..<r.maxY {
      for x in r.x..<r.maxX { self[x, y] = cell }
    }
  }

  /// Draws spans from (x, y), clipped to `clip`; returns the column after the last cell drawn.
  ///
  /// A wide character that would cross the clip's right edge is replaced by a
  /// blank, so nothing ever straddles an edge.
  @discardableResult
  public mutating func put(_ spans: [StyledSpan], x: Int, y: Int, clip: Rect? = nil) -> Int {
    let c = (clip ?? bounds).intersection(bounds)
    guard y >= c.y && y < c.maxY else { return x }
    var col = x
    for span in spans {
      for ch in span.text {
        if col >= c.maxX { return col }
        let w = DisplayWidth.of(ch)
        if w == 0 { continue }
        if col < c.x {
          col += w
          continue
        }
        if w >= 2 && col + w > c.maxX {
          for x in col..<c.maxX { self[x, y] = .blank(span.style) }
          return c.maxX
        }
        let glyph = ch.isASCII ? String(ch) : DisplayGlyph.drawable(ch).text
        self[col, y] = Cell(text: glyph, width: UInt8(w), style: span.style)
        for k in 1..<max(1, w) { self[col + k, y] = .continuation(span.style) }
        col += w
      }
    }
    return col
  }

  /// Draws a plain string in one style; returns the column after it.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil)
    -> Int
  {
    put([StyledSpan(text, style)], x: x, y: y, clip: clip)
  }

  /// The text of one row, with wide characters once and trailing blanks kept.
  public func rowText(_ y: Int) -> String {
    var s = ""
    for x in 0..<width {
      let cell = self[x, y]
      if cell.width == 0 { continue }
      s += cell.text
    }
    return s
  }

  /// Every row's text with trailing blanks trimmed, for golden-file comparisons.
  public var lines: [String] {
    (0..<height).map { y in
      var s = rowText(y)
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
  }

  /// The rows joined by newlines.
  public var text: String { lines.joined(separator: "\n") }
}
