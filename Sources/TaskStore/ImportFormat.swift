import Annotation
import Foundation

/// The formats `rubric import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
  case canonical

  /// Guesses a file's format from its first record.
  public static func detect(_ url: URL) throws -> ImportFormat {
    return .canonical
  }

  /// Converts every record of a file, reporting each task or error in order.
  public func convert(_ url: URL, file: String, _ sink: (Result<DecodedTask, LineError>) throws -> Void) throws {
    switch self {
    case .canonical:
      for (line, bytes) in try LineReader(url: url) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        do {
          try sink(.success(try TaskCodec.decode(bytes, file: file, line: line)))
        } catch let e as LineError {
          try sink(.failure(e))
        }
      }
    }
  }
}
