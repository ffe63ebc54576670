import Annotation
import Commands
import TerminalKit
import TextKit
import Worksheet

/// The candidates pane: side by side, stacked, or one at a time with the rank strip.
struct CandidatesPane: Equatable {
  /// How the annotator asked to see the candidates (the value lives in Worksheet).
  typealias View = CandidatesView

  /// How the candidates are drawn at the current size.
  enum Shown: Equatable {
    case columns(width: Int)
    case stacked
    case single
  }

  var view: View = .auto
  /// Side-by-side columns scroll together unless unlinked.
  var linked = true
  /// The scroll of the focused candidate (one at a time), of the list (stacked)
  /// or of all columns (linked).
  var scroll = 0
  /// Each column's own scroll while unlinked, by candidate id.
  var columnScroll: [String: Int] = [:]
  /// How far code blocks are scrolled sideways, by candidate id.
  var side: [String: Int] = [:]
  /// Side by side, the focused candidate and the next show their word differences.
  var diff = false
  /// A search term to bring into view in the focused candidate at the next settle.
  var reveal: String?
  /// Bring the focused candidate's header into view (stacked) at the next settle.
  var revealFocus = false

  /// The narrowest column for side by side: two candidates need wider columns to compare prose.
  static func minColumn(_ count: Int) -> Int { count == 2 ? 56 : 44 }

  /// Columns between two candidates: a space, a rule, a space.
  static let gutter = 3

  /// The column width when `count` candidates share `width` columns (with a rule between).
  static func columnWidth(_ count: Int, in width: Int) -> Int {
    count < 1 ? width : (width - (count - 1) * gutter) / count
  }

  /// Whether side by side fits comfortably in a pane's inside width.
  static func columnsFit(_ count: Int, width: Int) -> Bool {
    count >= 2 && columnWidth(count, in: width) >= minColumn(count)
  }

  /// The scroll of one candidate in the current view.
  func scroll(of id: String, shown: Shown) -> Int {
    if case .columns = shown, !linked { return columnScroll[id] ?? 0 }
    return scroll
  }

  /// Handles the pane's navigation and view commands; nil for a command not its own.
  mutating func handle(_ a: Action, sheet: inout Sheet, shown: Shown, page: Int) -> [PaneEffect]? {
    let focused = sheet.focusedCandidate
    if let by = Scrolling.step(a, page: page) {
      if case .columns = shown, !linked, let id = focused {
        columnScroll[id] = Scrolling.apply(by, to: columnScroll[id] ?? 0)
      } else {
        scroll = Scrolling.apply(by, to: scroll)
      }
      return []
    }
    switch a {
    case .scrollLeft, .scrollRight:
      guard let id = focused else { return [] }
      side[id] = max(0, (side[id] ?? 0) + (a == .scrollRight ? 8 : -8))
    case .prevCandidate, .nextCandidate:
      focus(
        a == .nextCandidate ? sheet.candidate + 1 : sheet.candidate - 1, sheet: &sheet, shown: shown
      )
    case .toggleLinkedScroll:
      guard case .columns = shown else {
        sheet.say("Linked scrolling is for side by side: change the view first", .info)
        return []
      }
      linked.toggle()
      if !linked {
        for id in sheet.order { columnScroll[id] = scroll }
      } else {
        scroll = focused.flatMap { columnScroll[$0] } ?? scroll
      }
      sheet.say(
        linked
          ? "Columns scroll together"
          : "Each column scrolls on its own (j/k scroll the focused one)")
    case .diff:
      guard sheet.order.count >= 2 else {
        sheet.say("There is no other candidate to compare with", .info)
        return []
      }
      guard case .columns = shown else { return [.showDiff] }
      diff.toggle()
      let (this, next) = (
        letter(sheet.candidate), letter((sheet.candidate + 1) % sheet.order.count)
      )
      sheet.say(
        diff
          ? "Differences of \(this) and \(next) highlighted; d again hides them"
          : "Differences hidden")
    case .cycleView: return [.cycleView]
    default:
      return nil
    }
    return []
  }

  /// Moves the focus to candidate `i`: one at a time shows it from its top.
  mutating func focus(_ i: Int, sheet: inout Sheet, shown: Shown) {
    let before = sheet.candidate
    sheet.focusCandidate(i)
    guard sheet.candidate != before else { return }
    switch shown {
    case .single:
      scroll = 0
      if let id = sheet.focusedCandidate { side[id] = 0 }
    case .stacked: revealFocus = true
    case .columns: break
    }
  }

  /// The next view in the cycle, skipping side by side where it cannot fit.
  func nextView(columnsPossible: Bool) -> View {
    let all = View.allCases
    var i = (all.firstIndex(of: view) ?? 0) + 1
    while all[i % all.count] == .columns && !columnsPossible { i += 1 }
    return all[i % all.count]
  }

  /// How the candidates are drawn, in words: "stacked", "automatic (now side by side)".
  func describe(_ shown: Shown) -> String {
    let now: String
    switch shown {
    case .columns: now = "side by side"
    case .stacked: now = "stacked"
    case .single: now = "one at a time"
    }
    return view == .auto ? "automatic (now \(now))" : now
  }
}
