import Annotation
import Platform
import TaskStore

/// Deterministic train/test splits by prompt.
public enum ExportSplit {
  /// Parses `train=0.9,test=0.1`: names and shares that add up to 1.
  public static func parse(_ text: String) throws -> [(name: String, share: Double)] {
    var parts: [(name: String, share: Double)] = []
    for item in text.split(separator: ",") {
      let kv = item.split(separator: "=", maxSplits: 1).map {
        $0.trimmingWhitespace(newlines: false)
      }
      guard kv.count == 2, Store.isSafeName(kv[0]), let share = Double(kv[1]), share > 0, share <= 1
      else {
        throw StoreError.invalid(
          "--split takes NAME=SHARE parts such as train=0.9,test=0.1 (\"\(item)\" is not one)")
      }
      guard !parts.contains(where: { $0.name == kv[0] }) else {
        throw StoreError.invalid("--split names \"\(kv[0])\" twice")
      }
      parts.append((kv[0], share))
    }
    guard parts.count >= 2 else {
      throw StoreError.invalid("--split needs two or more parts, such as train=0.9,test=0.1")
    }
    let total = parts.reduce(0) { $0 + $1.share }
    guard abs(total - 1) < 1e-9 else {
      throw StoreError.invalid("--split shares add up to \(total), not 1")
    }
    return parts
  }

  /// A part's file: the part's name before the extensions (`dpo.jsonl.gz` → `dpo.train.jsonl.gz`).
  public static func url(_ output: URL, part: String) -> URL {
    let name = output.lastPathComponent
    let dot = name.dropFirst().firstIndex(of: ".") ?? name.endIndex
    return output.deletingLastPathComponent().appendingPathComponent(
      name[..<dot] + "." + part + name[dot...])
  }

  /// The part a task goes to: a hash of the seed and the task's prompt (its conversation),
  /// so tasks that share a prompt always share a part.
  static func part(of task: ChatTask, shares: [Double], seed: UInt64) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed &* 0x9E37_79B9_7F4A_7C15
    func mix(_ bytes: some Sequence<UInt8>) {
      for b in bytes {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
      }
    }
    if task.context.isEmpty {
      mix("id:".utf8)
      mix(task.id.utf8)
    } else {
      for m in task.context {
        mix(m.role.rawValue.utf8)
        mix([0])
        mix(m.content.utf8)
        mix([1])
      }
    }
    // Final avalanche so nearby prompts spread evenly.
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    let x = Double(h >> 11) / Double(1 << 53)
    var edge = 0.0
    for (i, share) in shares.enumerated() {
      edge += share
      if x < edge { return i }
    }
    return shares.count - 1
  }
}
