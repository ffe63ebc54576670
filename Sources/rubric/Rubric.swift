import ArgumentParser
import CSystem
import Platform
import TerminalKit

/// The `rubric` command: a terminal workstation for human feedback on chat models.
@main
struct Rubric: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rubric",
    abstract:
      "A keyboard-driven terminal workstation for ranking, rating and rewriting chat model responses.",
    version: Version.text,
    subcommands: commands,
    defaultSubcommand: OpenCommand.self
  )

  /// Every subcommand, in the order `rubric --help` lists them.
  static let commands: [ParsableCommand.Type] = [
    OpenCommand.self, InitCommand.self, ImportCommand.self, ExportCommand.self, CheckCommand.self,
    StatsCommand.self, QueueCommand.self, SyncCommand.self, AgreementCommand.self,
    ReviewCommand.self, ReportCommand.self, TimesheetCommand.self, KeysCommand.self,
    BenchCommand.self,
  ]

  /// Every subcommand's name, written out: reading them from the commands builds each
  /// command's configuration, half a millisecond of the first frame (a test holds the two
  /// lists equal).
  static let commandNames = [
    "open", "init", "import", "export", "check", "stats", "queue", "sync", "agreement",
    "review", "report", "timesheet", "keys", "bench",
  ]

  /// Runs the command; an error's message, which may quote a store's names and
  /// paths, reaches the terminal through the sanitiser.
  static func main() {
    // Large buffers are reused, not mapped afresh each time (see CSystem.h).
    csystem_keep_large_blocks()
    do {
      if let quick = QuickOpen.parse(
        Array(CommandLine.arguments.dropFirst()), commands: commandNames)
      {
        try quick.run()
        return
      }
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success { Console.out(message) } else { Console.err(message) }
      }
      exitProcess(code.rawValue)
    }
  }
}

/// The C library's `exit`, which ArgumentParser's `exit(withError:)` hides in a command.
private func exitProcess(_ code: Int32) -> Never { exit(code) }
