/// A line of a file that could not be read (a task, a journal record, a config, a form
/// or a keymap): the file, the line, the field (a dotted key for TOML), what is wrong.
public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var field: String
  public var message: String

  public init(file: String, line: Int, field: String, message: String) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }

  /// For a record of a JSON array: its byte offset (then `line` is the record's 1-based index).
  public var recordOffset: Int?

  public var description: String {
    let place = recordOffset.map { "\(file): record \(line) (byte \($0))" } ?? "\(file):\(line)"
    return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
  }
}
