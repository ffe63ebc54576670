#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension String {
  /// Numbers filled into `format` as C's `printf` writes them (`%d`, `%5.1f`, `%.12g`,
  /// `%02x`, `%%`), as Foundation's `String(format:)` does for numbers.
  public init(cFormat format: String, _ arguments: any CVarArg...) {
    var size = 64
    while true {
      var buffer = [CChar](repeating: 0, count: size)
      let written = withVaList(arguments) { vsnprintf(&buffer, size, format, $0) }
      guard written >= 0 else {
        self = ""
        return
      }
      if Int(written) < size {
        self = String(
          decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return
      }
      size = Int(written) + 1
    }
  }
}
