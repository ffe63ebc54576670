import ArgumentParser

/// The workstation's start without ArgumentParser: `rubric [open] [DIR] [--annotator NAME]
/// [--keymap MAP] [--read-only]`, the command an annotator runs many times a shift.
///
/// Building ArgumentParser's command tree reflects over every command's properties, and
/// each first reflection scans the binary's metadata: 2–3 ms of the first frame
/// (DECISIONS, "The first frame on a real terminal; the open path without
/// ArgumentParser"). Only these well-formed shapes are
/// taken here; anything else (help, a subcommand, an unknown or repeated option, `--`)
/// is left to ArgumentParser, which parses it and words its errors as before.
struct QuickOpen: Equatable {
  var dir: String?
  var annotator: String?
  var keymap: String?
  var readOnly = false

  /// The open command `arguments` (without the program name) spell, or nil when they
  /// are not one of the plain shapes above and ArgumentParser should parse them.
  static func parse(_ arguments: [String], commands: [String]) -> QuickOpen? {
    var quick = QuickOpen()
    var rest = arguments[...]
    if rest.first == "open" { rest = rest.dropFirst() }
    var seen: Set<String> = []
    while let word = rest.popFirst() {
      guard word.hasPrefix("-") else {
        // One store folder, not a command's name (ArgumentParser would run the command).
        guard quick.dir == nil, !word.isEmpty, !commands.contains(word), word != "help" else {
          return nil
        }
        quick.dir = word
        continue
      }
      let (name, attached) = split(word)
      guard seen.insert(name).inserted else { return nil }
      switch name {
      case "--read-only":
        guard attached == nil else { return nil }
        quick.readOnly = true
      case "--annotator", "--keymap":
        guard let value = attached ?? rest.popFirst(), !value.hasPrefix("-") || attached != nil
        else { return nil }
        if name == "--annotator" { quick.annotator = value } else { quick.keymap = value }
      default:
        return nil
      }
    }
    return quick
  }

  /// `--name=value` as its name and value; any other word as itself and nil.
  private static func split(_ word: String) -> (String, String?) {
    guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
    return (String(word[..<equals]), String(word[word.index(after: equals)...]))
  }

  /// Opens the store on the terminal, as `rubric open` does.
  func run() throws {
    try OpenCommand.open(dir: dir, annotator: annotator, keymap: keymap, readOnly: readOnly)
  }
}
