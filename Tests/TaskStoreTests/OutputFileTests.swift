import CSystem
import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import TaskStore

/// `OutputFile` writes exactly the bytes it is given, past the page cache or not.
@Suite struct OutputFileTests {
  /// Random pieces of 0 to 20,000 bytes, about `total` in all.
  static func pieces(_ total: Int, seed: UInt64) -> [[UInt8]] {
    var rng = SplitMix64(seed: seed)
    var out: [[UInt8]] = []
    var size = 0
    while size < total {
      let n = Int(rng.next() % 20_001)
      out.append((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
      size += n
    }
    return out
  }

  /// Writes the pieces through an `OutputFile` on `fd` and returns whether it stayed direct.
  static func through(_ pieces: [[UInt8]], fd: Int32, direct: Bool) throws -> Bool {
    // A small buffer, so a file of a few hundred kilobytes drains it many times.
    let file = OutputFile(fd: fd, path: "test", direct: direct, capacity: 3 * OutputFile.block)
    for p in pieces { try p.withUnsafeBytes { try file.append($0) } }
    let stayed = file.isDirect
    try file.finish()
    return stayed
  }

  /// Whether the file system under `dir` takes direct writes at all.
  static func takesDirectIO(_ dir: URL) -> Bool {
    let probe = dir.appendingPathComponent("probe").path
    let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    defer {
      if fd >= 0 { close(fd) }
      unlink(probe)
    }
    return fd >= 0 && csystem_direct_io(fd, 1) == 0
  }

  @Test(arguments: [0, 1, 4095, 4096, 4097, 300_001])
  func everyByteArrivesInOrder(total: Int) throws {
    let dir = temporaryDirectory("outputfile-\(total)")
    let url = dir.appendingPathComponent("out")
    let pieces = total == 0 ? [] : Self.pieces(total, seed: UInt64(total))
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    #expect(fd >= 0)
    let stayed = try Self.through(pieces, fd: fd, direct: true)
    close(fd)
    #expect(try Data(contentsOf: url) == Data(pieces.joined()))
    // Where the file system takes direct writes, every whole block went that way.
    #expect(stayed == Self.takesDirectIO(dir))
  }

  @Test func aFileAtAnUnalignedOffsetFallsBackAndLosesNothing() throws {
    let dir = temporaryDirectory("outputfile-unaligned")
    let url = dir.appendingPathComponent("out")
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // 100 bytes already there: a direct write at offset 100 is refused (EINVAL).
    let head = [UInt8](repeating: 0x41, count: 100)
    #expect(head.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == 100)
    let pieces = Self.pieces(50_000, seed: 9)
    let stayed = try Self.through(pieces, fd: fd, direct: true)
    close(fd)
    #expect(!stayed)
    #expect(try Data(contentsOf: url) == Data(head + Array(pieces.joined())))
  }

  @Test func whatWasAppendedReadsBackFromTheFileOrTheBuffer() throws {
    let dir = temporaryDirectory("outputfile-readback")
    let url = dir.appendingPathComponent("out")
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    defer { close(fd) }
    let file = OutputFile(fd: fd, path: url.path, direct: true, capacity: 3 * OutputFile.block)
    var all: [UInt8] = []
    var rng = SplitMix64(seed: 12)
    for p in Self.pieces(100_000, seed: 5) {
      try p.withUnsafeBytes { try file.append($0) }
      all += p
      // Ranges in the file, in the buffer, and across the two.
      for _ in 0..<3 where !all.isEmpty {
        let offset = Int(rng.next() % UInt64(all.count))
        let length = Int(rng.next() % UInt64(min(all.count - offset, 9_000) + 1))
        #expect(
          file.read(at: offset, length: length) == Array(all[offset..<(offset + length)]),
          "offset \(offset) length \(length) of \(all.count)")
      }
    }
    #expect(file.read(at: all.count - 10, length: 11) == nil)
    try file.finish()
    #expect(try Data(contentsOf: url) == Data(all))
  }

  @Test func aPipeIsWrittenTheOrdinaryWay() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    // Less than a pipe's 64 KiB buffer: it all fits before anything reads it.
    let pieces = Self.pieces(40_000, seed: 3)
    let stayed = try Self.through(pieces, fd: ends[1], direct: true)
    close(ends[1])
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while case let n = read(ends[0], &buffer, buffer.count), n > 0 {
      received.append(contentsOf: buffer[0..<n])
    }
    close(ends[0])
    #expect(!stayed)
    #expect(received == Data(pieces.joined()))
  }
}
