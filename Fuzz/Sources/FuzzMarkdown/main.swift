import Foundation
import TerminalKit
import TextKit

/// Markdown rendering and wrapping: every line fits, and nothing unsafe reaches the grid.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let width = Int(data[0]) % 120 + 1
  let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
  let lines = Markdown.render(text, width: width)
  var grid = Grid(width: width, height: 1)
  for line in lines.prefix(200) {
    if !line.isCode { precondition(line.spans.width <= max(width, 2), "a wrapped line is wider than the width") }
    grid.put(line.spans, x: 0, y: 0)
  }
  for cell in grid.cells {
    for s in cell.text.unicodeScalars { precondition(Sanitizer.placeholder(for: s) == nil, "unsafe scalar reached the grid") }
  }
  return 0
}
