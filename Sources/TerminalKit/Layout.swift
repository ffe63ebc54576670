/// How much room one part of a split asks for.
public enum Constraint: Sendable, Hashable {
  /// Exactly this many cells (less only if the whole is too small).
  case fixed(Int)
  /// This percentage of the whole.
  case percent(Int)
  /// At least this many cells; shares whatever is left over.
  case min(Int)
}

/// The direction a rectangle is split in.
public enum Axis: Sendable {
  case horizontal
  case vertical
}

extension Rect {
  /// Splits the rectangle into parts along `axis`, one per constraint.
  ///
  /// Fixed and percentage parts are sized first; `min` parts share the rest
  /// equally (each getting at least its minimum while room allows). When the
  /// whole is too small, parts are shrunk from the last one backwards.
  public func split(_ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
    let total = axis == .horizontal ? width : height
    var sizes = constraints.map { c -> Int in
      switch c {
      case .fixed(let n): return Swift.max(0, n)
      case .percent(let p): return Swift.max(0, total * p / 100)
      case .min(let n): return Swift.max(0, n)
      }
    }
    let flexible = constraints.indices.filter {
      if case .min = constraints[$0] { return true }
      return false
    }
    var used = sizes.reduce(0, +)
    if used < total {
      let spare = total - used
      if flexible.isEmpty {
        if let last = sizes.indices.last { sizes[last] += spare }
      } else {
        for (k, i) in flexible.enumerated() {
          sizes[i] += spare / flexible.count + (k < spare % flexible.count ? 1 : 0)
        }
      }
    }
    used = sizes.reduce(0, +)
    var excess = used - total
    var i = sizes.count - 1
    while excess > 0 && i >= 0 {
      let cut = Swift.min(sizes[i], excess)
      sizes[i] -= cut
      excess -= cut
      i -= 1
    }
    var out: [Rect] = []
    var offset = 0
    for size in sizes {
      switch axis {
      case .horizontal:
        out.append(Rect(x: x + offset, y: y, width: size, height: height))
      case .vertical:
        out.append(Rect(x: x, y: y + offset, width: width, height: size))
      }
      offset += size
    }
    return out
  }
}
