import ArgumentParser

/// The `rubric` command: a terminal workstation for human feedback on chat models.
@main
struct Rubric: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rubric",
    abstract:
      "A keyboard-driven terminal workstation for ranking, rating and rewriting chat model responses.",
    version: Version.text,
    subcommands: [
      OpenCommand.self, InitCommand.self, ImportCommand.self, ExportCommand.self, CheckCommand.self,
      StatsCommand.self, QueueCommand.self, SyncCommand.self, AgreementCommand.self, ReviewCommand.self, TimesheetCommand.self, StatProbe.self,
      KeysCommand.self, BenchCommand.self, JournalStressCommand.self, FirstFrameProbe.self,
      WalkProbe.self,
    ],
    defaultSubcommand: OpenCommand.self
  )
}
