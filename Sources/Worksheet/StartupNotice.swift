import TaskStore

/// What the message line says when a store opens: a repaired or damaged journal, or read-only.
package enum StartupNotice {
  package static func make(_ store: Store) -> Notice? {
    let aside = store.journal.setAside
    if let r = store.journal.recovery {
      let verb = r.movedTo == nil ? "Journal has a torn last record" : "Journal repaired"
      return Notice(text: "\(verb): \(r)", kind: .warning)
    }
    if !aside.isEmpty {
      let tasks = Array(Set(aside.compactMap(\.taskId))).sorted()
      let named =
        tasks.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        + (tasks.count > 3 ? " and \(tasks.count - 3) more" : "")
      let which = tasks.isEmpty ? "" : " (tasks \(named))"
      let lines =
        aside.prefix(3).map { String($0.line) }.joined(separator: ", ")
        + (aside.count > 3 ? "…" : "")
      let count = "\(aside.count) damaged journal record\(aside.count == 1 ? "" : "s")"
      return Notice(
        text:
          "\(count) set aside\(which), line \(lines); every other record counts. rubric check lists them",
        kind: .warning)
    }
    if store.readOnly {
      return Notice(
        text: "Read-only: this store cannot be written here, so nothing will be saved",
        kind: .warning)
    }
    return nil
  }
}
