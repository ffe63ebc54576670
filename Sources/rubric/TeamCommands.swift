import ArgumentParser
import Foundation
import TaskStore

/// `rubric queue DIR --annotator NAME`: that annotator's task ids, in order.
struct QueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "Print the ids of an annotator's tasks, in order (stores with a [team]).")

  @Argument(help: "The store folder.") var dir: String
  @Option(help: "Whose queue (one of the team's annotators).") var annotator: String

  func run() throws {
    let store = try Store.open(URL(fileURLWithPath: dir), annotator: annotator, readOnly: true)
    guard let team = store.config.team else {
      throw ValidationError("\(dir)/rubric.toml has no [team]: every annotator sees every task")
    }
    guard team.annotators.contains(annotator) else {
      throw ValidationError(
        "\"\(annotator)\" is not in the team (\(team.annotators.joined(separator: ", "))); add them to [team] annotators in \(dir)/rubric.toml")
    }
    let list = store.taskList()
    var out = ""
    for i in Queue.positions(for: annotator, team: team, tasks: list) { out += list[i].id + "\n" }
    FileHandle.standardOutput.write(Data(out.utf8))
  }
}
