import Annotation

/// Writes JSON with keys in the order given, for export rows whose column order matters to a reader.
enum JSONWriter {
  /// An ordered JSON value.
  indirect enum Value {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([Value])
    case object([(String, Value)])
    case raw(JSONValue)
  }

  static func write(_ v: Value, into out: inout String) {
    switch v {
    case .string(let s): quote(s, into: &out)
    case .number(let d):
      if d == d.rounded() && abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
    case .int(let i): out += String(i)
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    case .array(let a):
      out += "["
      for (i, x) in a.enumerated() {
        if i > 0 { out += "," }
        write(x, into: &out)
      }
      out += "]"
    case .object(let kv):
      out += "{"
      for (i, (k, x)) in kv.enumerated() {
        if i > 0 { out += "," }
        quote(k, into: &out)
        out += ":"
        write(x, into: &out)
      }
      out += "}"
    case .raw(let j): write(convert(j), into: &out)
    }
  }

  static func convert(_ j: JSONValue) -> Value {
    switch j {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(Int(i))
    case .double(let d): return .number(d)
    case .string(let s): return .string(s)
    case .array(let a): return .array(a.map(convert))
    case .object(let o): return .object(o.keys.sorted().map { ($0, convert(o[$0] ?? .null)) })
    }
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u.value == 0x2028 || u.value == 0x2029 {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }

  /// One line of JSON.
  static func line(_ v: Value) -> String {
    var s = ""
    write(v, into: &s)
    return s
  }
}
