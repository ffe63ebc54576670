@testable import Annotation

/// A small deterministic random source for property tests.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
  init(_ seed: UInt64) { self.init(seed: seed) }
}

enum Fixtures {
  static let task = ChatTask(
    id: "t1",
    context: [Message(role: .user, content: "Say hi"), Message(role: .assistant, content: "hi")],
    candidates: [
      Candidate(id: "c1", messages: [Message(role: .assistant, content: "Hello there")]),
      Candidate(id: "c2", messages: [Message(role: .assistant, content: "Hi!")]),
      Candidate(id: "c3", messages: [Message(role: .assistant, content: "Go away")]),
    ])

  static let form = Form(
    title: "ranking",
    questions: [
      Question(
        id: "rank", title: "Ranking", required: true,
        kind: .ranking(
          RankingOptions(allowTies: true, allowPartial: false, allowNoneAcceptable: true))),
      Question(
        id: "overall", title: "Overall quality", required: true, scope: .candidate,
        kind: .rating(lo: 1, hi: 7, labels: [:])),
      Question(
        id: "flags", title: "Flags", scope: .candidate,
        kind: .labels(options: ["hallucination", "harmful advice"], harm: ["harmful advice"])),
      Question(
        id: "rationale", title: "Rationale", kind: .text(minLength: 5), requiredIf: .noneAcceptable),
    ])

  /// A random edit valid for the fixture form, made against the current draft.
  static func randomEdit(_ draft: Annotation, _ rng: inout SeededRandom) -> Edit {
    let ids = ["c1", "c2", "c3"]
    switch Int.random(in: 0..<6, using: &rng) {
    case 0:
      let r = draft.answers["rank"]?.ranking ?? Ranking()
      let placed = r.placing(
        ids.randomElement(using: &rng) ?? "c1", at: Int.random(in: 0...3, using: &rng))
      return .set(AnswerKey("rank"), to: .ranking(placed), on: draft)
    case 1:
      let key = AnswerKey("overall", candidate: ids.randomElement(using: &rng))
      return .set(
        key, to: Bool.random(using: &rng) ? .rating(Int.random(in: 1...7, using: &rng)) : nil,
        on: draft)
    case 2:
      let key = AnswerKey("flags", candidate: ids.randomElement(using: &rng))
      var labels = draft[key]?.labels ?? []
      let flag = ["hallucination", "harmful advice"].randomElement(using: &rng) ?? "hallucination"
      if let i = labels.firstIndex(of: flag) { labels.remove(at: i) } else { labels.append(flag) }
      return .set(key, to: .labels(labels), on: draft)
    case 3, 4:
      let old = draft.answers["rationale"]?.text ?? ""
      let ch = ["a", "b", " ", "é", "日"].randomElement(using: &rng) ?? "a"
      let new = Bool.random(using: &rng) || old.isEmpty ? old + ch : String(old.dropLast())
      return .set(AnswerKey("rationale"), to: .text(new), on: draft)
    default:
      let old = StatusState(draft.status, skipReason: draft.skipReason)
      let new =
        draft.status == .draft
        ? (Bool.random(using: &rng)
          ? StatusState(.submitted) : StatusState(.skipped, skipReason: "unclear"))
        : StatusState(.draft)
      return .status(old: old, new: new)
    }
  }
}
