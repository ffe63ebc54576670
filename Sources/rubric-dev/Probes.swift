import Agreement
import ArgumentParser
import Foundation
import Report
import TaskStore

/// `rubric-dev stat alpha-LEVEL|tau-b`: a statistic of JSON from standard input (rows of
/// numbers or nulls, one per coder; two rows for τ-b), for the reference check in CI.
struct StatProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stat",
    abstract:
      "A statistic of JSON rows from standard input (alpha-LEVEL or tau-b), for the reference check."
  )
  @Argument var statistic: String

  func run() throws {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let rows = try JSONSerialization.jsonObject(with: data) as? [[Any]] else {
      throw StoreError.invalid("expected rows of numbers or nulls")
    }
    func number(_ v: Any) -> Double? { (v as? NSNumber)?.doubleValue }
    var result: Double?
    if statistic == "tau-b", rows.count == 2 {
      result = Statistics.kendallTauB(rows[0].compactMap(number), rows[1].compactMap(number))
    } else if statistic.hasPrefix("alpha-"),
      let level = Statistics.Level(rawValue: String(statistic.dropFirst(6)))
    {
      let width = rows.map(\.count).max() ?? 0
      result = Statistics.alpha(
        (0..<width).map { u in rows.compactMap { u < $0.count ? number($0[u]) : nil } },
        level: level)
    } else {
      throw StoreError.invalid(
        "unknown statistic \(statistic) (alpha-nominal, alpha-ordinal, alpha-interval, tau-b)")
    }
    print(result.map { String(format: "%.12f", $0) } ?? "nan")
  }
}

/// `rubric-dev demo-team DIR`: a small deterministic team store, for the report's picture and checks.
struct DemoTeamProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo-team",
    abstract: "Write the small deterministic team store the report's picture and checks use.")
  @Argument var dir: String

  func run() throws { try DemoTeam.write(URL(fileURLWithPath: dir)) }
}
