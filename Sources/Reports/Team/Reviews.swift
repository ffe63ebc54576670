import Annotation
import Codecs
import Platform
import TaskStore

/// One task for review: the annotators' submitted answers and how far they agree.
public struct ReviewItem: Sendable {
  public var taskId: String
  /// The task's 0-based position in the store.
  public var position: Int
  /// Submitted answers, by annotator name: held, or read from the journals' digests
  /// when asked for (the review screen's queue of a month's work holds none); empty
  /// when the queue was asked for without them.
  public var answers: [Annotation] {
    get { held ?? source?.submitted(to: taskId) ?? [] }
    set {
      held = newValue
      source = nil
    }
  }
  /// Who submitted an answer, in name order.
  public var annotators: [String]
  /// `Consensus.taskAgreement` of the answers (nil: nothing to compare).
  public var agreement: Double?
  var held: [Annotation]?
  var source: AnswerSource?

  /// An item holding its answers.
  public init(
    taskId: String, position: Int, answers: [Annotation], annotators: [String], agreement: Double?
  ) {
    self.taskId = taskId
    self.position = position
    self.annotators = annotators
    self.agreement = agreement
    held = answers
  }

  /// An item whose answers are read from `source` when asked for.
  init(
    taskId: String, position: Int, annotators: [String], agreement: Double?, source: AnswerSource?
  ) {
    self.taskId = taskId
    self.position = position
    self.annotators = annotators
    self.agreement = agreement
    self.source = source
  }
}

/// The submitted answers of review items, read from the digests as each task is
/// shown; the last task's are kept, since a frame asks for them several times.
final class AnswerSource: @unchecked Sendable {
  let team: JournalDigests
  private let lock = Lock()
  private var last: (id: String, answers: [Annotation])?

  init(_ team: JournalDigests) { self.team = team }

  func submitted(to id: String) -> [Annotation] {
    lock.withLock {
      if let last, last.id == id { return last.answers }
      let answers = Reviews.submitted(team, to: id)
      last = (id, answers)
      return answers
    }
  }
}

/// Reviewers' decisions (`reviews/NAME.jsonl`) and the tasks that need one.
public enum Reviews {
  /// Below this task agreement a task goes to review (Potato's adjudication threshold).
  public static let defaultThreshold = 0.75

  /// Every annotator's newest answer to a task, where it is submitted, in name order.
  public static func submitted(_ team: JournalDigests, to id: String) -> [Annotation] {
    team.answers(to: id, status: .submitted)
  }

  /// Each task's newest decision over every reviewer (a decision withdrawn by undo does not count).
  public static func decisions(_ root: URL) throws -> [String: Annotation] {
    var out: [String: Annotation] = [:]
    let reviews = try JournalDigests.reviews(root)
    for name in reviews.names {
      reviews.byName[name]?.forEach { a in
        guard a.status == .submitted, a.review != nil else { return }
        if let have = out[a.taskId], have.updated >= a.updated { return }
        out[a.taskId] = a
      }
    }
    return out
  }

  /// The tasks two or more annotators submitted whose agreement is below `threshold`
  /// (every one with `all`), the most disagreement first, then in store order.
  /// With `keepAnswers` false the items carry no answers (a million of them do not fit).
  public static func queue(
    _ store: Store, threshold: Double = defaultThreshold, all: Bool = false,
    team: JournalDigests? = nil,
    keepAnswers: Bool = true
  ) throws -> [ReviewItem] {
    let team = try team ?? JournalDigests.annotations(store.root)
    store.indexNow()
    let items = try AnsweredTasks.walk(
      store.root, files: store.files, answers: team, start: [ReviewItem]()
    ) { items, t in
      guard let item = Reviews.item(t, keepAnswers: keepAnswers),
        all || (item.agreement.map { $0 < threshold } ?? false)
      else { return }
      items.append(item)
    } merge: {
      $0 += $1
    }
    return items.sorted { ($0.agreement ?? 1, $0.position) < ($1.agreement ?? 1, $1.position) }
  }

  /// A walked task as a review item, with how far its submitted answers agree: nil
  /// when fewer than two annotators submitted one, or the store cannot open the task.
  package static func item(_ t: AnsweredTask, keepAnswers: Bool) -> ReviewItem? {
    let answers = t.submitted
    guard answers.count >= 2, let position = t.position, let task = t.task, let form = t.form
    else { return nil }
    let agreement = Consensus.taskAgreement(
      answers, form: form, candidates: task.candidates.map(\.id))
    return ReviewItem(
      taskId: t.id, position: position, answers: keepAnswers ? answers : [],
      annotators: answers.map(\.annotator), agreement: agreement)
  }

  /// The queue as `queue` gives it without answers, kept under
  /// `.rubric/results/review-queue` while no input changes (`rubric review --list`
  /// prints it; the screen reads each task's answers as it shows it).
  public static func keptQueue(
    _ store: Store, threshold: Double = defaultThreshold, all: Bool = false,
    team: JournalDigests? = nil
  ) throws -> [ReviewItem] {
    func computed() throws -> [ReviewItem] {
      try queue(store, threshold: threshold, all: all, team: team, keepAnswers: false)
    }
    var fresh: [ReviewItem]?
    let bytes = try ResultCache.whole(
      store.root, kind: "review-queue", arguments: ["\(threshold)", "\(all)"], reviews: false
    ) {
      let items = try computed()
      fresh = items
      return encode(items)
    }
    if let fresh { return fresh }
    return try decode(bytes) ?? computed()
  }

  /// The review screen's queue: the kept queue, each task's answers read from the
  /// digests when it is shown. A month of a team's work (a million answers) is not
  /// held in memory.
  public static func screenQueue(
    _ store: Store, threshold: Double = defaultThreshold, all: Bool = false
  ) throws -> [ReviewItem] {
    let team = try JournalDigests.annotations(store.root)
    let source = AnswerSource(team)
    return try keptQueue(store, threshold: threshold, all: all, team: team).map {
      ReviewItem(
        taskId: $0.taskId, position: $0.position, annotators: $0.annotators,
        agreement: $0.agreement, source: source)
    }
  }

  /// Queue items without their answers, for the result cache. Each name is written
  /// once, in a table at the start; an item lists its annotators by place in it
  /// (a month's queue names the same fifty people on every item).
  static func encode(_ items: [ReviewItem]) -> [UInt8] {
    var places: [String: Int] = [:]
    var table: [String] = []
    for item in items {
      for name in item.annotators where places[name] == nil {
        places[name] = table.count
        table.append(name)
      }
    }
    var w = ByteWriter(out: [])
    w.count(table.count)
    for name in table { w.string(name) }
    w.count(items.count)
    for item in items {
      w.string(item.taskId)
      w.unsigned(UInt64(max(0, item.position)))
      w.count(item.annotators.count)
      for name in item.annotators { w.unsigned(UInt64(places[name] ?? 0)) }
      if let a = item.agreement {
        w.byte(1)
        w.fixed(a.bitPattern)
      } else {
        w.byte(0)
      }
    }
    return w.out
  }

  /// The items `encode` wrote, or nil when the bytes do not hold them whole.
  static func decode(_ bytes: [UInt8]) -> [ReviewItem]? {
    bytes.withUnsafeBytes { raw -> [ReviewItem]? in
      var r = ByteReader(bytes: raw)
      guard let t = r.count() else { return nil }
      var table: [String] = []
      for _ in 0..<t {
        guard let name = r.string() else { return nil }
        table.append(name)
      }
      guard let n = r.count() else { return nil }
      var items: [ReviewItem] = []
      items.reserveCapacity(n)
      for _ in 0..<n {
        // A position is a number, not a count of bytes to follow: read unbounded.
        guard let id = r.string(), let position = r.unsigned(), position < UInt64(Int.max),
          let k = r.count()
        else { return nil }
        var names: [String] = []
        names.reserveCapacity(k)
        for _ in 0..<k {
          // A place, not a count: bounded by the table, not by the bytes left.
          guard let place = r.unsigned(), place < UInt64(table.count) else { return nil }
          names.append(table[Int(place)])
        }
        var agreement: Double?
        switch r.byte() {
        case 0?: break
        case 1?:
          guard let bits = r.fixed() else { return nil }
          agreement = Double(bitPattern: bits)
        default: return nil
        }
        items.append(
          ReviewItem(
            taskId: id, position: Int(position), annotators: names, agreement: agreement,
            source: nil))
      }
      return r.atEnd ? items : nil
    }
  }

  /// The decisions that ask `annotator` to answer a task again, newest first: the
  /// task's newest decision sent it back to them (`Review.sentTo`), and it is not
  /// settled since, that is, no one it was sent to has answered again so that the
  /// submitted answers now agree at `threshold` or more. (Whether the annotator's
  /// own answer is still the one judged is for the caller, who may hold a newer one.)
  /// `feedback` is `Reviews.feedback(store.root, for: annotator)` when the caller has read it already.
  public static func sentBack(
    _ store: Store, to annotator: String, threshold: Double = defaultThreshold,
    feedback: [Annotation]? = nil
  ) throws -> [Annotation] {
    let mine = try (feedback ?? self.feedback(store.root, for: annotator)).filter {
      $0.review?.isSentBack(to: annotator) == true
    }
    guard !mine.isEmpty else { return [] }
    store.indexNow()
    let team = try JournalDigests.annotations(store.root)
    return mine.filter { d in
      guard let review = d.review else { return false }
      let answers = submitted(team, to: d.taskId)
      let judged = Set(review.settles)
      let recipients = review.sentTo ?? review.settles.map(\.annotator)
      let answeredAgain = answers.contains {
        recipients.contains($0.annotator)
          && !judged.contains(Review.Settled(annotator: $0.annotator, updated: $0.updated))
      }
      guard answeredAgain, answers.count >= 2, let i = store.index(of: d.taskId),
        let task = try? store.task(at: i).task,
        let agreement = Consensus.taskAgreement(
          answers, form: store.form(for: task), candidates: task.candidates.map(\.id))
      else { return true }
      return agreement < threshold
    }
  }

  /// Decisions on an annotator's answers, newest first: what the review said about their work.
  public static func feedback(_ root: URL, for annotator: String) throws -> [Annotation] {
    try decisions(root).values.filter { d in
      d.review?.settles.contains { $0.annotator == annotator } ?? false
    }
    .sorted { ($0.updated, $0.taskId) > ($1.updated, $1.taskId) }
  }
}
