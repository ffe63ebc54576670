import Annotation

/// Checks at import that each task can be completed under the form it will be annotated with.
///
/// A task naming a form the store lacks or a candidate with no messages is an
/// error (the task is not imported). A ranking form over a task with no
/// candidates, or a required turn question over a task with no conversation, is
/// a warning: the task is imported (the store's form may still change, or a
/// form be added) but the annotator could not submit it as things stand.
package struct FormFit: Sendable {
  let form: Form
  let forms: [String: Form]
  /// The source field (kept in `meta`) that gives content categories (`--warnings-from`).
  package var warningsFrom: String?

  package init(config: StoreConfig, forms: [String: StoreConfig]) {
    form = config.form
    self.forms = forms.mapValues(\.form)
  }

  /// The task with the content categories its source names: the `--warnings-from`
  /// field, HH red-team `tags`, and what the importer found (OASST labels).
  package func withWarnings(_ task: ChatTask) -> ChatTask {
    func categories(_ v: JSONValue?) -> [String] {
      switch v {
      case .string(let s)?: return ContentWarnings.normalize(s).map { [$0] } ?? []
      case .array(let list)?:
        return list.compactMap {
          if case .string(let s) = $0 { ContentWarnings.normalize(s) } else { nil }
        }
      default: return []
      }
    }
    var found = task.contentWarnings ?? []
    if let field = warningsFrom { found += categories(task.meta?[field]) }
    // HH red-team records carry `tags`; the ones the vocabulary knows become categories.
    if warningsFrom != "tags" {
      found += categories(task.meta?["tags"]).filter(ContentWarnings.vocabulary.contains)
    }
    guard !found.isEmpty else { return task }
    var t = task
    t.contentWarnings = ContentWarnings.ordered(found)
    return t
  }

  /// What makes the task impossible to complete; nil when it can be done.
  package func problem(_ task: ChatTask) -> (field: String, message: String, fatal: Bool)? {
    var chosen = form
    if let name = task.form {
      guard let f = forms[name] else {
        let known = forms.keys.sorted()
        let list =
          known.isEmpty
          ? "the store has no forms/ folder" : "forms: \(known.joined(separator: ", "))"
        return ("form", "no form \"\(name)\" in this store (\(list))", true)
      }
      chosen = f
    }
    for (i, c) in task.candidates.enumerated() where c.messages.isEmpty {
      return ("candidates[\(i)].messages", "candidate \"\(c.id)\" has no messages", true)
    }
    if task.candidates.isEmpty, let q = chosen.rankingQuestion {
      return (
        "candidates",
        "the form \"\(chosen.title)\" ranks candidates (question \"\(q.id)\"), and this task has none",
        false
      )
    }
    // A preference question compares exactly two candidates: with one (an OpenAI-format
    // record, say) or three, no answer can be submitted.
    if task.candidates.count != 2,
      let q = chosen.questions.first(where: {
        if case .preference = $0.kind { return $0.required } else { return false }
      })
    {
      return (
        "candidates",
        "the form \"\(chosen.title)\" compares two candidates (question \"\(q.id)\"), and this task has \(task.candidates.count)",
        false
      )
    }
    if task.context.isEmpty,
      let q = chosen.questions.first(where: {
        if case .turn = $0.kind { return $0.required } else { return false }
      })
    {
      return (
        "context",
        "the form's question \"\(q.id)\" picks a turn of the conversation, and this task has none",
        false
      )
    }
    return nil
  }
}
