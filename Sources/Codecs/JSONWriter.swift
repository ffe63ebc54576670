import Annotation

/// Writes JSON with keys in the order given, for export rows whose column order matters to a reader.
package enum JSONWriter {
  /// An ordered JSON value.
  package indirect enum Value {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([Value])
    case object([(String, Value)])
    case raw(JSONValue)
  }

  static func write(_ v: Value, into out: inout JSONOutput) {
    switch v {
    case .string(let s): quote(s, into: &out)
    case .number(let d):
      if d == d.rounded() && abs(d) < 1e15 {
        out.append(String(Int(d)))
      } else {
        out.append("\(d)")
      }
    case .int(let i): out.append(String(i))
    case .bool(let b): out.append(b ? "true" : "false")
    case .null: out.append("null")
    case .array(let a): list(a, into: &out) { write($0, into: &$1) }
    case .object(let kv): members(kv, into: &out, key: \.0) { write($0.1, into: &$1) }
    case .raw(let j): write(j, into: &out)
    }
  }

  /// Writes a JSON value with object keys sorted, so the same value always gives the same bytes.
  static func write(_ j: JSONValue, into out: inout JSONOutput) {
    switch j {
    case .null: write(Value.null, into: &out)
    case .bool(let b): write(Value.bool(b), into: &out)
    case .int(let i): write(Value.int(Int(i)), into: &out)
    case .double(let d): write(Value.number(d), into: &out)
    case .string(let s): quote(s, into: &out)
    case .array(let a): list(a, into: &out) { write($0, into: &$1) }
    case .object(let o):
      members(o.sorted { $0.key < $1.key }, into: &out, key: \.key) { write($0.value, into: &$1) }
    }
  }

  /// Writes `[…]`, each element by `element`.
  static func list<C: Collection>(
    _ items: C, into out: inout JSONOutput, _ element: (C.Element, inout JSONOutput) -> Void
  ) {
    out.append(UInt8(ascii: "["))
    for (i, x) in items.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      element(x, &out)
    }
    out.append(UInt8(ascii: "]"))
  }

  /// Writes `{…}` with the members in the order given, each value by `value`.
  static func members<C: Collection>(
    _ items: C, into out: inout JSONOutput, key: (C.Element) -> String,
    _ value: (C.Element, inout JSONOutput) -> Void
  ) {
    out.append(UInt8(ascii: "{"))
    for (i, x) in items.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      quote(key(x), into: &out)
      out.append(UInt8(ascii: ":"))
      value(x, &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends a JSON string, escaping quotes, backslashes, C0 and C1 controls, DEL and U+2028/9.
  static func quote(_ s: String, into out: inout JSONOutput) {
    var s = s
    s.withUTF8 { u in
      // Room for the common case, a string with nothing to escape.
      out.reserve(u.count + 2)
      out.append(0x22)
      var i = 0
      let n = u.count
      while i < n {
        // Copy the longest run of bytes that need no escape in one go.
        let j = ByteScan.firstNeedingEscape(u, from: i, end: n)
        if j > i {
          out.append(UnsafeBufferPointer(rebasing: u[i..<j]))
          i = j
          continue
        }
        let b = u[i]
        switch b {
        case 0x22:
          out.append(0x5C)
          out.append(0x22)
          i += 1
        case 0x5C:
          out.append(0x5C)
          out.append(0x5C)
          i += 1
        case 0x0A:
          out.append(0x5C)
          out.append(UInt8(ascii: "n"))
          i += 1
        case 0x0D:
          out.append(0x5C)
          out.append(UInt8(ascii: "r"))
          i += 1
        case 0x09:
          out.append(0x5C)
          out.append(UInt8(ascii: "t"))
          i += 1
        default:
          var escape: UInt32?
          var len = 1
          if b < 0x20 || b == 0x7F {
            escape = UInt32(b)
          } else if b == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F {
            escape = UInt32(u[i + 1])
            len = 2
          } else if b == 0xE2 && i + 2 < n && u[i + 1] == 0x80
            && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)
          {
            escape = u[i + 2] == 0xA8 ? 0x2028 : 0x2029
            len = 3
          }
          if let e = escape {
            out.append("\\u")
            for shift in [12, 8, 4, 0] { out.append(hexDigits[Int(e >> UInt32(shift) & 0xF)]) }
            i += len
          } else {
            out.append(b)
            i += 1
          }
        }
      }
      out.append(0x22)
    }
  }

  /// One line of JSON as bytes.
  static func bytes(_ v: Value) -> [UInt8] {
    var out = JSONOutput()
    write(v, into: &out)
    return out.bytes
  }

  /// One line of JSON.
  package static func line(_ v: Value) -> String { String(decoding: bytes(v), as: UTF8.self) }
}
