import Foundation
import TerminalKit

/// One line of rendered message text.
public struct RenderedLine: Sendable, Equatable {
  public var spans: [Span]
  /// Code and table lines are not reflowed; they scroll sideways instead.
  public var isCode: Bool

  public init(_ spans: [Span], isCode: Bool = false) {
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

  /// Renders text to lines at most `width` columns wide (code lines may be wider).
  public static func render(_ text: String, width: Int, base: Style = .plain) -> [RenderedLine] {
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
    var out: [RenderedLine] = []
    var i = 0
    while i < lines.count {
      let line = String(lines[i])
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        let fence = String(trimmed.prefix(3))
        let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
        out.append(RenderedLine(Sanitizer.sanitize("╭─ " + (lang.isEmpty ? "code" : lang), style: Style(fg: .cyan, dim: true)).spans, isCode: true))
        i += 1
        while i < lines.count && !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(fence) {
          let spans = Sanitizer.sanitize(String(lines[i]), style: codeStyle).spans
          out.append(RenderedLine([Span("│ ", Style(fg: .cyan, dim: true))] + spans, isCode: true))
          i += 1
        }
        out.append(RenderedLine([Span("╰─", Style(fg: .cyan, dim: true))], isCode: true))
        i += 1
        continue
      }
      if trimmed.hasPrefix("|") {
        var rows: [String] = []
        while i < lines.count && lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
          rows.append(lines[i].trimmingCharacters(in: .whitespaces))
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
          for l in Wrap.wrap([Span(pad + bullet, Style(fg: .yellow))] + inline(rest, base: base), width: width) {
            out.append(RenderedLine(l))
          }
          continue
        }
        let wrapped = Wrap.wrap(inline(rest, base: base), width: width - DisplayWidth.of(hang))
        for (k, l) in wrapped.enumerated() {
          let prefix = k == 0 ? Span(pad + bullet, Style(fg: .yellow)) : Span(hang)
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
  public static func inline(_ text: String, base: Style) -> [Span] {
    var spans: [Span] = []
    var plain = ""
    var rest = Substring(text)
    func flush() {
      if !plain.isEmpty {
        spans.append(contentsOf: Sanitizer.sanitize(plain, style: base).spans)
        plain = ""
      }
    }
    while let c = rest.first {
      if c == "`", let close = rest.dropFirst().firstIndex(of: "`") {
        flush()
        let code = rest[rest.index(after: rest.startIndex)..<close]
        spans.append(contentsOf: Sanitizer.sanitize(String(code), style: codeStyle).spans)
        rest = rest[rest.index(after: close)...]
        continue
      }
      if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**") {
        let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
        if !inner.isEmpty {
          flush()
          spans.append(contentsOf: Sanitizer.sanitize(String(inner), style: base.bolded).spans)
          rest = rest[close.upperBound...]
          continue
        }
      }
      plain.append(c)
      rest = rest.dropFirst()
    }
    flush()
    return spans
  }

  /// Re-aligns a pipe table by display width.
  static func table(_ rows: [String]) -> [RenderedLine] {
    func cells(_ row: String) -> [String] {
      var r = Substring(row)
      if r.hasPrefix("|") { r = r.dropFirst() }
      if r.hasSuffix("|") { r = r.dropLast() }
      return r.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
    let parsed = rows.map(cells)
    let isSeparator = { (cs: [String]) in cs.allSatisfy { !$0.isEmpty && $0.allSatisfy { "-:".contains($0) } } }
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
        out.append(RenderedLine([Span(line, Style(dim: true))], isCode: true))
        continue
      }
      var spans: [Span] = []
      for c in 0..<columns {
        let cell = c < row.count ? row[c] : []
        if c > 0 { spans.append(Span("│", Style(dim: true))) }
        spans.append(Span(" "))
        var styled = cell
        if r == 0 { styled = styled.map { Span($0.text, $0.style == .placeholder ? $0.style : $0.style.bolded) } }
        spans.append(contentsOf: styled)
        spans.append(Span(String(repeating: " ", count: widths[c] - cell.width + 1)))
      }
      out.append(RenderedLine(spans, isCode: true))
    }
    return out
  }
}
