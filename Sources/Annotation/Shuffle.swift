/// The order candidates are shown in: shuffled per annotator and task, reproducibly.
public enum PresentationOrder {
  /// A seed derived from the annotator and the task (FNV-1a, stable across runs).
  public static func seed(annotator: String, taskId: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in annotator.utf8 + [0] + taskId.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return h
  }

  /// The ids shuffled by a Fisher–Yates pass driven by SplitMix64 from `seed`.
  public static func shuffle(_ ids: [String], seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    var out = ids
    guard out.count > 1 else { return out }
    for i in stride(from: out.count - 1, to: 0, by: -1) {
      let j = Int(random.next() % UInt64(i + 1))
      out.swapAt(i, j)
    }
    return out
  }
}
