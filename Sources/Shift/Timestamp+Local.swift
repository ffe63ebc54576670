import Platform
import TaskStore

extension Timestamp {
  /// The moment a stored timestamp names ("2026-12-01T09:00:00.000Z", milliseconds optional); nil if it is not one.
  public static func parse(_ s: String) -> Date? {
    let u = Array(s.utf8)
    guard u.count >= 20, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A,
      u.last == 0x5A
    else { return nil }
    func num(_ a: Int, _ b: Int) -> Int? {
      var v = 0
      for i in a..<b {
        guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
        v = v * 10 + Int(u[i] - 0x30)
      }
      return v
    }
    guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13),
      let mi = num(14, 16),
      let sec = num(17, 19)
    else { return nil }
    var ms = 0
    if u.count > 21, u[19] == 0x2E {
      guard let f = num(20, u.count - 1) else { return nil }
      let digits = u.count - 21
      ms =
        digits >= 3
        ? f / Int(pow(10.0, Double(digits - 3))) : f * Int(pow(10.0, Double(3 - digits)))
    }
    var t = tm()
    t.tm_year = Int32(y - 1900)
    t.tm_mon = Int32(mo - 1)
    t.tm_mday = Int32(d)
    t.tm_hour = Int32(h)
    t.tm_min = Int32(mi)
    t.tm_sec = Int32(sec)
    return Date(timeIntervalSince1970: Double(timegm(&t)) + Double(ms) / 1000)
  }

  /// The local calendar date of a moment, "2026-12-01" (the TZ environment variable applies).
  public static func localDay(_ d: Date) -> String { local(d).day }

  /// The local date and time of day of a moment: ("2026-12-01", "09:05:00").
  public static func local(_ d: Date) -> (day: String, time: String) {
    var t = time_t(d.timeIntervalSince1970.rounded(.down))
    var v = tm()
    localtime_r(&t, &v)
    func pad(_ x: Int32, _ w: Int) -> String {
      let s = String(x)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return (
      pad(v.tm_year + 1900, 4) + "-" + pad(v.tm_mon + 1, 2) + "-" + pad(v.tm_mday, 2),
      pad(v.tm_hour, 2) + ":" + pad(v.tm_min, 2) + ":" + pad(v.tm_sec, 2)
    )
  }
}
