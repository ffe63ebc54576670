import CSystem
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A screen update written in pieces reaches its file in one go, and nothing before.
@Suite(.serialized) struct GatheredOutputTests {
  /// Runs `body` with a pipe whose reading end never waits, closed after.
  func withPipe(_ body: (_ reader: Int32, _ writer: Int32) throws -> Void) throws {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    defer {
      close(ends[0])
      close(ends[1])
    }
    _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
    try body(ends[0], ends[1])
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
    #if os(Linux)
      try withPipe { reader, writer in
        for round in 0..<3 {
          try #require(csystem_gather_begin(writer) == 0)
          // Not twice at once.
          #expect(csystem_gather_begin(writer) == -1)
          var expected: [UInt8] = []
          for i in 0..<200 {
            let piece = Array("\u{1B}[\(i % 40 + 1);1H│ piece \(i) of round \(round)".utf8)
            expected += piece
            _ = piece.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
          }
          #expect(readAvailable(reader).isEmpty)
          #expect(csystem_gather_end() == 0)
          #expect(readAvailable(reader) == expected)
          // Written straight through again.
          _ = "after".withCString { write(writer, $0, 5) }
          #expect(readAvailable(reader) == Array("after".utf8))
        }
        #expect(csystem_gather_end() == -1)
      }
    #endif
  }

  @Test func abortPutsTheFileBackAtOnce() throws {
    #if os(Linux)
      try withPipe { reader, writer in
        try #require(csystem_gather_begin(writer) == 0)
        _ = "lost".withCString { write(writer, $0, 4) }
        csystem_gather_abort()
        _ = "reset".withCString { write(writer, $0, 5) }
        #expect(readAvailable(reader) == Array("reset".utf8))
        #expect(csystem_gather_end() == -1)
        // The next update starts from an empty buffer.
        try #require(csystem_gather_begin(writer) == 0)
        _ = "frame".withCString { write(writer, $0, 5) }
        #expect(csystem_gather_end() == 0)
        #expect(readAvailable(reader) == Array("frame".utf8))
      }
    #endif
  }
}
