import ArgumentParser

/// `rubric open DIR`: the workstation.
struct OpenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Open a store in the workstation (the built-in sample without DIR).")

  @Argument(help: "The store folder.") var dir: String?

  func run() throws {
    print("open \(dir ?? "sample")")
  }
}
