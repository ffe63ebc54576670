#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files a release binary carries after its last byte: `scripts/release` appends
/// the build it was made from (`BUILD`), the C.UTF-8 locale's character table
/// (`locale/C.UTF-8/LC_CTYPE`) and compiled terminfo entries
/// (`terminfo/x/xterm-256color`, `screen-256color`, `tmux-256color`, `linux`)
/// from the build machine. Each file is its name, a NUL, a 4-byte little-endian length
/// and the bytes; then comes the 8-byte little-endian length of all that, then
/// `magic`. The loader ignores trailing data, so the binary runs as before. A
/// binary built from source carries none.
public enum AppendedFiles {
  static let magic = Array("RUBRIC-APPENDED1".utf8)

  /// The files this executable carries, in order; empty when it carries none.
  public static func all(executable: String = "/proc/self/exe") -> [(name: String, bytes: [UInt8])]
  {
    let fd = open(executable, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return [] }
    let size = Int(st.st_size)
    let trailer = magic.count + 8
    guard size > trailer, let tail = readAt(fd, size - trailer, trailer),
      Array(tail[8...]) == magic
    else { return [] }
    let length = tail[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    guard length > 0, length < 1 << 23, length <= size - trailer,
      let payload = readAt(fd, size - trailer - length, length)
    else { return [] }
    return parse(payload)
  }

  /// The files this process's executable carries, read once.
  public static let carried: [(name: String, bytes: [UInt8])] = all()

  /// One carried file's bytes, or nil.
  public static func file(_ name: String) -> [UInt8]? {
    carried.first { $0.name == name }?.bytes
  }

  /// The files in an appended payload; a malformed payload gives what precedes the damage.
  static func parse(_ payload: [UInt8]) -> [(name: String, bytes: [UInt8])] {
    var out: [(name: String, bytes: [UInt8])] = []
    var i = 0
    while i < payload.count {
      guard let nul = payload[i...].firstIndex(of: 0), nul > i, nul + 5 <= payload.count else {
        break
      }
      let name = String(decoding: payload[i..<nul], as: UTF8.self)
      let length = (0..<4).reduce(0) { $0 | Int(payload[nul + 1 + $1]) << (8 * $1) }
      let start = nul + 5
      guard start + length <= payload.count,
        name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-./_".contains($0)) }),
        !name.contains("..")
      else { break }
      out.append((name, Array(payload[start..<start + length])))
      i = start + length
    }
    return out
  }

  static func readAt(_ fd: Int32, _ offset: Int, _ count: Int) -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: count)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
    return n == count ? buffer : nil
  }
}
