/// How many columns this terminal gives the emoji sequences that terminals
/// disagree on, as measured when the terminal answered a cursor position
/// request (`Terminal.measureEmoji`). Until then (and in tests) each is drawn
/// as its base character, whose width every terminal agrees on.
public struct EmojiWidths: Sendable, Equatable {
  /// A ZWJ sequence: 👨‍👩‍👧.
  public var joined: Int
  /// A base with a skin-tone modifier: 👍🏽.
  public var modified: Int
  /// A base with the emoji presentation selector (VS16): ❄️.
  public var presentation: Int

  public init(joined: Int, modified: Int, presentation: Int) {
    self.joined = joined
    self.modified = modified
    self.presentation = presentation
  }

  /// The kinds of sequence, in the order they are measured.
  public enum Kind: Int, Sendable, CaseIterable {
    case joined, modified, presentation

    /// A sample to measure the terminal with.
    public var sample: String {
      switch self {
      case .joined: return "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
      case .modified: return "\u{1F44D}\u{1F3FD}"
      case .presentation: return "\u{2744}\u{FE0F}"
      }
    }
  }

  /// The kind of emoji sequence a cluster is, or nil for anything else.
  public static func kind(of character: Character) -> Kind? {
    let scalars = character.unicodeScalars
    guard scalars.count > 1 else { return nil }
    var joiner = false
    var modifier = false
    var selector = false
    for s in scalars.dropFirst() {
      switch s.value {
      case 0x200D: joiner = true
      case 0x1F3FB...0x1F3FF: modifier = true
      case 0xFE0F: selector = true
      default: break
      }
    }
    if joiner { return .joined }
    if modifier { return .modified }
    if selector { return .presentation }
    return nil
  }

  /// The width of a kind, 1 to 8 columns (a terminal's odd answer is clamped).
  public func width(_ kind: Kind) -> Int {
    let w: Int
    switch kind {
    case .joined: w = joined
    case .modified: w = modified
    case .presentation: w = presentation
    }
    return max(1, min(8, w))
  }
}

extension DisplayWidth {
  /// The terminal's measured emoji widths; nil until measured (clusters are then drawn as their base).
  ///
  /// Set once, from the main thread, when the terminal answers; read while laying out text.
  nonisolated(unsafe) public static var emoji: EmojiWidths?
}
