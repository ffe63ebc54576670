import Foundation

/// What `rubric --version` prints: the release, and the build it was installed from.
enum Version {
  /// The release number.
  static let number = "0.2.0"

  /// The release and, when `scripts/install` recorded one, the build (`git describe`)
  /// from `PREFIX/share/rubric/BUILD` beside the installed binary.
  static var text: String {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let buildFile = exe.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("share/rubric/BUILD")
    let build = (try? String(contentsOf: buildFile, encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return
      "rubric \(number) (build \(build.flatMap { $0.isEmpty ? nil : $0 } ?? "from source, not installed"))"
  }
}
