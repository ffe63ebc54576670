import Annotation

/// A command typed on the `:` line.
package enum LineCommand: Equatable {
  case goto(String)
  case nextUnfinished
  case filter(String)
  case quit
  case help
  case feedback
  /// Wrong use, with the usage to show.
  case usage(String)
  case unknown(String)
  case none

  package static func parse(_ text: String) -> LineCommand {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let name = parts.first else { return .none }
    switch name {
    case "goto", "g":
      return parts.count == 2 ? .goto(parts[1]) : .usage("usage: :goto N or :goto TASK-ID")
    case "next-unfinished", "nu": return .nextUnfinished
    case "filter": return .filter(parts.count > 1 ? parts[1] : "all")
    case "q", "quit": return .quit
    case "help": return .help
    case "feedback": return .feedback
    default: return .unknown(name)
    }
  }
}
