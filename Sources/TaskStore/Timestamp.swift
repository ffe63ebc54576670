import Platform

/// ISO 8601 timestamps in UTC, as the store writes them.
public enum Timestamp {
  /// Now, to the millisecond.
  public static func now() -> String { string(Date()) }

  /// A date, to the millisecond.
  public static func string(_ d: Date) -> String {
    // Whole milliseconds first, so 0.007 s is 7 ms and not 6.999….
    let total = Int64((d.timeIntervalSince1970 * 1000).rounded())
    var t = time_t(total / 1000)
    var tmv = tm()
    gmtime_r(&t, &tmv)
    let ms = Int(total % 1000)
    // Zero-padded by hand: String(format:) boxes every argument (a tenth of opening a store).
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return pad(Int(tmv.tm_year) + 1900, 4) + "-" + pad(Int(tmv.tm_mon) + 1, 2) + "-"
      + pad(Int(tmv.tm_mday), 2) + "T"
      + pad(Int(tmv.tm_hour), 2) + ":" + pad(Int(tmv.tm_min), 2) + ":" + pad(Int(tmv.tm_sec), 2)
      + "."
      + pad(max(0, min(999, ms)), 3) + "Z"
  }
}
