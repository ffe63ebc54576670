import ArgumentParser
import Platform

/// `rubric bench ARGS…`: runs `rubric-dev bench ARGS…` from the same folder. The bench
/// and its probes live in `rubric-dev`, built beside `rubric` by `swift build`, so the
/// release binary carries none of them.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract:
      "Measure Rubric on a synthetic store (runs rubric-dev bench; rubric-dev bench --help lists the options)."
  )

  @Argument(parsing: .captureForPassthrough, help: "Options for rubric-dev bench.")
  var options: [String] = []

  func run() throws {
    let own = Executable.path
    let dev = URL(fileURLWithPath: own).deletingLastPathComponent()
      .appendingPathComponent("rubric-dev").path
    guard FileManager.default.isExecutableFile(atPath: dev) else {
      throw ValidationError(
        "the bench is in rubric-dev, which is not beside this rubric (\(dev)): build it with swift build -c release --static-swift-stdlib"
      )
    }
    let argv = ([dev, "bench"] + options).map { strdup($0) } + [nil]
    execv(dev, argv)
    throw ValidationError("could not run \(dev): \(String(cString: strerror(errno)))")
  }
}
