#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes every byte to `fd`, across short writes and interruptions: 0, or the
/// `errno` that stopped it (`EIO` when the file took nothing and said nothing).
public func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
  var done = 0
  while done < bytes.count {
    let n = write(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done)
    if n > 0 {
      done += n
    } else if n < 0 && errno == EINTR {
      continue
    } else {
      return n < 0 ? errno : EIO
    }
  }
  return 0
}
