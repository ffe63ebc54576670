import Platform

/// A TOML value with the line it was written on, so errors can name it.
public struct TOMLValue: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)
  }

  public var kind: Kind
  public var line: Int

  public var string: String? {
    if case .string(let s) = kind { return s }
    return nil
  }
  public var integer: Int? {
    if case .integer(let i) = kind { return i }
    return nil
  }
  public var bool: Bool? {
    if case .bool(let b) = kind { return b }
    return nil
  }
  public var array: [TOMLValue]? {
    if case .array(let a) = kind { return a }
    return nil
  }
  public var table: TOMLTable? {
    if case .table(let t) = kind { return t }
    return nil
  }

  /// The kind's name for error messages.
  public var typeName: String {
    switch kind {
    case .string: return "a string"
    case .integer: return "an integer"
    case .float: return "a number"
    case .bool: return "true or false"
    case .array: return "an array"
    case .table: return "a table"
    }
  }
}

/// A TOML table: keys in the order written, each with its value and line.
public struct TOMLTable: Sendable, Hashable {
  public private(set) var entries: [(key: String, value: TOMLValue)] = []
  /// Where each key is in `entries`: a table of many keys is built in linear time.
  private var index: [String: Int] = [:]
  public var line: Int

  public init(line: Int) { self.line = line }

  public subscript(key: String) -> TOMLValue? {
    index[key].map { entries[$0].value }
  }

  public var keys: [String] { entries.map(\.key) }

  mutating func set(_ key: String, _ value: TOMLValue) {
    if let i = index[key] {
      entries[i].value = value
    } else {
      index[key] = entries.count
      entries.append((key, value))
    }
  }

  mutating func replace(_ key: String, _ value: TOMLValue) { set(key, value) }

  public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
    a.line == b.line && a.entries.count == b.entries.count
      && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }

  public func hash(into h: inout Hasher) {
    h.combine(line)
    for e in entries {
      h.combine(e.key)
      h.combine(e.value)
    }
  }
}

/// A TOML syntax error at a line.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public var description: String { "line \(line): \(message)" }
}

/// A parser for the TOML that Rubric's config and keymap files use.
///
/// It covers tables, arrays of tables, dotted and quoted keys, basic and
/// literal strings (single- and multi-line), integers, floats, booleans,
/// arrays and inline tables. Dates are rejected with a clear error.
public struct TOMLParser {
  var s: [Unicode.Scalar]
  var i = 0
  var line = 1
  /// Arrays and inline tables open around the value being read.
  var depth = 0
  /// Deeper nesting is refused with its line (60,000 `[` once overflowed the stack).
  static let maxDepth = 100

  /// Parses a whole document into its root table.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var p = TOMLParser(s: Array(text.unicodeScalars))
    return try p.document()
  }

  var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

  func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

  mutating func advance() {
    if s[i] == "\n" { line += 1 }
    i += 1
  }

  mutating func skipSpaces() {
    while let c = peek, c == " " || c == "\t" { i += 1 }
  }

  mutating func skipComment() {
    if peek == "#" {
      while let c = peek, c != "\n" { i += 1 }
    }
  }

  mutating func skipBlank() {
    while let c = peek {
      if c == " " || c == "\t" || c == "\r" || c == "\n" {
        advance()
      } else if c == "#" {
        skipComment()
      } else {
        break
      }
    }
  }

  mutating func endOfLine() throws(TOMLError) {
    skipSpaces()
    skipComment()
    if peek == "\r" { i += 1 }
    guard let c = peek else { return }
    guard c == "\n" else { throw fail("expected the end of the line, found \"\(c)\"") }
    advance()
  }

  /// Parses the document into reference-typed tables, so each key costs the same
  /// however many tables came before it (value tables would copy their parents on
  /// every insert: quadratic in the file's size).
  mutating func document() throws(TOMLError) -> TOMLTable {
    let root = TOMLTableBuilder(line: 1)
    var current = root
    var defined: Set<String> = []
    while true {
      skipBlank()
      guard let c = peek else { break }
      if c == "[" {
        let headerLine = line
        i += 1
        let isArrayTable = peek == "["
        if isArrayTable { i += 1 }
        skipSpaces()
        let path = try key()
        skipSpaces()
        guard peek == "]" else { throw fail("expected \"]\" to close the table header") }
        i += 1
        if isArrayTable {
          guard peek == "]" else { throw fail("expected \"]]\" to close the array of tables") }
          i += 1
        }
        try endOfLine()
        if isArrayTable {
          current = try root.appendTable(path, line: headerLine)
        } else {
          let joined = path.joined(separator: ".")
          guard defined.insert(joined).inserted else {
            throw TOMLError(line: headerLine, message: "table [\(joined)] is defined twice")
          }
          current = try root.table(at: path, line: headerLine)
        }
        continue
      }
      let keyLine = line
      let k = try key()
      skipSpaces()
      guard peek == "=" else {
        throw fail("expected \"=\" after the key \"\(k.joined(separator: "."))\"")
      }
      i += 1
      skipSpaces()
      let v = try value()
      try endOfLine()
      try current.insert(k, v, line: keyLine)
    }
    return root.build()
  }

  /// Sets a dotted key in an inline table (small and written at once, so values are fine here).
  func insert(_ t: inout TOMLTable, _ path: [String], _ v: TOMLValue, line: Int) throws(TOMLError) {
    guard let first = path.first else { return }
    if path.count == 1 {
      guard t[first] == nil else {
        throw TOMLError(line: line, message: "the key \"\(first)\" is defined twice")
      }
      t.set(first, v)
      return
    }
    if let existing = t[first] {
      if var tb = existing.table {
        try insert(&tb, Array(path.dropFirst()), v, line: line)
        t.replace(first, TOMLValue(kind: .table(tb), line: existing.line))
      } else if var arr = existing.array, var tb = arr.last?.table {
        try insert(&tb, Array(path.dropFirst()), v, line: line)
        arr[arr.count - 1] = TOMLValue(kind: .table(tb), line: arr[arr.count - 1].line)
        t.replace(first, TOMLValue(kind: .array(arr), line: existing.line))
      } else {
        throw TOMLError(line: line, message: "\"\(first)\" is already a value, not a table")
      }
      return
    }
    var tb = TOMLTable(line: line)
    try insert(&tb, Array(path.dropFirst()), v, line: line)
    t.set(first, TOMLValue(kind: .table(tb), line: line))
  }

  mutating func key() throws(TOMLError) -> [String] {
    var parts: [String] = []
    while true {
      skipSpaces()
      guard let c = peek else { throw fail("expected a key") }
      if c == "\"" {
        parts.append(try basicString())
      } else if c == "'" {
        parts.append(try literalString())
      } else {
        var k = ""
        while let c = peek,
          c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-"
        {
          k.unicodeScalars.append(c)
          i += 1
        }
        guard !k.isEmpty else { throw fail("expected a key, found \"\(c)\"") }
        parts.append(k)
      }
      skipSpaces()
      if peek == "." {
        i += 1
        continue
      }
      return parts
    }
  }

  mutating func value() throws(TOMLError) -> TOMLValue {
    let l = line
    guard let c = peek else { throw fail("expected a value") }
    switch c {
    case "\"":
      if hasPrefix("\"\"\"") {
        return TOMLValue(kind: .string(try multiline(quote: "\"")), line: l)
      }
      return TOMLValue(kind: .string(try basicString()), line: l)
    case "'":
      if hasPrefix("'''") { return TOMLValue(kind: .string(try multiline(quote: "'")), line: l) }
      return TOMLValue(kind: .string(try literalString()), line: l)
    case "[":
      i += 1
      try enter()
      defer { depth -= 1 }
      var items: [TOMLValue] = []
      while true {
        skipBlank()
        if peek == "]" {
          i += 1
          break
        }
        items.append(try value())
        skipBlank()
        if peek == "," {
          i += 1
          continue
        }
        skipBlank()
        guard peek == "]" else { throw fail("expected \",\" or \"]\" in the array") }
        i += 1
        break
      }
      return TOMLValue(kind: .array(items), line: l)
    case "{":
      i += 1
      try enter()
      defer { depth -= 1 }
      var t = TOMLTable(line: l)
      skipSpaces()
      if peek == "}" {
        i += 1
        return TOMLValue(kind: .table(t), line: l)
      }
      while true {
        skipSpaces()
        let k = try key()
        skipSpaces()
        guard peek == "=" else { throw fail("expected \"=\" in the inline table") }
        i += 1
        skipSpaces()
        let v = try value()
        try insert(&t, k, v, line: l)
        skipSpaces()
        if peek == "," {
          i += 1
          continue
        }
        guard peek == "}" else { throw fail("expected \",\" or \"}\" in the inline table") }
        i += 1
        return TOMLValue(kind: .table(t), line: l)
      }
    default:
      var word = ""
      while let c = peek,
        !(c == "," || c == "]" || c == "}" || c == " " || c == "\t" || c == "\n" || c == "\r"
          || c == "#")
      {
        word.unicodeScalars.append(c)
        i += 1
      }
      if word == "true" { return TOMLValue(kind: .bool(true), line: l) }
      if word == "false" { return TOMLValue(kind: .bool(false), line: l) }
      let digits = String(word.unicodeScalars.filter { $0 != "_" })
      if let n = Int(digits.hasPrefix("+") ? String(digits.dropFirst()) : digits) {
        return TOMLValue(kind: .integer(n), line: l)
      }
      if let d = Double(digits), !digits.isEmpty { return TOMLValue(kind: .float(d), line: l) }
      if word.contains("-") && word.first?.isNumber == true {
        throw fail("dates are not supported here: \"\(word)\"")
      }
      throw fail(
        word.isEmpty ? "expected a value" : "\"\(word)\" is not a value (strings need quotes)")
    }
  }

  /// One more level of nesting, refused past `maxDepth`.
  mutating func enter() throws(TOMLError) {
    depth += 1
    guard depth <= TOMLParser.maxDepth else {
      throw fail("arrays and inline tables nested more than \(TOMLParser.maxDepth) deep")
    }
  }

  func hasPrefix(_ p: String) -> Bool {
    var j = i
    for c in p.unicodeScalars {
      guard j < s.count, s[j] == c else { return false }
      j += 1
    }
    return true
  }

  mutating func basicString() throws(TOMLError) -> String {
    i += 1
    var out = String.UnicodeScalarView()
    while true {
      guard let c = peek, c != "\n" else { throw fail("unterminated string") }
      i += 1
      if c == "\"" { return String(out) }
      if c == "\\" { out.append(try escape()) } else { out.append(c) }
    }
  }

  mutating func escape() throws(TOMLError) -> Unicode.Scalar {
    guard let e = peek else { throw fail("unterminated escape") }
    i += 1
    switch e {
    case "n": return "\n"
    case "t": return "\t"
    case "r": return "\r"
    case "b": return "\u{8}"
    case "f": return "\u{C}"
    case "e": return "\u{1B}"
    case "\"": return "\""
    case "\\": return "\\"
    case "u", "U":
      let n = e == "u" ? 4 : 8
      guard i + n <= s.count else { throw fail("short \\\(e) escape") }
      let hex = String(String.UnicodeScalarView(s[i..<i + n]))
      i += n
      guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
        throw fail("bad \\\(e) escape \"\(hex)\"")
      }
      return scalar
    default: throw fail("unknown escape \"\\\(e)\"")
    }
  }

  mutating func literalString() throws(TOMLError) -> String {
    i += 1
    var out = String.UnicodeScalarView()
    while true {
      guard let c = peek, c != "\n" else { throw fail("unterminated string") }
      i += 1
      if c == "'" { return String(out) }
      out.append(c)
    }
  }

  mutating func multiline(quote: Unicode.Scalar) throws(TOMLError) -> String {
    i += 3
    if peek == "\r" { i += 1 }
    if peek == "\n" { advance() }
    var out = String.UnicodeScalarView()
    let close = String(repeating: String(Character(quote)), count: 3)
    while true {
      guard let c = peek else { throw fail("unterminated multi-line string") }
      if hasPrefix(close) {
        i += 3
        while peek == quote {
          out.append(quote)
          i += 1
        }
        return String(out)
      }
      if quote == "\"" && c == "\\" {
        i += 1
        if let n = peek, n == "\n" || n == " " || n == "\r" || n == "\t" {
          skipBlank()
          continue
        }
        out.append(try escape())
        continue
      }
      advance()
      out.append(c)
    }
  }
}
