import ArgumentParser
import Foundation
import Sync
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
      throw StoreError.invalid("\(dir)/rubric.toml has no [team]: every annotator sees every task")
    }
    guard team.annotators.contains(annotator) else {
      throw StoreError.invalid(
        "\"\(annotator)\" is not in the team (\(team.annotators.joined(separator: ", "))); add them to [team] annotators in \(dir)/rubric.toml")
    }
    let list = store.taskList()
    var out = ""
    for i in Queue.positions(for: annotator, team: team, tasks: list) { out += list[i].id + "\n" }
    FileHandle.standardOutput.write(Data(out.utf8))
  }
}

/// `rubric sync DIR`: commit the annotator's new records, merge the team's, push.
struct SyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Commit your new journal records, merge the team's work and push (the store is a git working tree).")

  @Argument(help: "The store folder (a git clone of the team's store).") var dir: String
  @Option(help: "Who is syncing (default: rubric.toml's annotator, then $USER).") var annotator: String?
  @Option(help: "The git remote (default: origin).") var remote: String?

  func run() throws {
    let report = try Sync.run(URL(fileURLWithPath: dir), annotator: annotator, remote: remote)
    for line in report.lines { print(line) }
  }
}
