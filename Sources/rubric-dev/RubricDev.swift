import ArgumentParser
import CSystem
import Foundation
import TerminalKit

/// `rubric-dev`: what developers and CI run and annotators never need: the bench and the
/// probes it spawns, the crash tests' journal writer, the statistics reference check and
/// the report's demo store. It is not in the release binary.
@main
struct RubricDev: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rubric-dev",
    abstract: "Rubric's developer tools: the bench, probes, crash-test writer, demo store.",
    subcommands: [
      BenchCommand.self, FirstFrameProbe.self, WalkProbe.self, PeakProbe.self,
      JournalStressCommand.self, StatProbe.self, DemoTeamProbe.self,
    ]
  )

  /// Runs the command; an error's message reaches the terminal through the sanitiser.
  static func main() {
    // Large buffers are reused, not mapped afresh each time (see CSystem.h).
    csystem_keep_large_blocks()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success { Console.out(message) } else { Console.err(message) }
      }
      Foundation.exit(code.rawValue)
    }
  }
}

/// Where this binary and the `rubric` beside it are.
enum DevTools {
  /// This binary's own path (the probes run as its subcommands).
  static var own: String { Bundle.main.executablePath ?? CommandLine.arguments[0] }

  /// The `rubric` binary in the same folder: the one the bench measures.
  static var rubric: String {
    URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("rubric").path
  }
}
