import Platform
import Shift
import TaskStore

/// Performs the effects that touch the store: journal appends and the
/// remembered candidates view. The terminal's effects pass through.
package struct EffectRunner {
  package let store: Store

  package init(store: Store) { self.store = store }

  /// What running a batch of effects did.
  package struct Outcome {
    /// Effects only the terminal's owner can perform.
    package var rest: [Effect] = []
    /// Whether at least one record reached the journal.
    package var saved = false
    /// The first save that failed: editing stops there.
    package var failure: (error: StoreError, record: JournalRecord)?
    /// What to tell the annotator, in order.
    package var notices: [Notice] = []
    /// What the loads found, for the session to take.
    package var loaded: [Loaded] = []
  }

  /// Runs the effects in order; after a failed save (or when `stopped`), later saves are dropped.
  package func run(_ effects: [Effect], stopped: Bool) -> Outcome {
    var out = Outcome()
    var stopped = stopped
    for e in effects {
      switch e {
      case .rememberView(let name):
        guard let view = CandidatesView(rawValue: name) else { continue }
        do {
          try ViewPrefs.save(view, store)
        } catch {
          out.notices.append(
            Notice(text: "The candidates view could not be remembered: \(error)", kind: .warning))
        }
      case .logBreak(let b):
        do {
          try ShiftLog.append(b, root: store.root, annotator: store.annotator)
        } catch {
          out.notices.append(
            Notice(text: "The break could not be recorded: \(error)", kind: .warning))
        }
      case .load(let load):
        if let found = Loaded.read(load, store) { out.loaded.append(found) }
      case .save(let record):
        guard !stopped else { continue }
        do {
          try store.save(record)
          out.saved = true
        } catch {
          stopped = true
          let failure = (error as? StoreError) ?? .invalid("cannot save: \(error)")
          out.failure = (failure, record)
          out.notices.append(Notice(text: rescue(failure, record), kind: .error))
        }
      default:
        out.rest.append(e)
      }
    }
    return out
  }

  /// The message for a failed save; when the store went away, the answer goes to the rescue folder first.
  package func rescue(_ e: StoreError, _ record: JournalRecord) -> String {
    guard case .storeGone = e else { return "\(e)" }
    do {
      // The rescue file stands alone: the whole annotation, never an edit against a journal.
      var whole = record
      whole.edit = nil
      let url = try Rescue.save(whole, journal: store.journal, store: store.root.lastPathComponent)
      return "\(e). Your unsaved answer is in \(url.path)"
    } catch {
      return "\(e). The unsaved answer could not be rescued either: \(error)"
    }
  }
}
