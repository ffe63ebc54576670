import TerminalKit

/// The key table of a keymap as Markdown, read from the one declaration of each
/// command (`Action`) and the keymap files: README.md's table is this output
/// (`rubric keys --table`), and a test keeps the two the same.
public enum KeyTable {
  public static func markdown(_ keymap: Keymap) -> String {
    var lines = ["| section | keys | command | what it does |", "|---|---|---|---|"]
    for context in KeyContext.allCases {
      guard let bindings = keymap.bindings[context], !bindings.isEmpty else { continue }
      // rank-1…rank-9 and pick-1…pick-9 are one row each: `1` … `9`.
      var grouped: [(command: String, doc: String, keys: [String])] = []
      for b in bindings {
        let name = "`" + Key.name(of: b.keys).replacingEvery("<lt>", with: "<") + "`"
        let command = b.action.family?.name ?? b.action.rawValue
        let doc = b.action.family?.summary ?? b.action.summary
        if let i = grouped.firstIndex(where: { $0.command == command }) {
          grouped[i].keys.append(name)
        } else {
          grouped.append((command, doc, [name]))
        }
      }
      for g in grouped {
        let keys = g.keys.joined(separator: " ").replacingEvery("|", with: "\\|")
        let doc = g.doc.replacingEvery("|", with: "\\|")
        lines.append("| \(context.rawValue) | \(keys) | `\(g.command)` | \(doc) |")
      }
    }
    // The `:` commands, from their one declaration too.
    for c in LineCommand.table {
      let names = c.spellings.map { "`\($0)`" }.joined(separator: " ")
      lines.append("| `:` line | \(names) | `:\(c.name)` | \(c.summary) |")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
