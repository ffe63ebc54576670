import Platform

/// Inline SVG charts for the lead's report: drawn as text, no script, no fonts
/// fetched; every label escaped. Colours come from `Palette`, readable with the
/// common colour blindnesses and in black and white (each series also differs in
/// lightness or is labelled).
enum SVG {
  /// Text made safe for XML content and attribute values.
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters are not allowed in XML 1.0: shown as a visible mark.
        if scalar.value < 0x20 && scalar != "\n" && scalar != "\t"
          || (0x7F...0x9F).contains(scalar.value)
        {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  static func num(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(cFormat: "%.1f", r)
  }

  /// An `<svg>` element of a given size with a title for screen readers.
  static func frame(width: Double, height: Double, title: String, _ body: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(num(width))\" height=\"\(num(height))\" viewBox=\"0 0 \(num(width)) \(num(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
      + "<title>\(escape(title))</title>" + body + "</svg>"
  }

  static func rect(
    _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, tip: String? = nil
  ) -> String {
    let shape =
      "<rect x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(max(0, w)))\" height=\"\(num(max(0, h)))\" fill=\"\(fill)\""
    guard let tip else { return shape + "/>" }
    return shape + "><title>\(escape(tip))</title></rect>"
  }

  static func text(
    _ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = 11,
    fill: String = Palette.ink,
    weight: String? = nil
  ) -> String {
    "<text x=\"\(num(x))\" y=\"\(num(y))\" font-size=\"\(num(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
      + (weight.map { " font-weight=\"\($0)\"" } ?? "") + ">\(escape(s))</text>"
  }

  static func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = Palette.grid,
    width: Double = 1, dash: Bool = false
  ) -> String {
    "<line x1=\"\(num(x1))\" y1=\"\(num(y1))\" x2=\"\(num(x2))\" y2=\"\(num(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(num(width))\""
      + (dash ? " stroke-dasharray=\"4 3\"" : "") + "/>"
  }

  static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) -> String {
    let p = points.map { "\(num($0.0)),\(num($0.1))" }.joined(separator: " ")
    return
      "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(num(width))\"/>"
  }

  /// A label cut to `limit` characters with an ellipsis.
  static func short(_ s: String, _ limit: Int) -> String {
    s.count <= limit ? s : String(s.prefix(max(1, limit - 1))) + "…"
  }
}

/// Colours: Okabe and Ito's set for categories (distinct for protan, deutan and
/// tritan vision), and a single-hue ramp for quantities, light to dark, so a
/// heatmap still reads in grey.
enum Palette {
  static let ink = "#1b1b1b"
  static let muted = "#666666"
  static let grid = "#d0d0d0"
  static let categories = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
  ]

  /// A blue from near white (0) to dark (1).
  static func ramp(_ t: Double) -> String {
    let x = min(1, max(0, t))
    // From #f2f6fb to #08306b.
    let r = 242 - (242 - 8) * x
    let g = 246 - (246 - 48) * x
    let b = 251 - (251 - 107) * x
    return String(cFormat: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
  }

  /// Text that stays readable on `ramp(t)`.
  static func onRamp(_ t: Double) -> String { t > 0.55 ? "#ffffff" : ink }
}
