import CSystem
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A screen update written in pieces reaches its file in one go, and nothing before.
@Suite(.serialized) struct GatheredOutputTests {
  /// A pipe whose reading end never waits.
  func nonBlockingPipe() throws -> [Int32] {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
    return ends
  }

  func readAvailable(_ fd: Int32) -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { return out }
      out += buffer[..<n]
    }
  }

  @Test func piecesArriveTogetherAtTheEndAndTheFileIsItsOwnAgain() throws {
    let ends = try nonBlockingPipe()
    defer {
      close(ends[0])
      close(ends[1])
    }
    #if os(Linux)
      for round in 0..<3 {
        try #require(csystem_gather_begin(ends[1]) == 0)
        // Not twice at once.
        #expect(csystem_gather_begin(ends[1]) == -1)
        var expected: [UInt8] = []
        for i in 0..<200 {
          let piece = Array("\u{1B}[\(i % 40 + 1);1H│ piece \(i) of round \(round)".utf8)
          expected += piece
          _ = piece.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        }
        #expect(readAvailable(ends[0]).isEmpty)
        #expect(csystem_gather_end() == 0)
        #expect(readAvailable(ends[0]) == expected)
        // Written straight through again.
        _ = "after".withCString { write(ends[1], $0, 5) }
        #expect(readAvailable(ends[0]) == Array("after".utf8))
      }
      #expect(csystem_gather_end() == -1)
    #endif
  }

  @Test func abortPutsTheFileBackAtOnce() throws {
    let ends = try nonBlockingPipe()
    defer {
      close(ends[0])
      close(ends[1])
    }
    #if os(Linux)
      try #require(csystem_gather_begin(ends[1]) == 0)
      _ = "lost".withCString { write(ends[1], $0, 4) }
      csystem_gather_abort()
      _ = "reset".withCString { write(ends[1], $0, 5) }
      #expect(readAvailable(ends[0]) == Array("reset".utf8))
      #expect(csystem_gather_end() == -1)
      // The next update starts from an empty buffer.
      try #require(csystem_gather_begin(ends[1]) == 0)
      _ = "frame".withCString { write(ends[1], $0, 5) }
      #expect(csystem_gather_end() == 0)
      #expect(readAvailable(ends[0]) == Array("frame".utf8))
    #endif
  }
}
