import Annotation
import Codecs
import Platform
import Shift
import TaskStore
import TerminalKit
import TextKit

/// The annotator's own settings applied to what the screen shows: which content
/// categories are masked, what was revealed, and the task as drawn.
///
/// A value the session keeps; it reads no journal itself (the categories other
/// annotators' flags add arrive as a `Loaded.flagged` message).
package struct Masking {
  /// The annotator's settings (`Wellbeing`): masked, skipped and limited categories.
  package let wellbeing: Wellbeing
  /// The task as drawn: masked parts replaced by placeholders (`refresh`).
  package var shown: ChatTask?
  /// Control characters and escapes in the task as drawn (the status line counts them).
  package var hostileCount = 0
  /// Every masked text shown, for the rest of the session.
  package var revealAll = false
  /// Content categories of the tasks met so far, by position.
  package var categoriesAt: [Int: [String]] = [:]
  /// Categories other annotators' flags added, by task id (forms that map flags to categories).
  package var flagged: [String: [String]] = [:]

  package init(wellbeing: Wellbeing) { self.wellbeing = wellbeing }

  /// Whether any setting can keep a task from the annotator.
  package var withholdsAny: Bool { !wellbeing.skip.isEmpty || !wellbeing.limits.isEmpty }

  /// A task's content categories: its own, and those other annotators' flags added.
  package func categories(of t: ChatTask) -> [String] {
    guard let more = flagged[t.id] else { return t.contentWarnings ?? [] }
    return ContentWarnings.ordered((t.contentWarnings ?? []) + more)
  }

  /// The task's categories masked for this draft (none once revealed).
  package func masked(_ t: ChatTask?, draft: Annotation) -> [String] {
    guard let t, !revealAll, draft.revealed != true else { return [] }
    return wellbeing.masked(categories(of: t))
  }

  /// Recomputes the task as drawn, and its count of hostile characters.
  package mutating func refresh(_ t: ChatTask?, draft: Annotation, key: String) {
    shown = t.map { Masking.apply($0, categories: masked($0, draft: draft), key: key) }
    guard let d = shown else {
      hostileCount = 0
      return
    }
    var texts: [String] = [d.instructions ?? ""]
    texts += d.context.map(\.content)
    texts += d.candidates.map(\.text)
    hostileCount = texts.reduce(0) { $0 + Sanitizer.hostileCount($1) }
  }

  /// The categories of the task at a position, read once and remembered.
  package mutating func categories(at i: Int, in store: Store) -> [String] {
    if let known = categoriesAt[i] { return known }
    var found = Masking.categories(store, at: i)
    if !flagged.isEmpty, let id = store.taskID(at: i) {
      found = ContentWarnings.ordered(found + (flagged[id] ?? []))
    }
    categoriesAt[i] = found
    return found
  }

  /// Why a task in these categories is kept from the annotator on `day`, if it is.
  package func withholding(_ categories: [String], day: String, limitReached: (String) -> Bool)
    -> Withheld?
  {
    guard !categories.isEmpty else { return nil }
    if let c = wellbeing.optedOut(categories) {
      return Withheld(reason: .optedOut, category: c, day: day)
    }
    if let c = categories.first(where: limitReached) {
      return Withheld(reason: .heldBack, category: c, day: day)
    }
    return nil
  }

  /// The task with every message and candidate replaced by a placeholder naming
  /// the categories and the length; unchanged when `categories` is empty.
  package static func apply(_ t: ChatTask, categories: [String], key: String = "v") -> ChatTask {
    guard !categories.isEmpty else { return t }
    let names = categories.joined(separator: ", ")
    func placeholder(_ text: String) -> String {
      "░░ Masked: \(names) · \(WordCount.label(WordCount.words(text))) · \(key) shows this task ░░"
    }
    var out = t
    out.context = t.context.map { m in
      var m = m
      m.content = placeholder(m.content)
      return m
    }
    out.candidates = t.candidates.map { c in
      var c = c
      c.messages = [Message(role: .assistant, content: placeholder(c.text))]
      return c
    }
    return out
  }

  package static let marker = Array("\"content_warnings\"".utf8)

  /// The categories of the task at a position, reading its line (decoded only when it names any).
  package static func categories(_ store: Store, at i: Int) -> [String] {
    guard let (file, e) = store.entry(at: i), let bytes = try? file.read(e),
      bytes.contains(bytes: marker),
      let t = try? TaskCodec.decode(bytes, file: file.name, line: Int(e.line)).task
    else { return [] }
    return t.contentWarnings ?? []
  }
}
