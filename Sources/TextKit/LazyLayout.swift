import TerminalKit

/// A very long message laid out a piece at a time, as far as the view has scrolled.
///
/// Markdown rendering and wrapping are linear in the text, so a 50 MB message
/// took seconds before its first frame. A message over `threshold` bytes is cut
/// into pieces of about `piece` bytes at line breaks (or spaces, or at least
/// between characters), and pieces are laid out only when the view reaches them.
public final class LazyLayout {
  /// Messages up to this size are laid out whole.
  public static let threshold = 256 << 10
  /// About how much of the text one step lays out.
  static let piece = 128 << 10

  private let bytes: [UInt8]
  private var next = 0
  /// The lines laid out so far.
  public private(set) var lines: [RenderedLine] = []
  public let width: Int

  public init(_ text: String, width: Int) {
    bytes = Array(text.utf8)
    self.width = width
  }

  /// Whether the whole text has been laid out.
  public var isComplete: Bool { next >= bytes.count }

  /// Lays out pieces until at least `count` lines exist or the text ends.
  public func layOut(atLeast count: Int) {
    while lines.count < count && !isComplete {
      let end = LazyLayout.cut(bytes, from: next, size: LazyLayout.piece)
      let text = String(decoding: bytes[next..<end], as: UTF8.self)
      lines += Markdown.render(text, width: width)
      next = end
    }
  }

  /// The line that stands for the text not laid out yet.
  public var remainder: RenderedLine {
    let left = bytes.count - next
    let size = left >= 1 << 20 ? "\(left >> 20) MB" : "\(max(1, left >> 10)) KB"
    return RenderedLine([StyledSpan("⋯ \(size) more; scrolling on lays it out", Style(dim: true))])
  }

  /// Where a piece starting at `from` ends: after a line break near `from + size`,
  /// else after a space, else at the start of a character.
  static func cut(_ b: [UInt8], from: Int, size: Int) -> Int {
    let target = from + size
    guard target < b.count else { return b.count }
    let floor = max(from + 1, target - 4096)
    for sep: UInt8 in [0x0A, 0x20] {
      var i = target
      while i > floor {
        if b[i - 1] == sep { return i }
        i -= 1
      }
    }
    var i = target
    while i > from + 1 && (b[i] & 0xC0) == 0x80 { i -= 1 }
    return i
  }
}
