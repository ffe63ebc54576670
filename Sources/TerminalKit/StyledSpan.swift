/// A run of text drawn in one style.
public struct StyledSpan: Sendable, Hashable {
  public var text: String
  public var style: Style

  public init(_ text: String, _ style: Style = .plain) {
    self.text = text
    self.style = style
  }

  /// Columns the span takes when drawn.
  public var width: Int { DisplayWidth.of(text) }
}

extension Array where Element == StyledSpan {
  /// The spans' text joined, without styles.
  public var plainText: String { map(\.text).joined() }
  /// Columns the spans take when drawn.
  public var width: Int { reduce(0) { $0 + $1.width } }
}
