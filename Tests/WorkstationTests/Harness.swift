import Foundation
import Testing

@testable import Annotation
@testable import Commands
@testable import TaskStore
@testable import TerminalKit
@testable import TextKit
@testable import Workstation
@testable import Worksheet
import TestSupport

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
  var now = 1_000_000
  func advance(_ ms: Int) { now += ms }
}

/// A session on a fresh copy of the sample store, driven by key names.
final class Harness {
  let root: URL
  let store: Store
  let session: Session
  let clock = TestClock()

  /// `mainForm` replaces the sample's main form with another preset (such as the
  /// older "pairwise-ranking"), as a store made before it would have.
  init(
    task: String? = nil, keymap: String = "default", annotator: String = "tester",
    mainForm: String? = nil, wall: Date? = nil
  ) throws {
    root = scratchRoot.appendingPathComponent(
      "rubric-ws-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try SampleStore.materialize(at: root, annotator: annotator)
    if let preset = mainForm, let text = Presets.text(preset, annotator: annotator) {
      try text.write(
        to: root.appendingPathComponent("rubric.toml"), atomically: true, encoding: .utf8)
    }
    store = try Store.open(root, annotator: annotator)
    store.indexNow()
    let clock = self.clock
    session = Session(
      store: store, keymap: try Keymap.load(keymap), title: "test store", clock: { clock.now },
      wall: { wall ?? Date() })
    // As the runner does: the session knows the terminal's size before the first key.
    session.viewport = (120, 40)
    if let id = task, let i = store.index(of: id) { session.go(to: i) }
  }

  /// Presses keys given in keymap notation, separated by spaces (`1 <Tab> j`), 50 ms apart.
  @discardableResult
  func press(_ names: String) -> [Effect] {
    var effects: [Effect] = []
    for name in names.split(separator: " ") {
      guard let key = Key(name: String(name)) else {
        Issue.record("bad key name \(name)")
        continue
      }
      clock.advance(50)
      effects += session.handle(key)
    }
    return effects
  }

  /// Types text character by character, 50 ms apart.
  func type(_ text: String) {
    for ch in text {
      clock.advance(50)
      _ = session.handle(ch == " " ? .space : .char(ch))
    }
  }

  /// Focuses the candidate with an id, whatever letter it was given.
  func focus(candidate id: String) {
    while session.focusedCandidate != id && session.candidateIndex < session.order.count - 1 {
      session.perform(.nextCandidate)
    }
    while session.focusedCandidate != id && session.candidateIndex > 0 {
      session.perform(.prevCandidate)
    }
  }

  /// The letter shown for a candidate id.
  func letterOf(_ id: String) -> String { candidateLetter(id, order: session.order) }

  /// The candidate id shown at a letter.
  func id(_ letter: String) -> String {
    session.order[Int(letter.unicodeScalars.first!.value - 65)]
  }

  /// Draws the screen at a size; a new size reaches the session first, as a resize would.
  func render(_ w: Int, _ h: Int) -> Grid {
    if session.viewport.map({ $0 != (w, h) }) ?? true { session.viewport = (w, h) }
    return Screen.render(session, width: w, height: h)
  }

  /// The journal's records, read back from disk.
  func journal() throws -> [JournalRecord] {
    let url = root.appendingPathComponent("annotations/\(store.annotator).jsonl")
    // Nothing saved yet: a store writes no journal until its first record.
    guard FileManager.default.fileExists(atPath: url.path) else { return [] }
    return Journal.parse(try Data(contentsOf: url)).records
  }
}

/// Compares a rendered grid with a golden text file; RECORD_GOLDEN=1 rewrites it.
func expectGolden(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
  throws
{
  try expectGolden(text: grid.text, name, sourceLocation: sourceLocation)
}

/// Compares text (a report, a rendered screen) with a golden text file; RECORD_GOLDEN=1 rewrites it.
func expectGolden(
  text body: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden")
  let url = dir.appendingPathComponent(name + ".txt")
  let text = body + "\n"
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try text.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record(
      "no golden file \(name).txt; run with RECORD_GOLDEN=1 to record it",
      sourceLocation: sourceLocation)
    return
  }
  if expected != text {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first =
      zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
    Issue.record(
      "screen differs from \(name).txt at row \(first):\nexpected: \(first < e.count ? String(e[first]) : "")\nactual:   \(first < a.count ? String(a[first]) : "")\n\(text)",
      sourceLocation: sourceLocation)
  }
}
