import Foundation

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import Import
@testable import TaskStore
@testable import Workstation
import TestSupport

/// A session on a new store holding one task, imported as a user would, indexed.
func oneTaskSession(_ task: ChatTask, preset: String, title: String) throws -> Session {
  let root = scratchRoot.appendingPathComponent(
    "rubric-\(title)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try Store.create(at: root, preset: preset, annotator: "ann")
  let src = root.appendingPathComponent("in.jsonl")
  try (try TaskCodec.encode(task) + Data([0x0A])).write(to: src)
  _ = try Importer.importFile(src, into: root)
  let store = try Store.open(root, annotator: "ann")
  store.indexNow()
  return Session(store: store, keymap: try Keymap.load("default"), title: title)
}
