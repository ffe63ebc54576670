import Annotation

/// A command typed on the `:` line.
package enum LineCommand: Equatable {
  case goto(String)
  case nextUnfinished
  case filter(String)
  case quit
  case help
  case feedback
  case pace
  /// Wrong use, with the usage to show.
  case usage(String)
  case unknown(String)
  case none

  /// One `:` command, declared once: what the parser reads, and what the help,
  /// README's key table and the "unknown command" message say about it.
  package struct Spec: Sendable {
    /// The name typed after `:`.
    package let name: String
    /// Shorter names that do the same.
    package let aliases: [String]
    /// What follows the name, as the help writes it ("N or TASK-ID"); empty for none.
    package let arguments: String
    package let summary: String
    /// The command for the words after the name.
    let make: @Sendable ([String]) -> LineCommand

    /// How it is typed: ":goto N or TASK-ID".
    package var usage: String { ":" + name + (arguments.isEmpty ? "" : " " + arguments) }
    /// Every way to type it, as the help and README list them: ":goto N or TASK-ID", ":g".
    package var spellings: [String] { [usage] + aliases.map { ":" + $0 } }
  }

  /// Every `:` command, in the order the help lists them.
  package static let table: [Spec] = [
    Spec(
      name: "goto", aliases: ["g"], arguments: "N or TASK-ID",
      summary: "open the task at position N (from 1), or the task with that id",
      make: { $0.count == 1 ? .goto($0[0]) : .usage("usage: :goto N or :goto TASK-ID") }),
    Spec(
      name: "next-unfinished", aliases: ["nu"], arguments: "",
      summary: "open the next task neither submitted nor skipped", make: { _ in .nextUnfinished }),
    Spec(
      name: "filter", aliases: [], arguments: "STATUS",
      summary: "n and p visit only: all, unfinished, draft, submitted or skipped",
      make: { .filter($0.first ?? "all") }),
    Spec(
      name: "feedback", aliases: [], arguments: "",
      summary: "the reviewers' notes on your answers, newest first", make: { _ in .feedback }),
    Spec(
      name: "pace", aliases: [], arguments: "",
      summary: "your own median time per task type, today against before",
      make: { _ in .pace }),
    Spec(
      name: "help", aliases: [], arguments: "",
      summary: "show the help: every key and these commands", make: { _ in .help }),
    Spec(
      name: "quit", aliases: ["q"], arguments: "", summary: "save and quit", make: { _ in .quit }),
  ]

  /// The commands in a few words, for a message: ":goto N or TASK-ID, :next-unfinished, …".
  package static var listed: String { table.map(\.usage).joined(separator: ", ") }

  package static func parse(_ text: String) -> LineCommand {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let name = parts.first else { return .none }
    guard let spec = table.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
      return .unknown(name)
    }
    return spec.make(Array(parts.dropFirst()))
  }
}
