import CSystem
import Platform

/// An export's or an import's bytes on their way to a file (or standard output),
/// gathered into large writes; to a file, written past the page cache where the
/// system allows.
///
/// An export writes hundreds of megabytes that nothing reads back soon, and an
/// import its task file. Copying them into the page cache took 12% of a large
/// consensus export's CPU, and the final sync then waited for all of it
/// (docs/DECISIONS.md, "An export's and an import's file skip the page cache").
/// So a file is written with direct I/O: whole 4 KiB blocks from an aligned
/// buffer, the last partial block normally at the end.
/// Where the file system refuses it, or a write is refused, the rest is written
/// the ordinary way, asking the kernel to start writing it out as it goes.
package final class OutputFile {
  /// The size and alignment of what a direct write hands over.
  package static let block = 4096

  package let fd: Int32
  package let path: String
  private var direct: Bool
  private let capacity: Int
  private let buffer: UnsafeMutableRawPointer
  private var count = 0
  /// Bytes already written to the file: where the buffer's first byte will go.
  private var written = 0
  /// A plain descriptor of the file for reading back (a direct one reads only whole
  /// aligned blocks), opened when first needed.
  private var reader: Int32 = -1
  /// Bytes written the ordinary way since the kernel was last asked to write them out.
  private var unsynced = 0

  /// Gathers writes to `fd`; `direct` asks for direct I/O, which only a regular file gets.
  package init(fd: Int32, path: String, direct: Bool, capacity: Int = 1 << 22) {
    self.fd = fd
    self.path = path
    self.capacity = capacity
    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: OutputFile.block)
    // A regular file only: on a pipe, Linux's O_DIRECT means packet mode instead.
    var info = stat()
    self.direct =
      direct && fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
      && csystem_direct_io(fd, 1) == 0
  }

  deinit {
    buffer.deallocate()
    if reader >= 0 { close(reader) }
  }

  /// Whether writes still skip the page cache (for the tests).
  package var isDirect: Bool { direct }

  /// Adds bytes; full buffers are written.
  package func append(_ bytes: UnsafeRawBufferPointer) throws {
    guard var from = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = min(left, capacity - count)
      (buffer + count).copyMemory(from: from, byteCount: n)
      count += n
      from += n
      left -= n
      if count == capacity { try drain(everything: false) }
    }
  }

  /// Writes everything gathered, the last partial block included.
  package func finish() throws {
    try drain(everything: true)
  }

  /// Writes the buffer: with direct I/O its whole blocks only (unless `everything`,
  /// which ends direct I/O first), keeping the rest at its start.
  private func drain(everything: Bool) throws {
    if everything && direct {
      direct = csystem_direct_io(fd, 0) != 0
      guard !direct else { throw StoreError.io(path: path, errno: errno, doing: "write") }
    }
    let size = direct ? count / OutputFile.block * OutputFile.block : count
    var done = 0
    while done < size {
      let n = write(fd, buffer + done, size - done)
      if n > 0 {
        done += n
      } else if n < 0 && errno == EINTR {
        continue
      } else if n < 0 && errno == EINVAL && direct {
        // Refused past the cache (a partial write left an unaligned offset, or the
        // file system takes no direct writes after all): the ordinary way from here.
        direct = csystem_direct_io(fd, 0) != 0
        guard !direct else { throw StoreError.io(path: path, errno: EINVAL, doing: "write") }
      } else {
        throw StoreError.io(path: path, errno: n < 0 ? errno : EIO, doing: "write")
      }
    }
    if !direct && fd != STDOUT_FILENO {
      unsynced += done
      if unsynced >= 1 << 24 {
        DurableFile.startWriteback(fd)
        unsynced = 0
      }
    }
    count -= done
    written += done
    if count > 0 { memmove(buffer, buffer + done, count) }
  }

  /// `length` bytes from `offset` of what was appended so far, from the file or the
  /// buffer; nil when they cannot be read (an import compares a repeated task this way).
  /// Offsets count from the first byte appended, which must be the file's first byte
  /// (a new file, as an import's is).
  package func read(at offset: Int, length: Int) -> [UInt8]? {
    guard offset >= 0, length >= 0, offset + length <= written + count else { return nil }
    var out = [UInt8](repeating: 0, count: length)
    let fromFile = max(0, min(length, written - offset))
    if fromFile > 0 {
      if reader < 0 { reader = open(path, O_RDONLY | O_CLOEXEC) }
      guard reader >= 0 else { return nil }
      var done = 0
      while done < fromFile {
        let n = out.withUnsafeMutableBytes {
          pread(reader, $0.baseAddress.map { $0 + done }, fromFile - done, off_t(offset + done))
        }
        if n > 0 {
          done += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          return nil
        }
      }
    }
    if fromFile < length {
      let start = offset + fromFile - written
      out.withUnsafeMutableBytes {
        $0.baseAddress.map {
          ($0 + fromFile).copyMemory(from: buffer + start, byteCount: length - fromFile)
        }
      }
    }
    return out
  }
}
