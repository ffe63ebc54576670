import CCompression
import Platform
import TaskStore

/// Compresses a stream of bytes to gzip or zstd, with the system libraries.
final class Compressor {
  /// The compressed formats an output file name can ask for.
  enum Kind {
    case gzip, zstd

    /// The kind a file name's extension asks for (`.gz`, `.zst`), if any.
    init?(fileName: String) {
      let lower = fileName.lowercased()
      if lower.hasSuffix(".gz") {
        self = .gzip
      } else if lower.hasSuffix(".zst") {
        self = .zstd
      } else {
        return nil
      }
    }
  }

  private let kind: Kind
  private var z = z_stream()
  private var zstd: OpaquePointer?
  private let out = UnsafeMutableRawPointer.allocate(byteCount: 1 << 17, alignment: 16)
  private let outSize = 1 << 17

  init(_ kind: Kind) throws {
    self.kind = kind
    switch kind {
    case .gzip:
      guard rubric_deflate_init_gzip(&z) == Z_OK else {
        throw StoreError.invalid("zlib could not start")
      }
    case .zstd:
      guard let c = ZSTD_createCCtx() else { throw StoreError.invalid("zstd could not start") }
      zstd = c
    }
  }

  deinit {
    switch kind {
    case .gzip: deflateEnd(&z)
    case .zstd: ZSTD_freeCCtx(zstd)
    }
    out.deallocate()
  }

  /// Compresses `input`, handing compressed output to `sink`; `finish` ends the stream.
  func compress(
    _ input: UnsafeRawBufferPointer, finish: Bool, _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    switch kind {
    case .gzip:
      z.next_in = UnsafeMutablePointer(
        mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
      z.avail_in = UInt32(input.count)
      while true {
        z.next_out = out.assumingMemoryBound(to: UInt8.self)
        z.avail_out = UInt32(outSize)
        let status = deflate(&z, finish ? Z_FINISH : Z_NO_FLUSH)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
          throw StoreError.invalid("gzip compression failed (\(status))")
        }
        let n = outSize - Int(z.avail_out)
        if n > 0 { try sink(UnsafeRawBufferPointer(start: out, count: n)) }
        if finish ? status == Z_STREAM_END : (z.avail_in == 0 && z.avail_out > 0) { break }
      }
    case .zstd:
      var inb = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
      while true {
        var outb = ZSTD_outBuffer(dst: out, size: outSize, pos: 0)
        let left = ZSTD_compressStream2(zstd, &outb, &inb, finish ? ZSTD_e_end : ZSTD_e_continue)
        if ZSTD_isError(left) != 0 {
          throw StoreError.invalid(
            "zstd compression failed (\(String(cString: ZSTD_getErrorName(left))))")
        }
        if outb.pos > 0 { try sink(UnsafeRawBufferPointer(start: out, count: outb.pos)) }
        if finish ? left == 0 : inb.pos == inb.size { break }
      }
    }
  }

  /// Compresses a whole buffer in one go (for tests and small files).
  static func compress(_ data: Data, _ kind: Kind) throws -> Data {
    let c = try Compressor(kind)
    var result = Data()
    try data.withUnsafeBytes { raw in
      try c.compress(raw, finish: true) { result.append(contentsOf: $0) }
    }
    return result
  }
}
