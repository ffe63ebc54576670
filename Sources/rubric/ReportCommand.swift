import ArgumentParser
import Platform
import Report
import Reports
import TaskStore
import TerminalKit

/// `rubric report DIR -o report.html`: the lead's page of charts, one self-contained file.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Write the lead's report: progress, agreement, annotators and review as one self-contained HTML page."
  )

  @Argument(help: "The store folder.") var dir: String
  @Option(name: .shortAndLong, help: "The HTML file to write (replaced if it exists).") var output:
    String
  @Option(help: "Only answers updated on or after this day (YYYY-MM-DD).") var since: String?

  func validate() throws {
    if let since { try Since.check(since) }
  }

  func run() throws {
    let root = URL(fileURLWithPath: dir)
    guard Store.exists(at: root) else { throw StoreError.notAStore(path: dir) }
    // The page is a function of the store alone: kept under .rubric/results/ while
    // no input (reviews included) changes.
    let page = try ResultCache.whole(
      root, kind: "report", arguments: [since ?? ""], reviews: true
    ) { Array(ReportPage.html(try ReportData.gather(root, since: since)).utf8) }
    let url = URL(fileURLWithPath: output)
    // Written whole or not at all; a failure names the file and the system's reason.
    try DurableFile.replace(url, with: Data(page))
    Console.out("report: " + output + String(cFormat: " (%.0f KB)", Double(page.count) / 1024))
  }
}

/// The `--since` day of the team commands.
enum Since {
  /// Accepts `YYYY-MM-DD` only: compared with each answer's `updated` time as text.
  static func check(_ s: String) throws {
    let digits = s.unicodeScalars.enumerated().allSatisfy { i, c in
      [4, 7].contains(i) ? c == "-" : ("0"..."9").contains(c)
    }
    guard s.unicodeScalars.count == 10, digits else {
      throw ValidationError("--since takes a day as YYYY-MM-DD, such as 2026-12-01")
    }
  }
}
