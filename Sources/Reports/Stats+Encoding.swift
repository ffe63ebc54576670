import Codecs
import Platform

extension AnnotatorStats {
  /// The row in the form `.rubric/results/stats` keeps it (the name is the entry's).
  var encoded: [UInt8] {
    var w = ByteWriter(out: [])
    for n in [
      submitted, skipped, drafts, remaining, activeMs, firstShownTrials, firstShownWins,
      needsReview, goldTrials, goldRight, optedOut, heldBack, blind,
    ] {
      w.signed(n)
    }
    w.signed(queued ?? -1)
    return w.out
  }

  /// A row read back from `encoded`, or nil unless the bytes are exactly one.
  init?(encoded bytes: [UInt8], annotator: String) {
    let read = bytes.withUnsafeBytes { raw -> [Int]? in
      var r = ByteReader(bytes: raw)
      var values: [Int] = []
      for _ in 0..<14 {
        guard let v = r.signed() else { return nil }
        values.append(v)
      }
      return r.atEnd ? values : nil
    }
    guard let v = read else { return nil }
    self.init(annotator: annotator)
    (submitted, skipped, drafts, remaining, activeMs) = (v[0], v[1], v[2], v[3], v[4])
    (firstShownTrials, firstShownWins, needsReview, goldTrials, goldRight) = (
      v[5], v[6], v[7], v[8], v[9]
    )
    (optedOut, heldBack, blind) = (v[10], v[11], v[12])
    queued = v[13] < 0 ? nil : v[13]
  }
}
