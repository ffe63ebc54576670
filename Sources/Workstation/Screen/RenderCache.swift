import TerminalKit
import TextKit
import Worksheet

/// Rendered message lines by message and width, so a keystroke never re-wraps a long response.
///
/// Cleared when the task changes or the terminal is resized; bounded so a
/// long session on one task cannot grow it without limit.
final class RenderCache {
  private var lines: [String: [RenderedLine]] = [:]
  private let limit = 64

  func get(_ key: String, _ make: () -> [RenderedLine]) -> [RenderedLine] {
    if let hit = lines[key] { return hit }
    let made = make()
    if lines.count >= limit { lines.removeAll(keepingCapacity: true) }
    lines[key] = made
    return made
  }

  private var lazy: [String: LazyLayout] = [:]

  /// A message's lines: all of them, or for a very long message, at least `need` of them
  /// followed by a line standing for the rest (see `LazyLayout`).
  func message(_ key: String, _ text: String, width: Int, need: Int, base: Style = .plain)
    -> [RenderedLine]
  {
    guard text.utf8.count > LazyLayout.threshold else {
      return get(key) { Markdown.render(text, width: width, base: base) }
    }
    let layout: LazyLayout
    if let hit = lazy[key], hit.width == width {
      layout = hit
    } else {
      layout = LazyLayout(text, width: width)
      lazy[key] = layout
    }
    layout.layOut(atLeast: need)
    return layout.isComplete ? layout.lines : layout.lines + [layout.remainder]
  }

  private var numbers: [String: Int] = [:]

  /// A cached count (such as a candidate's words).
  func wordCount(_ key: String, _ make: () -> Int) -> Int {
    if let hit = numbers[key] { return hit }
    let n = make()
    numbers[key] = n
    return n
  }

  private var lastRewrite: (original: String, text: String, counts: (added: Int, removed: Int))?

  /// Words a rewrite added and removed; the title, form and editor ask for the same pair in one frame.
  func rewriteCounts(_ original: String, _ text: String) -> (added: Int, removed: Int) {
    if let last = lastRewrite, last.text.hasSameUTF8(as: text),
      last.original.hasSameUTF8(as: original)
    {
      return last.counts
    }
    let counts = WordDiff.counts(WordDiff.window(original, text, context: 0))
    lastRewrite = (original, text, counts)
    return counts
  }

  func clear() {
    lines.removeAll(keepingCapacity: true)
    lazy.removeAll()
    numbers.removeAll(keepingCapacity: true)
  }

  var count: Int { lines.count }

  /// The keys of the messages laid out whole (what was laid out, at which width).
  var keys: Set<String> { Set(lines.keys) }
}
