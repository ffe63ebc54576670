import CCompression
import Platform
import TaskStore

/// A source of bytes read front to back: a file, standard input, or a decompressor over one.
package protocol ByteStream: AnyObject {
  /// Reads up to `buffer.count` bytes; 0 at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteStream {
  /// Reads until `buffer` is full or the stream ends; returns how many bytes.
  package func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    var done = 0
    while done < buffer.count {
      let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
      if n == 0 { break }
      done += n
    }
    return done
  }
}

/// A file descriptor read with `read(2)`; closes it when done unless it is standard input.
package final class FDStream: ByteStream {
  private var fd: Int32
  let name: String

  /// Reads an open descriptor, which the stream then owns (standard input excepted).
  package init(fd: Int32, name: String) {
    self.fd = fd
    self.name = name
  }

  /// Opens a file, or standard input for `-`.
  package static func open(_ path: String) throws -> FDStream {
    if path == "-" { return FDStream(fd: STDIN_FILENO, name: "standard input") }
    let fd = LibC.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw StoreError.io(path: path, errno: errno, doing: "open") }
    var info = stat()
    if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
      LibC.close(fd)
      throw StoreError.invalid("\(path) is a folder; name a file to import")
    }
    return FDStream(fd: fd, name: path)
  }

  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      let n = LibC.read(fd, buffer.baseAddress, buffer.count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw StoreError.io(path: name, errno: errno, doing: "read")
    }
  }

  deinit {
    if fd > STDERR_FILENO { LibC.close(fd) }
  }
}

/// Bytes already read (to sniff a stream's start) put back in front of the rest.
package final class PrefixedStream: ByteStream {
  private var prefix: [UInt8]
  private var at = 0
  private let rest: ByteStream

  package init(_ prefix: [UInt8], _ rest: ByteStream) {
    self.prefix = prefix
    self.rest = rest
  }

  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard at < prefix.count else { return try rest.read(into: buffer) }
    let n = min(buffer.count, prefix.count - at)
    prefix.withUnsafeBytes { src in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[at..<(at + n)]))
    }
    at += n
    return n
  }
}

/// A fixed input buffer at a stable address, for the C decompressors to read from.
final class InputBuffer {
  let base: UnsafeMutableRawPointer
  let capacity = 1 << 17
  /// Unread bytes start at `start` and end at `end`.
  var start = 0
  var end = 0
  var atEnd = false

  init() { base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16) }
  deinit { base.deallocate() }

  var isEmpty: Bool { start == end }

  /// Refills from a stream when empty; sets `atEnd` when the stream has ended.
  func refill(from source: ByteStream) throws {
    guard isEmpty, !atEnd else { return }
    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base, count: capacity))
    start = 0
    end = n
    if n == 0 { atEnd = true }
  }
}

/// Inflates gzip data, concatenated members included, with the system zlib.
package final class GzipStream: ByteStream {
  private let source: ByteStream
  private let name: String
  private var z = z_stream()
  private let input = InputBuffer()
  /// Whether the current member is complete (nothing is owed to it).
  private var betweenMembers = true
  private var failed = false

  package init(_ source: ByteStream, name: String) throws {
    self.source = source
    self.name = name
    guard rubric_inflate_init(&z) == Z_OK else {
      throw StoreError.invalid("\(name): zlib could not start")
    }
  }

  deinit { inflateEnd(&z) }

  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else {
      return 0
    }
    z.next_out = out
    z.avail_out = UInt32(min(buffer.count, 1 << 30))
    while z.avail_out > 0 {
      try input.refill(from: source)
      if input.isEmpty {
        if !betweenMembers {
          throw StoreError.invalid("\(name): the gzip data ends early (a cut-off download?)")
        }
        break
      }
      z.next_in = input.base.advanced(by: input.start).assumingMemoryBound(to: UInt8.self)
      z.avail_in = UInt32(input.end - input.start)
      betweenMembers = false
      let status = inflate(&z, Z_NO_FLUSH)
      input.start = input.end - Int(z.avail_in)
      switch status {
      case Z_OK, Z_BUF_ERROR:
        continue
      case Z_STREAM_END:
        betweenMembers = true
        guard inflateReset(&z) == Z_OK else {
          throw StoreError.invalid("\(name): zlib could not go on")
        }
      default:
        let why = z.msg.map { String(cString: $0) } ?? "error \(status)"
        throw StoreError.invalid("\(name): the gzip data is damaged (\(why))")
      }
    }
    return buffer.count - Int(z.avail_out)
  }
}

/// Decompresses zstd frames, concatenated ones included, with the system libzstd.
package final class ZstdStream: ByteStream {
  private let source: ByteStream
  private let name: String
  private let stream: OpaquePointer
  private let input = InputBuffer()
  /// Zero when the last frame is complete.
  private var owed = 0

  package init(_ source: ByteStream, name: String) throws {
    self.source = source
    self.name = name
    guard let s = ZSTD_createDStream() else {
      throw StoreError.invalid("\(name): zstd could not start")
    }
    stream = s
    ZSTD_initDStream(stream)
  }

  deinit { ZSTD_freeDStream(stream) }

  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    var out = ZSTD_outBuffer(dst: base, size: buffer.count, pos: 0)
    while out.pos < out.size {
      try input.refill(from: source)
      if input.isEmpty {
        if owed != 0 {
          throw StoreError.invalid("\(name): the zstd data ends early (a cut-off download?)")
        }
        break
      }
      var inb = ZSTD_inBuffer(
        src: input.base.advanced(by: input.start), size: input.end - input.start, pos: 0)
      let r = ZSTD_decompressStream(stream, &out, &inb)
      input.start += inb.pos
      if ZSTD_isError(r) != 0 {
        throw StoreError.invalid(
          "\(name): the zstd data is damaged (\(String(cString: ZSTD_getErrorName(r))))")
      }
      owed = r
    }
    return out.pos
  }
}

/// A stream that stops with an error once more than `limit` bytes have passed.
package final class CappedStream: ByteStream {
  private let inner: ByteStream
  private let limit: Int
  private let name: String
  private let why: String
  private var passed = 0

  package init(_ inner: ByteStream, limit: Int, name: String, why: String) {
    self.inner = inner
    self.limit = limit
    self.name = name
    self.why = why
  }

  package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let n = try inner.read(into: buffer)
    passed += n
    if passed > limit {
      throw StoreError.invalid(
        "\(name): its decompressed data passed \(InputLimits.words(limit)), \(why); nothing was imported"
      )
    }
    return n
  }
}
