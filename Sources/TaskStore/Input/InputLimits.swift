import Platform

/// How much one input line and one input's decompressed data may take: the bounds that
/// keep a hostile file (a line of gigabytes, a compression bomb) from using
/// memory or disk in proportion to itself.
public struct InputLimits: Sendable, Equatable {
  /// The longest line read as a record; a longer one is an error naming its line
  /// (or, when it holds only white space, a blank line), and memory stays bounded
  /// by this, not by the line.
  public var lineBytes: Int
  /// The most decompressed data (or standard input) may hold, streamed or
  /// copied; nil means half the space free in the store when it starts.
  public var copyBytes: Int?

  /// 64 MB lines; decompressed data up to half the free space.
  public static let standard = InputLimits(lineBytes: 64 << 20, copyBytes: nil)

  public init(lineBytes: Int, copyBytes: Int?) {
    self.lineBytes = max(1, lineBytes)
    self.copyBytes = copyBytes.map { max(0, $0) }
  }

  /// The limit on decompressed data for a store whose hidden folder is
  /// `folder`, and how it was chosen (for the error).
  package func copyLimit(in folder: URL) -> (bytes: Int, why: String) {
    if let copyBytes { return (copyBytes, "the limit given with --max-decompressed-gb") }
    var fs = statvfs()
    guard statvfs(folder.path, &fs) == 0 else { return (Int.max, "") }
    let free = Int(clamping: UInt64(fs.f_bavail) &* UInt64(fs.f_frsize))
    return (
      free / 2,
      "half the space that was free on the disk of \(folder.path) (--max-decompressed-gb changes it)"
    )
  }

  /// A size in words: "64 MB", "1.5 GB".
  package static func words(_ bytes: Int) -> String {
    if bytes >= 1 << 30 { return String(cFormat: "%.1f GB", Double(bytes) / Double(1 << 30)) }
    if bytes >= 10 << 20 { return "\(bytes >> 20) MB" }
    if bytes >= 1 << 20 { return String(cFormat: "%.1f MB", Double(bytes) / Double(1 << 20)) }
    if bytes >= 1 << 10 { return "\(bytes >> 10) KB" }
    return "\(bytes) bytes"
  }
}

extension InputLimits {
  /// Space, tab or carriage return: what a blank line may hold.
  @inline(__always) package static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0D
  }
}
