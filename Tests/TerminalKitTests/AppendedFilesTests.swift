import Foundation
import Testing

@testable import Curses
import TestSupport

/// The files a release binary carries after its last byte (`scripts/release`).
@Suite struct AppendedFilesTests {
  func entry(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
    let n = UInt32(bytes.count)
    return Array(name.utf8) + [0] + (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + bytes
  }

  @Test func filesAreReadInOrderWithTheirNames() {
    let payload =
      entry("BUILD", Array("v1".utf8)) + entry("locale/C.UTF-8/LC_CTYPE", [1, 2, 3])
      + entry("terminfo/x/xterm-256color", [])
    let files = AppendedFiles.parse(payload)
    #expect(files.map(\.name) == ["BUILD", "locale/C.UTF-8/LC_CTYPE", "terminfo/x/xterm-256color"])
    #expect(files.map(\.bytes) == [Array("v1".utf8), [1, 2, 3], []])
  }

  @Test func damageOrAPathOutOfTheFolderStopsTheReadingThere() {
    let good = entry("BUILD", [7])
    // A length past the end, a name climbing out of the folder, a name with a space.
    #expect(AppendedFiles.parse(good + entry("a", [1, 2]).dropLast()).map(\.name) == ["BUILD"])
    #expect(AppendedFiles.parse(good + entry("terminfo/../../etc/x", [1])).map(\.name) == ["BUILD"])
    #expect(AppendedFiles.parse(good + entry("a b", [1])).map(\.name) == ["BUILD"])
  }

  @Test func aBinaryBuiltFromSourceCarriesNothing() {
    #expect(AppendedFiles.all().isEmpty)
  }

  @Test func aFileAlreadyHoldingTheBytesIsNotWrittenAgain() throws {
    let dir = scratchRoot.appendingPathComponent(
      "rubric-appended-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("LC_CTYPE").path
    #expect(AppendedFiles.store([1, 2, 3], at: path))
    let first = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
    // The same bytes: the file (its inode) stays; other bytes replace it whole.
    #expect(AppendedFiles.store([1, 2, 3], at: path))
    #expect(
      try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == first)
    #expect(AppendedFiles.store([4, 5], at: path))
    #expect(
      try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int != first)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([4, 5]))
  }
}
