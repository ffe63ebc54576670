import Platform
import TerminalKit

/// One line of rendered message text.
public struct RenderedLine: Sendable, Equatable {
  public var spans: [StyledSpan]
  /// Code and table lines are not reflowed; they scroll sideways instead.
  public var isCode: Bool

  public init(_ spans: [StyledSpan], isCode: Bool = false) {
    self.spans = spans
    self.isCode = isCode
  }
}

/// Renders the markdown basics that chat models write into terminal lines.
///
/// Headings, bold, inline code, lists (with a hanging indent), fenced code
/// blocks (kept as written, scrolled sideways) and pipe tables (re-aligned by
/// display width). Every piece of text goes through the sanitiser. Single line
/// breaks are kept, since poems and addresses rely on them.
public enum Markdown {
  static let codeStyle = Style(fg: .cyan)
  static let headingStyle = Style(bold: true)
  static let tableStyle = Style()

  /// The text's lines, split at each line feed or CR LF.
  static func sourceLines(_ text: String) -> [Substring] {
    // "\r\n" is one Character, so it is turned into "\n" before splitting (only when there is a CR).
    let source = text.utf8.contains(0x0D) ? text.replacing("\r\n", with: "\n") : text
    // Then every LF byte is a "\n" character of its own: split on bytes, not characters.
    return source.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map(
      Substring.init)
  }

  /// Renders text to lines at most `width` columns wide (code lines may be wider).
  public static func render(_ text: String, width: Int, base: Style = .plain) -> [RenderedLine] {
    let lines = sourceLines(text)
    var out: [RenderedLine] = []
    var i = 0
    while i < lines.count {
      let line = String(lines[i])
      let trimmed = Substring(line).trimmingSpaces()
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        let fence = String(trimmed.prefix(3))
        let lang = trimmed.dropFirst(3).trimmingSpaces()
        out.append(
          RenderedLine(
            Sanitizer.sanitize(
              "╭─ " + (lang.isEmpty ? "code" : lang), style: Style(fg: .cyan, dim: true)
            ).spans, isCode: true))
        i += 1
        while i < lines.count && !lines[i].trimmingSpaces().hasPrefix(fence) {
          let spans = Sanitizer.sanitize(String(lines[i]), style: codeStyle).spans
          out.append(
            RenderedLine([StyledSpan("│ ", Style(fg: .cyan, dim: true))] + spans, isCode: true))
          i += 1
        }
        out.append(RenderedLine([StyledSpan("╰─", Style(fg: .cyan, dim: true))], isCode: true))
        i += 1
        continue
      }
      if trimmed.hasPrefix("|") {
        var rows: [String] = []
        while i < lines.count && lines[i].trimmingSpaces().hasPrefix("|") {
          rows.append(lines[i].trimmingSpaces())
          i += 1
        }
        out.append(contentsOf: table(rows))
        continue
      }
      i += 1
      if trimmed.isEmpty {
        out.append(RenderedLine([]))
        continue
      }
      if let level = headingLevel(trimmed) {
        let body = String(trimmed.dropFirst(level + 1))
        var style = headingStyle
        if level == 1 { style.underline = true }
        for l in Wrap.wrap(inline(body, base: style), width: width) { out.append(RenderedLine(l)) }
        continue
      }
      if let (marker, rest, indent) = listItem(line) {
        let bullet = marker.first?.isNumber == true ? marker + " " : "• "
        let pad = String(repeating: " ", count: indent)
        let hang = String(repeating: " ", count: indent + DisplayWidth.of(bullet))
        guard width - DisplayWidth.of(hang) >= 4 else {
          // Too narrow for a hanging indent: the bullet starts the text, which wraps at the full width.
          for l in Wrap.wrap(
            [StyledSpan(pad + bullet, Style(fg: .yellow))] + inline(rest, base: base), width: width)
          {
            out.append(RenderedLine(l))
          }
          continue
        }
        let wrapped = Wrap.wrap(inline(rest, base: base), width: width - DisplayWidth.of(hang))
        for (k, l) in wrapped.enumerated() {
          let prefix = k == 0 ? StyledSpan(pad + bullet, Style(fg: .yellow)) : StyledSpan(hang)
          out.append(RenderedLine([prefix] + l))
        }
        continue
      }
      for l in Wrap.wrap(inline(line, base: base), width: width) { out.append(RenderedLine(l)) }
    }
    return out
  }

  static func headingLevel(_ s: String) -> Int? {
    var n = 0
    for c in s {
      if c == "#" { n += 1 } else { break }
    }
    guard n >= 1 && n <= 6, s.count > n, s.dropFirst(n).first == " " else { return nil }
    return n
  }

  static func listItem(_ line: String) -> (String, String, Int)? {
    let indent = line.prefix { $0 == " " }.count
    let rest = line.dropFirst(indent)
    for m in ["- ", "* ", "+ "] where rest.hasPrefix(m) {
      return (String(m.prefix(1)), String(rest.dropFirst(2)), min(indent, 8))
    }
    let digits = rest.prefix { $0.isNumber }
    if !digits.isEmpty && digits.count <= 3 {
      let after = rest.dropFirst(digits.count)
      if after.hasPrefix(". ") || after.hasPrefix(") ") {
        return (String(digits) + ".", String(after.dropFirst(2)), min(indent, 8))
      }
    }
    return nil
  }

  /// Inline markup: **bold** and `code`; markers that do not close stay as text.
  ///
  /// Plain text between markers is found on UTF-8 bytes and sanitised a run at a
  /// time (character by character, this was most of a first frame).
  public static func inline(_ text: String, base: Style) -> [StyledSpan] {
    var spans: [StyledSpan] = []
    let u = text.utf8
    var plainStart = text.startIndex
    var i = text.startIndex
    func flush(_ end: String.Index) {
      if plainStart < end {
        spans.append(
          contentsOf: Sanitizer.sanitize(String(text[plainStart..<end]), style: base).spans)
      }
    }
    while let j = u[i...].firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "*") })
    {
      let afterMarker = u.index(after: j)
      if u[j] == UInt8(ascii: "`"), let close = u[afterMarker...].firstIndex(of: UInt8(ascii: "`"))
      {
        flush(j)
        spans.append(
          contentsOf: Sanitizer.sanitize(String(text[afterMarker..<close]), style: codeStyle).spans)
        i = u.index(after: close)
        plainStart = i
        continue
      }
      if u[j] == UInt8(ascii: "*"), afterMarker < u.endIndex, u[afterMarker] == UInt8(ascii: "*") {
        let innerStart = u.index(after: afterMarker)
        if let close = text[innerStart...].firstRange(of: "**"), close.lowerBound > innerStart {
          flush(j)
          spans.append(
            contentsOf: Sanitizer.sanitize(
              String(text[innerStart..<close.lowerBound]), style: base.bolded
            ).spans)
          i = close.upperBound
          plainStart = i
          continue
        }
      }
      i = afterMarker
    }
    flush(text.endIndex)
    return spans
  }

  /// Re-aligns a pipe table by display width.
  static func table(_ rows: [String]) -> [RenderedLine] {
    func cells(_ row: String) -> [String] {
      var r = Substring(row)
      if r.hasPrefix("|") { r = r.dropFirst() }
      if r.hasSuffix("|") { r = r.dropLast() }
      return r.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
    }
    let parsed = rows.map(cells)
    let isSeparator = { (cs: [String]) in
      cs.allSatisfy { !$0.isEmpty && $0.allSatisfy { "-:".contains($0) } }
    }
    let columns = parsed.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    let rendered = parsed.map { row in row.map { inline($0, base: tableStyle) } }
    for (r, row) in rendered.enumerated() where !isSeparator(parsed[r]) {
      for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.width) }
    }
    var out: [RenderedLine] = []
    for (r, row) in rendered.enumerated() {
      if isSeparator(parsed[r]) {
        let line = widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┼")
        out.append(RenderedLine([StyledSpan(line, Style(dim: true))], isCode: true))
        continue
      }
      var spans: [StyledSpan] = []
      for c in 0..<columns {
        let cell = c < row.count ? row[c] : []
        if c > 0 { spans.append(StyledSpan("│", Style(dim: true))) }
        spans.append(StyledSpan(" "))
        var styled = cell
        if r == 0 {
          styled = styled.map {
            StyledSpan($0.text, $0.style == .placeholder ? $0.style : $0.style.bolded)
          }
        }
        spans.append(contentsOf: styled)
        spans.append(StyledSpan(String(repeating: " ", count: widths[c] - cell.width + 1)))
      }
      out.append(RenderedLine(spans, isCode: true))
    }
    return out
  }
}

extension StringProtocol {
  /// The text without leading or trailing spaces and tabs.
  func trimmingSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
