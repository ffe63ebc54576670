/// A word-level diff, for the rewrite editor and the `d` view.
public enum WordDiff {
  /// One piece of a diff.
  public enum Piece: Sendable, Equatable {
    case same(String)
    case removed(String)
    case added(String)
  }

  /// Splits text into words and the whitespace between them, keeping both.
  public static func tokens(_ s: String) -> [Substring] {
    var out: [Substring] = []
    var start = s.startIndex
    var i = s.startIndex
    var inSpace: Bool?
    while i < s.endIndex {
      let space = s[i].isWhitespace
      if let cur = inSpace, cur != space {
        out.append(s[start..<i])
        start = i
      }
      inSpace = space
      i = s.index(after: i)
    }
    if start < s.endIndex { out.append(s[start..<s.endIndex]) }
    return out
  }

  /// The diff of `old` against `new` by words (Myers' algorithm, O((N+M)·D)).
  public static func diff(_ old: String, _ new: String) -> [Piece] {
    let a = tokens(old)
    let b = tokens(new)
    let n = a.count
    let m = b.count
    let maxD = n + m
    if maxD == 0 { return [] }
    var v = [Int](repeating: 0, count: 2 * maxD + 2)
    var trace: [[Int]] = []
    let offset = maxD + 1
    var found = false
    for d in 0...maxD {
      trace.append(v)
      var k = -d
      while k <= d {
        var x: Int
        if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
          x = v[offset + k + 1]
        } else {
          x = v[offset + k - 1] + 1
        }
        var y = x - k
        while x < n && y < m && a[x] == b[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n && y >= m {
          found = true
          break
        }
        k += 2
      }
      if found { break }
    }
    // Walk back through the trace to recover the edit script.
    var pieces: [Piece] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let vd = trace[d]
      let k = x - y
      let prevK: Int
      if k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) {
        prevK = k + 1
      } else {
        prevK = k - 1
      }
      let prevX = d == 0 ? 0 : vd[offset + prevK]
      let prevY = prevX - prevK
      while x > prevX && y > prevY {
        pieces.append(.same(String(a[x - 1])))
        x -= 1
        y -= 1
      }
      if d > 0 {
        if x == prevX {
          pieces.append(.added(String(b[y - 1])))
        } else {
          pieces.append(.removed(String(a[x - 1])))
        }
      }
      x = prevX
      y = prevY
    }
    return merge(pieces.reversed())
  }

  static func merge(_ pieces: [Piece]) -> [Piece] {
    var out: [Piece] = []
    for p in pieces {
      switch (out.last, p) {
      case (.same(let a)?, .same(let b)): out[out.count - 1] = .same(a + b)
      case (.removed(let a)?, .removed(let b)): out[out.count - 1] = .removed(a + b)
      case (.added(let a)?, .added(let b)): out[out.count - 1] = .added(a + b)
      default: out.append(p)
      }
    }
    return out
  }

  /// The diff of two texts restricted to where they differ, with `context` bytes
  /// of unchanged text on each side (cut at whitespace, marked with "…").
  ///
  /// The common prefix and suffix are found on UTF-8 bytes first, so a
  /// keystroke in a 100 KB rewrite diffs only the few words around it.
  public static func window(_ old: String, _ new: String, context: Int = 240) -> [Piece] {
    let a = Array(old.utf8)
    let b = Array(new.utf8)
    var p = 0
    while p < a.count && p < b.count && a[p] == b[p] { p += 1 }
    var s = 0
    while s < a.count - p && s < b.count - p && a[a.count - 1 - s] == b[b.count - 1 - s] { s += 1 }
    // Widen the changed middle to whole words, but by at most `wordLimit` bytes:
    // text without spaces (Chinese, Japanese) would otherwise widen to its whole
    // paragraph on every keystroke. Failing a space, cut between characters.
    func isBoundary(_ x: UInt8) -> Bool { x == 0x20 || x == 0x0A || x == 0x09 }
    func inSequence(_ bytes: [UInt8], _ i: Int) -> Bool { i < bytes.count && bytes[i] & 0xC0 == 0x80 }
    let wordLimit = 48
    var q = p
    while q > 0 && p - q < wordLimit && !isBoundary(a[q - 1]) { q -= 1 }
    if q == 0 || isBoundary(a[q - 1]) {
      p = q
    } else {
      while p > 0 && (inSequence(a, p) || inSequence(b, p)) { p -= 1 }
    }
    var t = s
    while t > 0 && s - t < wordLimit && !isBoundary(a[a.count - t]) { t -= 1 }
    if t == 0 || isBoundary(a[a.count - t]) {
      s = t
    } else {
      while s > 0 && (inSequence(a, a.count - s) || inSequence(b, b.count - s)) { s -= 1 }
    }
    if p == a.count && p == b.count { return old.isEmpty ? [] : [.same(old)] }
    let oldMid = String(decoding: a[p..<(a.count - s)], as: UTF8.self)
    let newMid = String(decoding: b[p..<(b.count - s)], as: UTF8.self)
    var pieces = diff(oldMid, newMid)
    if p > 0 {
      var start = max(0, p - context)
      while start > 0 && start < p && !isBoundary(a[start - 1]) { start += 1 }
      let lead = String(decoding: a[start..<p], as: UTF8.self)
      pieces.insert(.same((start > 0 ? "… " : "") + lead), at: 0)
    }
    if s > 0 {
      var end = min(a.count, a.count - s + context)
      while end < a.count && end > a.count - s && !isBoundary(a[end]) { end -= 1 }
      let tail = String(decoding: a[(a.count - s)..<end], as: UTF8.self)
      pieces.append(.same(tail + (end < a.count ? " …" : "")))
    }
    return merge(pieces)
  }

  /// Words added and removed, ignoring whitespace.
  public static func counts(_ pieces: [Piece]) -> (added: Int, removed: Int) {
    var added = 0
    var removed = 0
    for p in pieces {
      switch p {
      case .added(let s): added += s.split(whereSeparator: \.isWhitespace).count
      case .removed(let s): removed += s.split(whereSeparator: \.isWhitespace).count
      case .same: break
      }
    }
    return (added, removed)
  }
}
