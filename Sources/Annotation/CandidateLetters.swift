/// Letters across two people's screens: each annotator sees the candidates in
/// their own shuffle, the reviewer in the task's order, so "B" in one person's
/// note can be "A" on another's screen.
public enum CandidateLetters {
  /// How the writer's letters read on the reader's screen, as "A is your B, B is
  /// your A" (`your` names the reader); nil when both saw the same order, or
  /// either order is unknown.
  public static func legend(writer: [String], reader: [String], your: String = "your") -> String? {
    guard !writer.isEmpty, Set(writer) == Set(reader), writer != reader else { return nil }
    let pairs = writer.enumerated().map { i, id in
      "\(letter(i)) is \(your) \(candidateLetter(id, order: reader))"
    }
    return pairs.joined(separator: ", ")
  }
}
