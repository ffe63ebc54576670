import Annotation
import Codecs
import Platform
import Import
import TaskStore

/// Verifies a store without changing it: config, every task line, duplicate ids, journals.
public enum StoreCheck {
  /// What the check found.
  public struct Report: Sendable {
    public var problems: [String] = []
    public var tasks = 0
    public var repaired = 0
    public var journals = 0
    /// Readable journal records.
    public var records = 0
    /// Submitted answers the current form would reject.
    public var needsReview = 0
    /// What is worth knowing but is not wrong (an empty store).
    public var notes: [String] = []
    /// Journal lines skipped as damaged or foreign.
    public var setAside = 0
  }

  /// Checks a store and lists every problem as `file:line: field: what is wrong`.
  public static func run(_ root: URL) -> Report {
    var report = Report()
    let rel = { (u: URL) -> String in
      u.path.hasPrefix(root.path + "/") ? String(u.path.dropFirst(root.path.count + 1)) : u.path
    }
    var config: StoreConfig?
    do {
      config = try Store.loadConfig(root)
    } catch {
      report.problems.append("\(error)")
    }
    // A task file that is a link reads whatever it points to, which git does not share.
    for url in Store.taskFileURLs(root) {
      var info = stat()
      guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { continue }
      let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
      report.problems.append(
        "\(rel(url)): a link to \(target), not a file in the store: what it reads is not what the team shares (copy the file in)"
      )
    }
    var forms: [String: StoreConfig] = [:]
    do {
      forms = try Store.loadForms(root)
    } catch {
      report.problems.append("\(error)")
    }
    let vet = config.map { FormFit(config: $0, forms: forms) }
    // Journals first, so submitted answers are checked against their form while the
    // task scan below decodes each task: the task files are read once.
    var journalProblems: [String] = []
    var latest: [String: [String: Annotation]] = [:]
    // Reviewers' journals are read the same way; their decisions are not annotators' answers.
    var decided: [String: Set<String>] = [:]
    let reviewJournals = Set(Store.reviewURLs(root).values)
    let journals =
      Store.journalURLs(root).sorted(by: { $0.key < $1.key })
      + Store.reviewURLs(root).sorted(by: { $0.key < $1.key })
    for (who, url) in journals {
      report.journals += 1
      let contents: JournalContents
      do {
        contents = try Journal.contents(of: url, annotator: who)
      } catch {
        journalProblems.append("\(rel(url)): \(error)")
        continue
      }
      report.records += contents.records.count
      if reviewJournals.contains(url) {
        decided[who] = Set(contents.latest.keys)
      } else {
        latest[who] = contents.latest.mapValues(\.annotation)
      }
      // The same record twice (a sync that merged a line both machines had) is harmless: noted.
      var distinct = Set<JournalRecord>()
      let repeats =
        contents.records.filter { !distinct.insert($0).inserted }.count + contents.repeatedLines
      if repeats > 0 {
        report.notes.append(
          "\(rel(url)): \(repeats) record\(repeats == 1 ? "" : "s") repeated word for word; each counts once"
        )
      }
      for p in contents.problems {
        report.setAside += 1
        journalProblems.append(
          "\(rel(url)):\(p.line): \(p.reason)" + (p.taskId.map { " (task \"\($0)\")" } ?? "")
            + "; skipped, every other record counts")
      }
      for gap in contents.missing {
        let which =
          gap.count == 1
          ? "record \(gap.lowerBound) is" : "records \(gap.lowerBound)–\(gap.upperBound) are"
        let jump =
          gap.lowerBound == 1
          ? "start at \(gap.upperBound + 1)"
          : "jump from \(gap.lowerBound - 1) to \(gap.upperBound + 1)"
        journalProblems.append(
          "\(rel(url)): \(which) missing: the numbered records \(jump), so lines were removed from this journal (a merge, an edit by hand, a restore)"
        )
      }
      if let t = contents.torn {
        journalProblems.append(
          "\(rel(url)):\(t.line): \(t.reason) (\(t.bytes) bytes; opening the store moves them aside)"
        )
      }
    }
    var review = NeedsReview.Collector(latest: latest)
    var firstSeen: [String: String] = [:]
    for url in Store.taskFileURLs(root) {
      let name = rel(url)
      guard let reader = try? LineReader(url: url) else {
        report.problems.append("\(name): cannot be read")
        continue
      }
      for (line, bytes) in reader {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        do {
          let d = try TaskCodec.decode(bytes, file: name, line: line)
          report.tasks += 1
          if d.repaired {
            report.repaired += 1
            report.problems.append(
              "\(name):\(line): invalid UTF-8 or a lone surrogate, shown repaired (U+FFFD)")
          }
          if let f = d.task.form, forms[f] == nil {
            report.problems.append("\(name):\(line): form: no form \"\(f)\" in forms/")
          } else if let vet, let p = vet.problem(d.task) {
            // A task its form cannot answer: the annotator could only skip it.
            report.problems.append("\(name):\(line): \(p.field): \(p.message)")
          }
          if let form = d.task.form.flatMap({ forms[$0]?.form }) ?? config?.form {
            review.visit(d.task, form: form)
          }
          if let first = firstSeen[d.task.id] {
            report.problems.append(
              "\(name):\(line): id: duplicate id \"\(d.task.id)\" (first at \(first))")
          } else {
            firstSeen[d.task.id] = "\(name):\(line)"
          }
        } catch {
          report.problems.append(error.description)
        }
      }
    }
    report.problems += journalProblems
    for (who, byTask) in latest.sorted(by: { $0.key < $1.key }) {
      for id in byTask.keys.filter({ firstSeen[$0] == nil }).sorted() {
        report.problems.append(
          "annotations/\(who).jsonl: task_id: annotations for \"\(id)\", which no task file holds")
      }
    }
    for (who, ids) in decided.sorted(by: { $0.key < $1.key }) {
      for id in ids.filter({ firstSeen[$0] == nil }).sorted() {
        report.problems.append(
          "reviews/\(who).jsonl: task_id: a decision on \"\(id)\", which no task file holds")
      }
    }
    report.needsReview = review.items.count
    for i in review.sorted {
      let version =
        i.savedUnder == i.formVersion
        ? "" : " (saved under form version \(i.savedUnder), the form is now \(i.formVersion))"
      report.problems.append(
        "annotations/\(i.annotator).jsonl: task \"\(i.taskId)\": submitted, needs review\(version): \(i.problems.joined(separator: "; "))"
      )
    }
    for name in Importer.leftoverTemps(root.appendingPathComponent("tasks")) {
      report.problems.append(
        "tasks/\(name): a temp file left by an interrupted import; the next import removes it (or delete it)"
      )
    }
    if config != nil && report.tasks == 0 && firstSeen.isEmpty {
      // No tasks is a state, not a problem: `rubric init && rubric check` succeeds.
      report.notes.append("tasks/: no tasks yet; add some with: rubric import \(root.path) FILE")
    }
    return report
  }
}
