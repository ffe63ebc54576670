import Codecs
import TerminalKit

/// Shared blocks: keys written once (`[block.scroll]`) and taken by the sections
/// that list them (`use = ["scroll"]`), in the place of the `use` line, so the
/// section's own lines after it can still replace or remove ("none") a key.
extension Keymap {
  /// Reads `[block.NAME]` tables; a block of the same name in an earlier map is replaced.
  mutating func readBlocks(_ value: TOMLValue, file: String) throws(LineError) {
    guard let table = value.table else {
      throw LineError(
        file: file, line: value.line, field: "block",
        message: "expected tables [block.NAME] of shared keys")
    }
    for (blockName, blockValue) in table.entries {
      guard let lines = blockValue.table else {
        throw LineError(
          file: file, line: blockValue.line, field: "block.\(blockName)",
          message: "expected a table [block.\(blockName)]")
      }
      blocks[blockName] = try lines.entries.map { (keyText, value) throws(LineError) in
        try Keymap.read(keyText, value, field: "block.\(blockName).\(keyText)", file: file)
      }
    }
  }

  /// Binds the blocks a section's `use` names, each action checked against the section.
  mutating func use(_ value: TOMLValue, in context: KeyContext, file: String) throws(LineError) {
    let names: [TOMLValue] = value.array ?? [value]
    for nameValue in names {
      guard let name = nameValue.string else {
        throw LineError(
          file: file, line: value.line, field: "\(context.rawValue).use",
          message: "expected block names in quotes, as in use = [\"scroll\"]")
      }
      guard let block = blocks[name] else {
        let known = blocks.keys.sorted().joined(separator: ", ")
        throw LineError(
          file: file, line: value.line, field: "\(context.rawValue).use",
          message: "no block \"\(name)\" (blocks: \(known.isEmpty ? "none" : known))")
      }
      for line in block { try apply(line, in: context, usedAt: value.line) }
    }
  }
}
