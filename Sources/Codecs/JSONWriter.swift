import Annotation
import CSystem

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
    case .object(let o) where o.count < 2:
      // Nothing to sort (a message's `orig_role` alone, say).
      members(o, into: &out, key: \.key) { write($0.value, into: &$1) }
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

  /// Appends a JSON string, escaping quotes, backslashes, C0 and C1 controls, DEL and U+2028/9.
  package static func quote(_ s: String, into out: inout JSONOutput) {
    var s = s
    s.withUTF8 { quote(bytes: $0, into: &out) }
  }

  /// Appends UTF-8 text (valid: it is copied as it is) as a JSON string, escaped as `quote` does.
  package static func quote(bytes u: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
    out.append(0x22)
    if let src = u.baseAddress {
      var i = 0
      let n = u.count
      while i < n {
        // Room for the rest with an eighth more for escapes; the escaper stops
        // short and is called again when that is not enough.
        let room = n - i + (n - i) / 8 + 32
        out.appendInPlace(room: room) { csystem_json_escape(src, &i, n, $0, room) }
      }
    }
    out.append(0x22)
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
