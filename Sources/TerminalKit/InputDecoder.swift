/// Assembles keys from what the terminal delivers one unit at a time.
///
/// Curses hands over characters and key codes; this adds what curses leaves
/// to the program: Ctrl combinations from control characters, Alt as an ESC
/// prefix, and bracketed paste (`ESC [200~` … `ESC [201~`) collected into one
/// `paste` key. Pure state, no terminal, so it is tested directly.
public struct InputDecoder: Sendable {
  /// One unit of terminal input.
  public enum Unit: Sendable, Equatable {
    /// A character as typed (control characters included).
    case char(Character)
    /// A key curses already decoded (arrows, function keys, resize).
    case key(Key)
    /// No input arrived within the escape delay.
    case idle
  }

  static let pasteStart: [Character] = ["[", "2", "0", "0", "~"]
  static let pasteEnd: [Character] = ["\u{1B}", "[", "2", "0", "1", "~"]

  var pending: [Character] = []
  var pasting = false
  var paste: [Character] = []
  /// Answers to cursor position requests (`ESC [ row ; col R`) on `reportRow`, oldest first.
  public var cursorReports: [(row: Int, col: Int)] = []
  /// The row (1-based) cursor position requests are made on; a report elsewhere is a key.
  /// Row 1 is never used: `ESC [ 1 ; 5 R` is Ctrl-F3.
  public var reportRow: Int?
  /// Cursor position requests sent and not yet answered. While any are, a pending
  /// `ESC`, `ESC [` or `ESC [ row ; col` is held across idle ticks (a reply split by a
  /// slow link), never flushed as keys, for at most `holdLimit` ticks.
  public var awaitedReports = 0
  /// Idle ticks a report-shaped prefix has been held.
  var heldTicks = 0
  /// How many idle ticks (about 25 ms each while waiting) a split reply is waited for.
  public static let holdLimit = 80

  public init() {}

  /// Whether the decoder holds a partial sequence that needs more input or an idle tick.
  public var isWaiting: Bool { !pending.isEmpty || pasting }

  /// Whether the pending bytes could still become a report on `reportRow` that was asked for.
  var pendingIsReportPrefix: Bool {
    guard awaitedReports > 0, let row = reportRow, pending.first == "\u{1B}" else { return false }
    let body = pending.dropFirst()
    guard let open = body.first else { return true }
    guard open == "[" else { return false }
    let digits = Array(body.dropFirst())
    let rowText = Array(String(row)) + [";"]
    if digits.count <= rowText.count { return rowText.starts(with: digits) }
    return digits.starts(with: rowText)
      && digits.dropFirst(rowText.count).allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// Feeds one unit and returns the keys it completes.
  public mutating func feed(_ unit: Unit) -> [Key] {
    if pasting {
      guard case .char(let c) = unit else {
        if case .key(let k) = unit, k.base == .enter { paste.append("\n") }
        return []
      }
      paste.append(c)
      if paste.count >= InputDecoder.pasteEnd.count,
        Array(paste.suffix(InputDecoder.pasteEnd.count)) == InputDecoder.pasteEnd
      {
        paste.removeLast(InputDecoder.pasteEnd.count)
        pasting = false
        let text = String(paste).replacingCRLF()
        paste = []
        return [Key(.paste(text))]
      }
      return []
    }
    switch unit {
    case .idle:
      if pendingIsReportPrefix {
        heldTicks += 1
        if heldTicks < InputDecoder.holdLimit { return [] }
        // The terminal stopped answering: what it sent is keys after all.
        awaitedReports = 0
      }
      heldTicks = 0
      return flushPending()
    case .key(let k):
      var out = flushPending()
      out.append(k)
      return out
    case .char(let c):
      if pending.isEmpty {
        if c == "\u{1B}" {
          pending = [c]
          // Each sequence gets its own hold, whatever an earlier one used.
          heldTicks = 0
          return []
        }
        return [InputDecoder.key(for: c)]
      }
      pending.append(c)
      let body = Array(pending.dropFirst())
      if body == InputDecoder.pasteStart {
        pending = []
        pasting = true
        paste = []
        return []
      }
      if InputDecoder.pasteStart.starts(with: body) { return [] }
      // A cursor or editing key with modifiers that curses did not know: ESC [ 1 ; 5 D.
      if body.first == "[" && body.count <= 12 {
        let rest = body.dropFirst()
        if rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ";") }) { return [] }
        if rest.last == "R", let row = reportRow, row > 1 {
          let numbers = rest.dropLast().split(separator: ";").compactMap { Int(String($0)) }
          if numbers.count == 2, numbers[0] == row {
            pending = []
            awaitedReports = max(0, awaitedReports - 1)
            cursorReports.append((numbers[0], numbers[1]))
            return []
          }
        }
        if rest.dropLast().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ";") }),
          let k = ModifiedKeys.key(csi: String(rest))
        {
          pending = []
          return [k]
        }
      }
      // ESC followed by something else: Alt plus that key.
      pending = []
      if body.count == 1, let first = body.first {
        if first == "\u{1B}" {
          pending = [first]
          return [.esc]
        }
        var k = InputDecoder.key(for: first)
        k.alt = true
        return [k]
      }
      var out: [Key] = [Key(.char("["), alt: true)]
      for ch in body.dropFirst() { out.append(InputDecoder.key(for: ch)) }
      return out
    }
  }

  mutating func flushPending() -> [Key] {
    guard !pending.isEmpty else { return [] }
    let body = pending.dropFirst()
    pending = []
    if body.isEmpty { return [.esc] }
    var out: [Key] = [Key(.char("["), alt: true)]
    for ch in body.dropFirst() { out.append(InputDecoder.key(for: ch)) }
    return out
  }

  /// The key for a single typed character, mapping control characters to Ctrl combinations.
  public static func key(for c: Character) -> Key {
    guard let s = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return .char(c) }
    switch s.value {
    case 0x0D, 0x0A: return .enter
    case 0x09: return .tab
    case 0x1B: return .esc
    case 0x7F, 0x08: return .backspace
    case 0x00: return Key(.space, ctrl: true)
    case 0x01...0x1A:
      return .ctrl(Character(UnicodeScalar(UInt8(s.value + 0x60))))
    case 0x1C: return .ctrl("\\")
    case 0x1D: return .ctrl("]")
    case 0x1E: return .ctrl("^")
    case 0x1F: return .ctrl("/")
    case 0x20: return .space
    default: return .char(c)
    }
  }
}

extension String {
  func replacingCRLF() -> String {
    var out = ""
    var lastCR = false
    for scalar in unicodeScalars {
      if scalar == "\r" {
        out.append("\n")
        lastCR = true
        continue
      }
      if scalar == "\n" && lastCR {
        lastCR = false
        continue
      }
      lastCR = false
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
