import Annotation
import Codecs
import Commands
import Foundation
import TaskStore
import Worksheet
import Workstation

extension BenchCommand {
  /// Side by side at 250x70: four 8 KB candidates (Markdown, code, CJK) in columns,
  /// and two 50 KB ones; frame render times and keystroke-to-frame times scrolling them.
  func comparisonTimes() throws -> [(String, [Double])] {
    let root = URL(fileURLWithPath: out).appendingPathComponent("compare-store")
    if !Store.exists(at: root) {
      try Store.create(at: root, preset: "ranking", annotator: "bench")
      var gen = SyntheticData(seed: 12)
      func candidates(_ n: Int, _ size: Int) -> [Candidate] {
        (0..<n).map { i in
          Candidate(
            id: "c\(i)",
            messages: [
              Message(
                role: .assistant,
                content: gen.text(size, cjk: i == 1, emoji: i == 2, markdown: true))
            ])
        }
      }
      let prompt = [Message(role: .user, content: "Compare these answers.")]
      var data = Data()
      for t in [
        ChatTask(id: "four", context: prompt, candidates: candidates(4, 8_000)),
        ChatTask(id: "two", context: prompt, candidates: candidates(2, 50_000)),
      ] {
        data.append(try TaskCodec.encode(t))
        data.append(0x0A)
      }
      try data.write(to: root.appendingPathComponent("tasks/compare.jsonl"))
    }
    try? FileManager.default.removeItem(at: root.appendingPathComponent("annotations"))
    let store = try Store.open(root, annotator: "bench")
    store.indexNow()
    let session = Session(store: store, keymap: Keymap.defaultMap(), title: "bench")
    session.viewport = (250, 70)
    var results: [(String, [Double])] = []
    for (index, label) in [(0, "four 8 KB candidates"), (1, "two 50 KB candidates")] {
      session.go(to: index)
      _ = Screen.render(session, width: 250, height: 70)
      var frames: [Double] = []
      var keys: [Double] = []
      for i in 0..<300 {
        let t0 = nowNs()
        _ = session.handle(.char(i % 50 < 40 ? "j" : "l"))
        let t1 = nowNs()
        _ = Screen.render(session, width: 250, height: 70)
        let t2 = nowNs()
        frames.append(Double(t2 - t1) / 1e9)
        keys.append(Double(t2 - t0) / 1e9)
      }
      results.append(("250x70 side by side, \(label)", frames))
      results.append(("keystroke→frame scrolling side by side, 250x70, \(label)", keys))
    }
    return results
  }
}
