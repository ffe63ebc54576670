import Foundation
import Testing

@testable import Annotation
@testable import Codecs
@testable import Commands
@testable import Import
@testable import TaskStore
@testable import TerminalKit
@testable import TextKit
@testable import Worksheet
@testable import Workstation

@Suite struct LazyLayoutTests {
  @Test func piecesSplitBetweenCharactersAndJoinBackToTheText() {
    var g = SplitMix64(seed: 3)
    let alphabet = Array("ab cd\né日🙂 xyz")
    for _ in 0..<20 {
      let n = 300_000 + Int(g.next() % 200_000)
      let spaced = g.next() % 2 == 0
      let text = String(
        (0..<n).map { i in
          spaced ? alphabet[Int(g.next() % UInt64(alphabet.count))] : (i % 3 == 0 ? "日" : "é")
        })
      let bytes = Array(text.utf8)
      var pieces: [String] = []
      var from = 0
      while from < bytes.count {
        let end = LazyLayout.cut(bytes, from: from, size: LazyLayout.piece)
        #expect(end > from)
        let piece = Array(bytes[from..<end])
        #expect(String(validating: piece, as: UTF8.self) != nil, "a piece split a character")
        pieces.append(String(decoding: piece, as: UTF8.self))
        from = end
      }
      #expect(pieces.joined() == text)
    }
  }

  @Test func aHugeMessageShowsItsFirstScreenAndTheRestAsTheViewScrolls() throws {
    let line = "The quick brown fox jumps over the lazy dog, again and again. "
    let huge = String(repeating: line, count: 40_000)  // about 2.5 MB
    let task = ChatTask(
      id: "huge", context: [Message(role: .user, content: huge)],
      candidates: [
        Candidate(id: "a", messages: [Message(role: .assistant, content: "short")]),
        Candidate(id: "b", messages: [Message(role: .assistant, content: huge)]),
      ])
    let session = try oneTaskSession(task, preset: "pairwise", title: "lazy")
    let first = Screen.render(session, width: 120, height: 40).text
    #expect(first.contains("The quick brown fox"))
    let partialLines = ConversationPane.lines(session.scene, width: 60, need: 50).lines
    let partial = partialLines.count
    #expect(partial < 20_000)
    // What is not laid out yet is stood for by one line saying how much is left.
    #expect(
      partialLines.contains { $0.spans.plainText.hasSuffix("MB more; scrolling on lays it out") })
    let whole = ConversationPane.lines(session.scene, width: 60).lines
    #expect(whole.count > partial)
    #expect(!whole.contains { $0.spans.plainText.contains("scrolling on lays it out") })
  }
}
