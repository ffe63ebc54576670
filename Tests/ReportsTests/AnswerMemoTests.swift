import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Reports

/// Decoding through the memo shares the answer maps a walk meets again; what it
/// decodes is what decoding each annotation afresh gives, whatever the memo holds.
@Suite struct AnswerMemoTests {
  /// Encodes `a` alone.
  func bytes(_ a: Annotation) -> [UInt8] {
    var out: [UInt8] = []
    AnnotationBinary.encode(a, into: &out)
    return out
  }

  func decode(_ bytes: [UInt8], memo: inout AnswerMemo) -> Annotation? {
    bytes.withUnsafeBytes {
      AnnotationBinary.decode($0, annotator: nil, taskId: nil, memo: &memo)
    }
  }

  @Test func randomAnnotationsDecodeAlikeThroughAMemoOfAnySize() {
    var g = SystemRandomNumberGenerator()
    let encoded = (0..<2_000).map { _ in bytes(RandomRecords.record(&g).annotation) }
    // One place (every block evicts the one before), a few (blocks of other kinds
    // and bytes share places), and the default.
    for slots in [1, 8, AnswerMemo.defaultSlots] {
      var memo = AnswerMemo(slots: slots)
      for round in 0..<2 {
        for e in encoded {
          let fresh = e.withUnsafeBytes { AnnotationBinary.decode($0) }
          #expect(fresh != nil)
          #expect(decode(e, memo: &memo) == fresh, "slots \(slots), round \(round)")
        }
      }
      #expect(memo.lookups > 0)
      if slots == AnswerMemo.defaultSlots { #expect(memo.hits > memo.lookups / 2) }
    }
  }

  @Test func aTeamsAlikeAnswersAreSharedNotBuiltAgain() {
    var memo = AnswerMemo()
    for who in 0..<50 {
      var a = Annotation(
        taskId: "t1", annotator: "ann-\(who)", status: .submitted,
        answers: ["rank": .ranking(Ranking(tiers: [["c1"], ["c0", "c2"]]))],
        orderShown: ["c0", "c1", "c2"])
      a.candidateAnswers = [
        "overall": ["c0": .rating(who % 2), "c1": .rating(5), "c2": .rating(1)]
      ]
      #expect(decode(bytes(a), memo: &memo) == a)
    }
    // Three blocks an annotation (its answers, one question's ratings, the order
    // shown); after the first two, each is met again.
    #expect(memo.lookups == 150)
    #expect(memo.hits == 150 - 4)
  }

  @Test func longBlocksAreDecodedEveryTimeAndNeverKept() {
    var memo = AnswerMemo()
    let note = String(repeating: "a long rationale ", count: 10)
    let a = Annotation(
      taskId: "t1", annotator: "ann", status: .submitted, answers: ["note": .text(note)])
    for _ in 0..<3 { #expect(decode(bytes(a), memo: &memo) == a) }
    // Only the (empty) order shown is looked up: the answers are too long, and no
    // question is asked per candidate.
    #expect(memo.lookups == 3)
    #expect(memo.hits == 2)
  }

  @Test func unreadableBytesAreNeverKept() {
    var memo = AnswerMemo()
    let a = Annotation(
      taskId: "t1", annotator: "ann", status: .submitted, answers: ["r": .rating(3)])
    var damaged = bytes(a)
    // The answers block's single answer gets a kind no writer makes.
    guard let kind = damaged.firstIndex(of: 1) else {
      Issue.record("no rating in the bytes")
      return
    }
    damaged[kind] = 9
    #expect(decode(damaged, memo: &memo) == nil)
    #expect(decode(bytes(a), memo: &memo) == a)
    // Every cut of the bytes reads as nothing, through the memo as without it.
    let whole = bytes(a)
    for cut in 1..<whole.count {
      #expect(decode(Array(whole[..<cut]), memo: &memo) == nil)
    }
  }
}
