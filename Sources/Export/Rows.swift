import Annotation
import Codecs

/// Builds export rows for the pairwise, pointwise and listwise training formats.
enum Rows {
  typealias V = JSONWriter.Value

  static func make(_ v: AnnotationView, _ o: ExportOptions) -> [String] {
    switch o.format {
    case .dpo: return pairs(v, o).map { dpo($0, v, o) }
    case .openaiPreference: return pairs(v, o).map { openaiPreference($0, v) }
    case .hh: return pairs(v, o).map { hh($0, v) }
    case .kto: return kto(v, o)
    case .sft: return sft(v)
    case .reward: return reward(v).map { [$0] } ?? []
    case .oasst: return oasst(v).map { [$0] } ?? []
    case .annotations, .csv: return []
    }
  }

  /// Why an annotation produced no row, for the summary.
  static func skipReason(_ v: AnnotationView, _ o: ExportOptions) -> String {
    if v.ranking?.noneAcceptable == true && o.noneAcceptable == .drop { return "none acceptable" }
    if v.task.candidates.isEmpty && v.composed.isEmpty { return "nothing written" }
    if v.task.candidates.isEmpty && v.task.context.isEmpty { return "prompt only (no reply)" }
    if v.ranking == nil && v.rewrites.isEmpty { return "no ranking or rewrite" }
    return "ties only"
  }

  /// A preference between two texts.
  struct Pair {
    var chosen: String
    var rejected: String
    var margin: Double?
  }

  /// Pairs from the ranking's tiers, plus (rewrite ≻ original) for each rewrite.
  static func pairs(_ v: AnnotationView, _ o: ExportOptions) -> [Pair] {
    var out: [Pair] = []
    if let r = v.ranking {
      for p in r.pairs(mode: o.pairs, noneAcceptable: o.noneAcceptable, ratings: v.ratings) {
        out.append(
          Pair(
            chosen: v.rewrites[p.chosen] ?? v.text(p.chosen), rejected: v.text(p.rejected),
            margin: p.margin ?? v.preferenceMargin))
      }
    }
    for (id, text) in v.rewrites.sorted(by: { $0.key < $1.key }) {
      out.append(Pair(chosen: text, rejected: v.text(id), margin: nil))
    }
    return out
  }

  static func messages(_ msgs: [Message]) -> V {
    .array(
      msgs.map { .object([("role", .string($0.role.rawValue)), ("content", .string($0.content))]) })
  }

  static func assistant(_ text: String) -> V {
    .array([.object([("role", .string("assistant")), ("content", .string(text))])])
  }

  /// The context as one prompt string: the last user message alone, or the turns joined when there are several.
  static func promptText(_ t: ChatTask) -> String {
    if t.context.count == 1 { return t.context[0].content }
    return t.context.map { "\($0.role.rawValue): \($0.content)" }.joined(separator: "\n\n")
  }

  static func dpo(_ p: Pair, _ v: AnnotationView, _ o: ExportOptions) -> String {
    var kv: [(String, V)]
    if o.conversational {
      kv = [
        ("prompt", messages(v.task.context)), ("chosen", assistant(p.chosen)),
        ("rejected", assistant(p.rejected)),
      ]
    } else {
      kv = [
        ("prompt", .string(promptText(v.task))), ("chosen", .string(p.chosen)),
        ("rejected", .string(p.rejected)),
      ]
    }
    if let m = p.margin { kv.append(("margin", .number(m))) }
    kv.append(("task_id", .string(v.task.id)))
    kv.append(("annotator", .string(v.annotation.annotator)))
    kv += v.consensus?.fields ?? []
    return JSONWriter.line(.object(kv))
  }

  static func openaiPreference(_ p: Pair, _ v: AnnotationView) -> String {
    // OpenAI preference fine-tuning takes the last user turn only (and any system message).
    var input = v.task.context.filter { $0.role == .system }
    if let lastUser = v.task.context.last(where: { $0.role == .user }) { input.append(lastUser) }
    return JSONWriter.line(
      .object([
        ("input", .object([("messages", messages(input))])),
        ("preferred_output", assistant(p.chosen)),
        ("non_preferred_output", assistant(p.rejected)),
      ]))
  }

  /// An HH-RLHF transcript (system and tool turns are dropped).
  static func transcript(_ msgs: [Message]) -> String {
    msgs.compactMap { m -> String? in
      switch m.role {
      case .user: return "\n\nHuman: " + m.content
      case .assistant: return "\n\nAssistant: " + m.content
      default: return nil
      }
    }.joined()
  }

  static func hh(_ p: Pair, _ v: AnnotationView) -> String {
    let prefix = transcript(v.task.context) + "\n\nAssistant: "
    return JSONWriter.line(
      .object([("chosen", .string(prefix + p.chosen)), ("rejected", .string(prefix + p.rejected))]))
  }

  static func kto(_ v: AnnotationView, _ o: ExportOptions) -> [String] {
    var items: [(String, Bool)] = []
    if let r = v.ranking {
      let tiers = r.tiers
      if r.noneAcceptable {
        items += tiers.flatMap { $0 }.map { (v.text($0), false) }
      } else if tiers.count >= 2 {
        items += tiers[0].map { (v.rewrites[$0] ?? v.text($0), true) }
        items += (tiers.last ?? []).map { (v.text($0), false) }
      }
    } else if let s = v.scale {
      let mid = Double(s.lo + s.hi) / 2
      for (id, n) in v.ratings.sorted(by: { $0.key < $1.key }) where Double(n) != mid {
        items.append((v.text(id), Double(n) > mid))
      }
    }
    for (id, text) in v.rewrites.sorted(by: { $0.key < $1.key }) {
      if !items.contains(where: { $0.0 == text }) { items.append((text, true)) }
      if !items.contains(where: { $0.0 == v.text(id) }) { items.append((v.text(id), false)) }
    }
    return items.map { text, label in
      let prompt: V = o.conversational ? messages(v.task.context) : .string(promptText(v.task))
      let completion: V = o.conversational ? assistant(text) : .string(text)
      return JSONWriter.line(
        .object(
          [
            ("prompt", prompt), ("completion", completion), ("label", .bool(label)),
            ("task_id", .string(v.task.id)),
            ("annotator", .string(v.annotation.annotator)),
          ] + (v.consensus?.fields ?? [])))
    }
  }

  static func sft(_ v: AnnotationView) -> [String] {
    var reply: String?
    if v.task.candidates.isEmpty {
      guard !v.task.context.isEmpty else { return [] }
      reply = v.composed.first
    } else if let r = v.ranking, !r.noneAcceptable,
      let best = r.top.sorted(by: { a, b in
        (v.annotation.orderShown.firstIndex(of: a) ?? 0)
          < (v.annotation.orderShown.firstIndex(of: b) ?? 0)
      }).first
    {
      reply = v.rewrites[best] ?? v.text(best)
    } else if let (_, text) = v.rewrites.sorted(by: { $0.key < $1.key }).first {
      reply = text
    }
    guard let text = reply else { return [] }
    return [
      JSONWriter.line(
        .object([
          ("messages", messages(v.task.context + [Message(role: .assistant, content: text)]))
        ]))
    ]
  }

  static func reward(_ v: AnnotationView) -> String? {
    guard let r = v.ranking else { return nil }
    let ratings = v.ratings
    let labels = v.labels
    let order =
      v.annotation.orderShown.isEmpty ? v.task.candidates.map(\.id) : v.annotation.orderShown
    let candidates: [V] = order.compactMap { id in
      guard let c = v.task.candidate(id) else { return nil }
      return .object([
        ("id", .string(id)), ("text", .string(v.rewrites[id] ?? c.text)),
        ("original", .string(c.text)),
        ("model", c.model.map { .string($0) } ?? .null),
        ("tier", r.tier(of: id).map { .int($0) } ?? .null),
        ("rating", ratings[id].map { .int($0) } ?? .null),
        ("labels", .array((labels[id] ?? []).map { .string($0) })),
      ])
    }
    return JSONWriter.line(
      .object(
        [
          ("task_id", .string(v.task.id)), ("annotator", .string(v.annotation.annotator)),
          ("prompt", messages(v.task.context)),
          ("candidates", .array(candidates)),
          ("ranking", .array(r.tiers.map { .array($0.map { .string($0) }) })),
          ("none_acceptable", .bool(r.noneAcceptable)),
        ] + (v.consensus?.fields ?? [])))
  }

  static func oasst(_ v: AnnotationView) -> String? {
    guard let r = v.ranking, !v.task.context.isEmpty else { return nil }
    let labels = v.labels
    let ids = v.task.context.enumerated().map { i, m in
      m.meta?["message_id"]?.stringValue ?? "\(v.task.id)-\(i)"
    }
    let replies: [V] = v.task.candidates.map { c in
      var node: [(String, V)] = [
        ("message_id", .string(c.id)), ("parent_id", .string(ids.last ?? "")),
        ("text", .string(c.text)),
        ("role", .string("assistant")), ("rank", r.tier(of: c.id).map { .int($0 - 1) } ?? .null),
      ]
      if let l = labels[c.id], !l.isEmpty {
        node.append(
          ("labels", .object(l.map { ($0, .object([("value", .number(1)), ("count", .int(1))])) })))
      }
      if let m = c.model { node.append(("model_name", .string(m))) }
      node.append(("replies", .array([])))
      return .object(node)
    }
    var current: V = .array(replies)
    for i in stride(from: v.task.context.count - 1, through: 0, by: -1) {
      let m = v.task.context[i]
      let node: V = .object([
        ("message_id", .string(ids[i])), ("parent_id", i == 0 ? .null : .string(ids[i - 1])),
        ("text", .string(m.content)),
        ("role", .string(m.role == .user ? "prompter" : "assistant")), ("replies", current),
      ])
      current = i == 0 ? node : .array([node])
    }
    return JSONWriter.line(
      .object([
        ("message_tree_id", .string(ids[0])), ("tree_state", .string("ready_for_export")),
        ("prompt", current),
      ]))
  }
}

/// One spreadsheet row per task × annotator, under one header for the whole store.
///
/// The answer columns are every question of every form in the store (the
/// ranking question aside, which has its own column), in form order, then any
/// question that saved answers still have but no form asks any more. A cell
/// holds the task's answer, or `candidate=answer` pairs for per-candidate
/// questions; answers that name a candidate name it by id.
struct CSVLayout {
  static let fixed = [
    "task_id", "annotator", "status", "skip_reason", "order_shown", "ranking", "none_acceptable",
  ]
  static let trailing = ["form_version", "active_ms", "updated"]
  /// The answer columns, by question id.
  let questions: [String]

  init(forms: [Form], annotations: some Sequence<Annotation>) {
    var seen = Set<String>()
    var rankings = Set<String>()
    var ids: [String] = []
    for f in forms {
      for q in f.questions {
        if case .ranking = q.kind {
          rankings.insert(q.id)
          continue
        }
        if seen.insert(q.id).inserted { ids.append(q.id) }
      }
    }
    var extra = Set<String>()
    for a in annotations {
      for (k, v) in a.answers where v.ranking == nil && !seen.contains(k) { extra.insert(k) }
      for k in a.candidateAnswers.keys where !seen.contains(k) { extra.insert(k) }
    }
    questions = ids + extra.subtracting(rankings).sorted()
  }

  var header: String {
    (CSVLayout.fixed + questions + CSVLayout.trailing).map(CSVRow.quote).joined(separator: ",")
  }

  func row(_ v: AnnotationView) -> String {
    let a = v.annotation
    let order = a.orderShown.isEmpty ? v.task.candidates.map(\.id) : a.orderShown
    var cells = [
      a.taskId, a.annotator, a.status.rawValue, a.skipReason ?? "",
      a.orderShown.joined(separator: " "),
    ]
    let r = v.ranking
    cells.append(
      r.map { $0.tiers.map { $0.joined(separator: "=") }.joined(separator: " > ") } ?? "")
    cells.append(r.map { $0.noneAcceptable ? "true" : "false" } ?? "")
    for q in questions {
      if let per = a.candidateAnswers[q], !per.isEmpty {
        cells.append(
          per.sorted { $0.key < $1.key }.map { "\($0.key)=\(CSVRow.show($0.value, order: order))" }
            .joined(separator: "; "))
      } else {
        cells.append(a.answers[q].map { CSVRow.show($0, order: order) } ?? "")
      }
    }
    cells += [a.formVersion, String(a.activeMs), a.updated]
    return cells.map(CSVRow.quote).joined(separator: ",")
  }
}

/// Cell text for the CSV export.
enum CSVRow {
  /// An answer as cell text; a choice naming a shown candidate is written with its id; a turn is its 0-based index into `context`.
  static func show(_ a: Answer, order: [String]) -> String {
    switch a {
    case .ranking(let r): return r.tiers.map { $0.joined(separator: "=") }.joined(separator: " > ")
    case .rating(let n): return String(n)
    case .choice(let c): return CandidateChoice.byCandidate(c, order: order).text
    case .labels(let l): return l.joined(separator: "|")
    case .text(let t): return t
    case .turn(let i): return String(i)
    case .preference(let p):
      return p.winner.map { "\($0) better by \(p.strength)" } ?? "about the same"
    }
  }

  /// RFC 4180 quoting. A cell starting with =, +, -, @, TAB or CR is prefixed with ' so
  /// spreadsheets do not run it as a formula.
  static func quote(_ s: String) -> String {
    var t = s
    if let f = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) { t = "'" + t }
    if t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + t.replacingEvery("\"", with: "\"\"") + "\""
    }
    return t
  }
}
