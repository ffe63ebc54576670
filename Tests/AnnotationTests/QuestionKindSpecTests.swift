import Testing

@testable import Annotation

/// A question's table as plain values, so the kinds' reading is tested without TOML.
private struct Fields: KindFields {
  struct Failure: Error, Equatable {
    var field: String
    var message: String
  }
  var values: [String: Any] = [:]

  func bool(_ key: String) throws(Failure) -> Bool? { values[key] as? Bool }
  func int(_ key: String) throws(Failure) -> Int? { values[key] as? Int }
  func strings(_ key: String) throws(Failure) -> [String]? { values[key] as? [String] }
  func pointLabels(lo: Int, hi: Int) throws(Failure) -> [Int: String] {
    values["labels"] as? [Int: String] ?? [:]
  }
  func failure(_ keys: [String], _ message: String) -> Failure {
    Failure(field: keys.first ?? "", message: message)
  }
}

@Suite struct QuestionKindSpecTests {
  /// The least each kind needs in the form file.
  private static var minimal: [QuestionKind.Name: [String: Any]] {
    [.choice: ["options": ["yes", "no"]], .labels: ["options": ["toxic", "wrong"]]]
  }

  @Test func everyNameReadsToAKindOfThatName() throws {
    for name in QuestionKind.Name.allCases {
      let kind = try name.spec.read(Fields(values: Self.minimal[name] ?? [:]))
      #expect(kind.name == name.rawValue)
      #expect(type(of: kind.spec).name == name.rawValue)
      #expect(type(of: kind.spec).fileKeys == name.spec.fileKeys)
    }
  }

  @Test func defaultsAreTheDocumentedOnes() throws {
    #expect(try QuestionKind.Name.rating.spec.read(Fields()) == .rating(lo: 1, hi: 5, labels: [:]))
    #expect(
      try QuestionKind.Name.ranking.spec.read(Fields())
        == .ranking(
          RankingOptions(allowTies: true, allowPartial: false, allowNoneAcceptable: false)))
    #expect(
      try QuestionKind.Name.preference.spec.read(Fields())
        == .preference(points: 5, labels: PreferenceAnswer.defaultLabels(points: 5)))
    #expect(try QuestionKind.Name.text.spec.read(Fields()) == .text(minLength: 0))
    #expect(QuestionKind.Name.rewrite.spec.defaultScope == .candidate)
    #expect(QuestionKind.Name.rating.spec.defaultScope == .task)
  }

  @Test func badSettingsNameTheirField() {
    #expect(
      throws: Fields.Failure(
        field: "points",
        message:
          "a preference scale has an odd number of points from 3 to 9 (the middle one is \"about the same\")"
      )
    ) {
      try QuestionKind.Name.preference.spec.read(Fields(values: ["points": 4]))
    }
    #expect(
      throws: Fields.Failure(
        field: "min", message: "the scale's low end (5) is above its high end (2)")
    ) {
      try QuestionKind.Name.rating.spec.read(Fields(values: ["min": 5, "max": 2]))
    }
    #expect(throws: Fields.Failure(field: "options", message: "options must be distinct")) {
      try QuestionKind.Name.choice.spec.read(Fields(values: ["options": ["a", "a"]]))
    }
    #expect(throws: Fields.Failure(field: "harm", message: "\"rude\" is not one of the options")) {
      try QuestionKind.Name.labels.spec.read(
        Fields(values: ["options": ["toxic"], "harm": ["rude"]]))
    }
    #expect(throws: Fields.Failure(field: "options", message: "a labels question needs options")) {
      try QuestionKind.Name.labels.spec.read(Fields())
    }
  }

  @Test func orderingKindsRefuseAPerCandidateScope() {
    for name in QuestionKind.Name.allCases {
      let refused = name.spec.refusal(of: .candidate) != nil
      #expect(refused == (name == .ranking || name == .preference), "\(name)")
      #expect(name.spec.refusal(of: .task) == nil)
    }
  }

  @Test func anAnswerOfAnotherKindIsNamedAsTheKindExpected() throws {
    let context = AnswerContext(task: Fixtures.task, candidate: nil, order: ["c1", "c2", "c3"])
    for name in QuestionKind.Name.allCases {
      let kind = try name.spec.read(Fields(values: Self.minimal[name] ?? [:]))
      // A turn answers no question but a turn; every kind refuses it but the turn kind.
      let other: Answer = name == .turn ? .rating(3) : .turn(0)
      #expect(kind.spec.problem(with: other, in: context) == "expects a \(name.rawValue) answer")
    }
  }

  @Test func eachKindAnswersWithItsOwnKeys() throws {
    let keys = try QuestionKind.Name.allCases.map {
      try $0.spec.read(Fields(values: Self.minimal[$0] ?? [:])).keys
    }
    #expect(
      keys == [
        .ranks, .preference(points: 5), .scale(lo: 1, hi: 5), .oneOf(["yes", "no"]),
        .anyOf(["toxic", "wrong"]), .written, .rewritten, .written, .turn,
      ])
  }

  @Test func mergesFollowEachKindsRule() {
    func submitted(_ answers: [Answer], _ q: String) -> [Annotation] {
      answers.enumerated().map { i, a in
        var x = Annotation(taskId: "t1", annotator: "a\(i)", status: .submitted)
        x.answers[q] = a
        return x
      }
    }
    let rating = Question(id: "r", title: "R", kind: .rating(lo: 1, hi: 5, labels: [:]))
    #expect(
      rating.kind.spec.merge(
        submitted([.rating(2), .rating(5), .rating(3), .rating(4)], "r"), rating, candidates: [],
        rule: .rankedPairs) == [AnswerKey("r"): .rating(3)])
    let choice = Question(id: "c", title: "C", kind: .choice(options: ["x", "y"]))
    #expect(
      choice.kind.spec.merge(
        submitted([.choice("x"), .choice("y")], "c"), choice, candidates: [], rule: .rankedPairs
      )
      .isEmpty)
    let labels = Question(id: "l", title: "L", kind: .labels(options: ["p", "q"], harm: []))
    #expect(
      labels.kind.spec.merge(
        submitted([.labels(["p"]), .labels(["p", "q"]), .labels([])], "l"), labels,
        candidates: [], rule: .rankedPairs) == [AnswerKey("l"): .labels(["p"])])
    let text = Question(id: "t", title: "T", kind: .text(minLength: 0))
    #expect(
      text.kind.spec.merge(
        submitted([.text("a"), .text("a")], "t"), text, candidates: [], rule: .majority
      )
      .isEmpty)
  }

  @Test func theReviewListShowsAnswersInAFewWords() {
    let order = ["c2", "c1"]
    #expect(
      QuestionKind.ranking(RankingOptions()).spec.brief(
        .ranking(Ranking(tiers: [["c1"], ["c2"]])), order: order) == AnswerBrief("B > A", .firm))
    #expect(
      QuestionKind.rating(lo: 1, hi: 7, labels: [7: "great"]).spec.brief(.rating(7), order: order)
        == AnswerBrief("7 of 7 (great)", .firm))
    #expect(
      QuestionKind.labels(options: ["x"], harm: []).spec.brief(.labels([]), order: order)
        == AnswerBrief("none", .quiet))
    #expect(QuestionKind.text(minLength: 0).spec.brief(.text(""), order: order) == nil)
    #expect(
      QuestionKind.rewrite.spec.brief(.text("two words"), order: order)
        == AnswerBrief("rewritten (2 words)", .changed))
  }
}
