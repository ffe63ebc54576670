import Codecs
import Foundation
import TestSupport
import Testing

@Suite struct WholeFileTests {
  /// A regular file is read whole; a missing one, a folder and a link (even to a
  /// regular file) are not read at all, as the caches under `.rubric/` require.
  @Test func readsARegularFileWholeAndNothingElse() throws {
    let dir = temporaryDirectory()
    let file = dir.appendingPathComponent("cache")
    let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try Data(bytes).write(to: file)
    #expect(WholeFile.bytes(atPath: file.path) == bytes)
    let empty = dir.appendingPathComponent("empty")
    try Data().write(to: empty)
    #expect(WholeFile.bytes(atPath: empty.path) == [])
    #expect(WholeFile.bytes(atPath: dir.appendingPathComponent("missing").path) == nil)
    #expect(WholeFile.bytes(atPath: dir.path) == nil)
    let link = dir.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
    #expect(WholeFile.bytes(atPath: link.path) == nil)
  }
}
