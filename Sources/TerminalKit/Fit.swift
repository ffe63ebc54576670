/// Shortening one line of text to a width without cutting a word in half.
public enum Fit {
  /// `text` as it is when it fits in `width` columns; else cut at the last space
  /// that leaves room for "…" (or inside the word when a single word is too long).
  public static func words(_ text: String, width: Int) -> String {
    guard DisplayWidth.of(text) > width else { return text }
    guard width > 1 else { return width == 1 ? "…" : "" }
    var kept = ""
    var used = 0
    var lastSpace: String.Index?
    for ch in text {
      let w = DisplayWidth.of(String(ch))
      if used + w > width - 1 { break }
      if ch == " " { lastSpace = kept.endIndex }
      kept.append(ch)
      used += w
    }
    if let cut = lastSpace, cut > kept.startIndex {
      kept = String(kept[..<cut])
    }
    while kept.hasSuffix(" ") || kept.hasSuffix("·") { kept.removeLast() }
    return kept + "…"
  }
}
