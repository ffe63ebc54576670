import Curses
import Platform

/// What `rubric --version` prints: the release, and the build it was installed from.
enum Version {
  /// The release number.
  static let number = "0.2.0"

  /// The release and the build (`git describe`): carried by a release binary
  /// (`scripts/release`), or recorded by `scripts/install` in
  /// `PREFIX/share/rubric/BUILD` beside the installed binary.
  static var text: String {
    if let carried = AppendedFiles.file("BUILD") {
      let build = String(decoding: carried, as: UTF8.self)
      return "rubric \(number) (release build \(build), static)"
    }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let buildFile = exe.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("share/rubric/BUILD")
    let build = (try? String(contentsOf: buildFile, encoding: .utf8))?
      .trimmingWhitespace()
    return
      "rubric \(number) (build \(build.flatMap { $0.isEmpty ? nil : $0 } ?? "from source, not installed"))"
  }
}
