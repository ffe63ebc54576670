import Foundation
import Platform
import Testing
import TestSupport

@Suite struct WriteFullyTests {
  @Test func everyByteReachesTheFileAndAFullDiskIsNamed() throws {
    let url = scratchRoot.appendingPathComponent(
      "rubric-write-fully-\(getpid())")
    defer { try? FileManager.default.removeItem(at: url) }
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    try #require(fd >= 0)
    #expect(bytes.withUnsafeBytes { writeFully(fd, $0) } == 0)
    close(fd)
    #expect(try Data(contentsOf: url) == Data(bytes))
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let full = open("/dev/full", O_WRONLY)
    try #require(full >= 0)
    defer { close(full) }
    #expect(bytes.withUnsafeBytes { writeFully(full, $0) } == ENOSPC)
  }
}
