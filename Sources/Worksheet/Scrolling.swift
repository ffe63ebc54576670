import Commands

/// Scroll arithmetic shared by the panes.
package enum Scrolling {
  /// How far a scrolling action moves (Int.max / -Int.max for the ends); nil for other actions.
  package static func step(_ a: Action, page: Int) -> Int? {
    switch a {
    case .scrollDown: return 1
    case .scrollUp: return -1
    case .pageDown: return max(1, page - 2)
    case .pageUp: return -max(1, page - 2)
    case .halfPageDown: return max(1, page / 2)
    case .halfPageUp: return -max(1, page / 2)
    case .scrollTop: return -Int.max
    case .scrollBottom: return Int.max
    default: return nil
    }
  }

  /// A scroll position moved by `by`, never negative and never near overflow.
  package static func apply(_ by: Int, to scroll: Int) -> Int {
    if by == Int.max { return Int.max / 4 }
    if by == -Int.max { return 0 }
    return max(0, min(scroll, Int.max / 4) + by)
  }

  /// Lines a view must lay out to show `height` lines from `scroll` (and know there are more).
  package static func need(_ scroll: Int, _ height: Int) -> Int {
    min(scroll, Int.max / 4) + height + 1
  }

  /// The top line that keeps the last page full.
  package static func clamp(_ scroll: Int, lines: Int, height: Int) -> Int {
    max(0, min(scroll, lines - height))
  }
}
