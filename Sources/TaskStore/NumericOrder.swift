/// Names in the order people number them: runs of digits compared as numbers, the
/// rest scalar by scalar (mytasks-2 before mytasks-10), as Foundation's `.numeric`
/// comparison orders them.
enum NumericOrder {
  /// Whether `a` comes before `b`.
  static func ascending(_ a: String, _ b: String) -> Bool {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    var i = 0
    var j = 0
    while i < x.count, j < y.count {
      if isDigit(x[i]), isDigit(y[j]) {
        let (m, nextI) = digits(x, from: i)
        let (n, nextJ) = digits(y, from: j)
        if m.count != n.count { return m.count < n.count }
        if m != n { return m.lexicographicallyPrecedes(n) }
        i = nextI
        j = nextJ
      } else {
        if x[i] != y[j] { return x[i].value < y[j].value }
        i += 1
        j += 1
      }
    }
    return x.count - i < y.count - j
  }

  static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

  /// The run of digits at `start` without its leading zeros, and where the run ends.
  static func digits(_ s: [Unicode.Scalar], from start: Int) -> ([UInt32], Int) {
    var end = start
    while end < s.count, isDigit(s[end]) { end += 1 }
    var first = start
    while first < end - 1, s[first] == "0" { first += 1 }
    return (s[first..<end].map(\.value), end)
  }
}
