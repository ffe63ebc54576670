import Annotation
import Codecs
import Platform
import Reports
import TaskStore

/// A small, deterministic team store for the report's picture, its browser check
/// and its tests: eight annotators over two weeks, rankings with ratings, a prior,
/// gold tasks, ties, "none acceptable", and a reviewer's decisions.
public enum DemoTeam {
  public static let annotators = ["amara", "ben", "chen", "dara", "eli", "fatima", "gus", "hana"]

  /// Writes the store at `root` (which must not exist yet).
  public static func write(_ root: URL, tasks count: Int = 240) throws {
    try Store.create(at: root, preset: "ranking", annotator: "lead")
    var g = SplitMix64(seed: 2026)
    func roll(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    var tasks: [ChatTask] = []
    var truth: [[String]] = []
    for i in 0..<count {
      let ids = ["a", "b", "c"]
      let order = ids.shuffled(using: &g)
      let candidates = ids.map { id in
        let words = 20 + roll(120)
        return Candidate(
          id: id,
          messages: [Message(role: .assistant, content: String(repeating: "word ", count: words))])
      }
      var task = ChatTask(
        id: String(cFormat: "demo-%04d", i),
        context: [Message(role: .user, content: "Question \(i)?")],
        candidates: candidates)
      if i % 3 == 0 { task.prior = Prior(ranking: order.map { [$0] }, source: "demo judge") }
      if i % 40 == 7 { task.gold = Gold(ranking: [[order[0]]], tolerance: 0) }
      tasks.append(task)
      truth.append(order)
    }
    var lines = Data()
    for t in tasks {
      lines.append(try TaskCodec.encode(t))
      lines.append(0x0A)
    }
    try lines.write(to: root.appendingPathComponent("tasks/demo.jsonl"))
    for (n, who) in annotators.enumerated() {
      let journal = try Journal(
        url: root.appendingPathComponent("annotations/\(who).jsonl"), annotator: who)
      var data = Data()
      // Each annotator works some days; careful ones agree with the truth more often.
      let care = 55 + n * 5
      for (i, t) in tasks.enumerated() where roll(100) < 70 {
        var ranked = truth[i]
        if roll(100) >= care { ranked.swapAt(0, 1 + roll(2)) }
        var a = Annotation(
          taskId: t.id, annotator: who, status: .submitted,
          orderShown: t.candidates.map(\.id).shuffled(using: &g))
        var tiers = ranked.map { [$0] }
        if roll(100) < 8 { tiers = [[ranked[0], ranked[1]], [ranked[2]]] }
        let none = roll(100) < 3
        a.answers["rank"] = .ranking(Ranking(tiers: tiers, noneAcceptable: none))
        a.candidateAnswers["overall"] = Dictionary(
          uniqueKeysWithValues: ranked.enumerated().map {
            ($1, .rating(max(1, 7 - 2 * $0 - roll(2))))
          })
        a.activeMs = 8_000 + roll(40_000) + n * 3_000 + (roll(20) == 0 ? 200_000 : 0)
        let day = 1 + (i * 14) / max(1, tasks.count)
        a.created = String(cFormat: "2026-11-%02dT%02d:%02d:00.000Z", day, 9 + n % 6, roll(60))
        a.updated = a.created
        if roll(100) < 4 { a.revealed = false }
        data.append(try journal.line(for: JournalRecord(annotation: a)))
      }
      try data.write(to: root.appendingPathComponent("annotations/\(who).jsonl"))
    }
    // The lead's decisions on a few of the tasks most in dispute.
    let store = try Store.open(root, annotator: "lead", readOnly: true, asReviewer: true)
    let queue = try Reviews.queue(store, threshold: 0.5)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("reviews"), withIntermediateDirectories: true)
    let reviews = try Journal(
      url: root.appendingPathComponent("reviews/lead.jsonl"), annotator: "lead")
    var decided = Data()
    for (k, item) in queue.prefix(12).enumerated() {
      let decision: Review.Decision = k % 4 == 0 ? .sentBack : k % 4 == 1 ? .edited : .accepted
      var d = Annotation(taskId: item.taskId, annotator: "lead", status: .submitted)
      d.review = Review(
        decision: decision,
        settles: item.answers.map { Review.Settled(annotator: $0.annotator, updated: $0.updated) },
        accepted: decision == .accepted ? item.answers.first?.annotator : nil,
        note: decision == .sentBack ? "Read B again: it answers the question." : nil,
        agreement: item.agreement)
      d.answers = item.answers.first?.answers ?? [:]
      d.updated = "2026-11-15T10:00:00.000Z"
      decided.append(try reviews.line(for: JournalRecord(annotation: d)))
    }
    try decided.write(to: root.appendingPathComponent("reviews/lead.jsonl"))
  }
}
