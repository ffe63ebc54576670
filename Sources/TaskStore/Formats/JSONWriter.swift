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

  static func write(_ v: Value, into out: inout [UInt8]) {
    switch v {
    case .string(let s): quote(s, into: &out)
    case .number(let d):
      if d == d.rounded() && abs(d) < 1e15 { out += String(Int(d)).utf8 } else { out += "\(d)".utf8 }
    case .int(let i): out += String(i).utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .null: out += "null".utf8
    case .array(let a):
      out.append(UInt8(ascii: "["))
      for (i, x) in a.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        write(x, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let kv):
      out.append(UInt8(ascii: "{"))
      for (i, (k, x)) in kv.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        quote(k, into: &out)
        out.append(UInt8(ascii: ":"))
        write(x, into: &out)
      }
      out.append(UInt8(ascii: "}"))
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

  static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends a JSON string, escaping quotes, backslashes, C0 and C1 controls, DEL and U+2028/9.
  static func quote(_ s: String, into out: inout [UInt8]) {
    out.append(0x22)
    var s = s
    s.withUTF8 { u in
      var i = 0
      let n = u.count
      while i < n {
        // Copy the longest run of bytes that need no escape in one go.
        var j = i
        while j < n {
          let c = u[j]
          if (c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C) || (c >= 0x80 && c != 0xC2 && c != 0xE2) {
            j += 1
          } else {
            break
          }
        }
        if j > i {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<j]))
          i = j
          continue
        }
        let b = u[i]
        switch b {
        case 0x22:
          out += [0x5C, 0x22]
          i += 1
        case 0x5C:
          out += [0x5C, 0x5C]
          i += 1
        case 0x0A:
          out += [0x5C, UInt8(ascii: "n")]
          i += 1
        case 0x0D:
          out += [0x5C, UInt8(ascii: "r")]
          i += 1
        case 0x09:
          out += [0x5C, UInt8(ascii: "t")]
          i += 1
        default:
          var escape: UInt32?
          var len = 1
          if b < 0x20 || b == 0x7F {
            escape = UInt32(b)
          } else if b == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F {
            escape = UInt32(u[i + 1])
            len = 2
          } else if b == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9) {
            escape = u[i + 2] == 0xA8 ? 0x2028 : 0x2029
            len = 3
          }
          if let e = escape {
            out += [0x5C, UInt8(ascii: "u"), hexDigits[Int(e >> 12 & 0xF)], hexDigits[Int(e >> 8 & 0xF)], hexDigits[Int(e >> 4 & 0xF)], hexDigits[Int(e & 0xF)]]
            i += len
          } else {
            out.append(b)
            i += 1
          }
        }
      }
    }
    out.append(0x22)
  }

  /// One line of JSON as bytes.
  static func bytes(_ v: Value) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1024)
    write(v, into: &out)
    return out
  }

  /// One line of JSON.
  static func line(_ v: Value) -> String { String(decoding: bytes(v), as: UTF8.self) }
}
