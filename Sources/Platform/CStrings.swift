#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Strings as a C array of pointers ending in nil (an `argv` or `envp`), alive while `body` runs.
public func withCStrings<R>(
  _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { for p in pointers { free(p) } }
  return pointers.withUnsafeBufferPointer { buffer in
    // Never empty (it ends in nil), so it always has an address.
    guard let base = buffer.baseAddress else { preconditionFailure("an empty C string array") }
    return body(base)
  }
}
