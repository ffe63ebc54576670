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
      var block: [BlockLine] = []
      for (keyText, actionValue) in lines.entries {
        let key = "block.\(blockName).\(keyText)"
        guard let keys = Key.parseSequence(keyText) else {
          throw LineError(
            file: file, line: actionValue.line, field: key, message: "unknown key \"\(keyText)\"")
        }
        guard let actionName = actionValue.string else {
          throw LineError(
            file: file, line: actionValue.line, field: key,
            message: "expected an action name in quotes")
        }
        var action: Action?
        if actionName != "none" {
          guard let known = Action(rawValue: actionName) else {
            throw LineError(
              file: file, line: actionValue.line, field: key,
              message: "unknown action \"\(actionName)\"")
          }
          action = known
        }
        block.append(
          BlockLine(
            keyText: keyText, keys: keys, action: action, file: file, line: actionValue.line))
      }
      blocks[blockName] = block
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
      for line in block {
        guard let action = line.action else {
          unbind(line.keys, in: context)
          continue
        }
        guard action.contexts.contains(context) else {
          let works = KeyContext.allCases.filter(action.contexts.contains).map(\.rawValue)
          throw LineError(
            file: line.file, line: line.line, field: "block.\(name).\(line.keyText)",
            message:
              "\"\(action.rawValue)\" does nothing in [\(context.rawValue)], which uses this block at line \(value.line) (it works in: \(works.joined(separator: ", ")))"
          )
        }
        bind(line.keys, to: action, in: context)
      }
    }
  }
}
