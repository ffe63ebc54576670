import Annotation
import Platform
import Reports
import Shift
import TaskStore

/// A read of the journals the session asks for as an effect (`Effect.load`): the
/// session never scans a journal inside `update`; the effect runner reads, and what
/// it found comes back to `TaskFlow.receive` as a `Loaded` message.
public enum Load: Sendable, Equatable {
  /// Reviewers' decisions on the annotator's answers, and those sending a task back.
  case feedback
  /// The categories other annotators' submitted flags add to tasks.
  case flaggedCategories
  /// The annotator's own time per task type, today (a local day) against before.
  case pace(today: String)
  /// Today's active time from the annotator's timesheet; per category when limits are set.
  case todaysShift(today: String, perCategory: Bool)
}

/// What a load found, handed back to the session.
package enum Loaded {
  case feedback(decisions: [Annotation], sentBack: [Annotation])
  case flagged([String: [String]])
  /// Nil when the annotator has no journal yet.
  case pace(Pace?)
  /// Today's timesheet day, read at once (limits are set: the categories count from the first key).
  case todaysShift(Timesheet.Day?)
  /// Today's timesheet, to be read in the background after the first frame.
  case todaysShiftLater(TodaysShift)

  /// Carries out a load against a store.
  package static func read(_ load: Load, _ store: Store) -> Loaded? {
    switch load {
    case .feedback:
      // A store without reviews has no folder to read.
      guard let decisions = try? Reviews.feedback(store.root, for: store.annotator) else {
        return nil
      }
      let back = (try? Reviews.sentBack(store, to: store.annotator, feedback: decisions)) ?? []
      return .feedback(decisions: decisions, sentBack: back)
    case .flaggedCategories:
      return .flagged(flaggedCategories(store))
    case .pace(let today):
      let contents = try? Journal.contents(of: store.journal.url, annotator: store.annotator)
      return .pace(contents.map { Pace(contents: $0, today: today) })
    case .todaysShift(let today, let perCategory):
      if perCategory {
        let sheet = try? Timesheet.compute(store.root, annotator: store.annotator, since: today)
        return .todaysShift(sheet?.days.first { $0.date == today })
      }
      let journal = store.root.appendingPathComponent("annotations/\(store.annotator).jsonl")
      guard FileManager.default.fileExists(atPath: journal.path) else { return nil }
      return .todaysShiftLater(
        TodaysShift(root: store.root, annotator: store.annotator, today: today))
    }
  }

  /// The categories other annotators' submitted flags add, by task id, when a form maps flags to categories.
  package static func flaggedCategories(_ store: Store) -> [String: [String]] {
    let forms = [store.config.form] + store.forms.values.map(\.form)
    let mapped = forms.flatMap(\.questions).filter { !$0.warns.isEmpty }
    guard !mapped.isEmpty else { return [:] }
    let others = Store.journalURLs(store.root).filter { $0.key != store.annotator }
    guard let all = try? Journal.contents(ofAll: others) else { return [:] }
    var flagged: [String: [String]] = [:]
    for contents in all.values {
      for (id, r) in contents.latest where r.annotation.status == .submitted {
        var found: [String] = []
        for q in mapped {
          let answers =
            [r.annotation.answers[q.id]]
            + (r.annotation.candidateAnswers[q.id]?.values.map { $0 } ?? [])
          for case let a? in answers {
            found += (a.labels ?? []).compactMap { q.warns[$0] }
            if let c = a.choice,
              let w = q.warns[c] ?? q.warns.first(where: { c.hasSuffix(" " + $0.key) })?.value
            {
              found.append(w)
            }
          }
        }
        if !found.isEmpty { flagged[id] = ContentWarnings.ordered((flagged[id] ?? []) + found) }
      }
    }
    return flagged
  }
}
