/// Choice options that name a shown candidate by its letter ("A", "B much better").
///
/// Letters follow each annotator's shuffle, so a letter alone means nothing
/// once the answer leaves the screen. Such an answer is stored with the letter
/// replaced by the candidate's id in braces (`{b} much better`), shown again
/// with the letter it has on this annotator's screen, and exported by id
/// (`b much better`). Answers saved before this rule, with the shown letter,
/// are read through the annotation's `order_shown`.
public enum CandidateChoice {
  /// The 0-based shown position an option refers to, when it begins with a lone capital letter.
  public static func position(_ option: String) -> Int? {
    let u = Array(option.utf8.prefix(2))
    guard let first = u.first, (0x41...0x5A).contains(first), u.count == 1 || u[1] == 0x20 else {
      return nil
    }
    return Int(first - 0x41)
  }

  /// The value to store for an option chosen on screen.
  public static func stored(_ option: String, order: [String]) -> String {
    guard let i = position(option), i < order.count else { return option }
    return "{" + order[i] + "}" + option.dropFirst()
  }

  /// The option a stored value stands for on this annotator's screen; nil when it is none of them.
  public static func shown(_ value: String, options: [String], order: [String]) -> String? {
    options.first { $0 == value || stored($0, order: order) == value }
  }

  /// A stored value with its candidate as an id (for exports), and that candidate.
  public static func byCandidate(_ value: String, order: [String]) -> (
    text: String, candidate: String?
  ) {
    if value.hasPrefix("{") {
      for id in order where value.hasPrefix("{" + id + "}") {
        return (id + value.dropFirst(id.count + 2), id)
      }
      return (value, nil)
    }
    guard let i = position(value), i < order.count else { return (value, nil) }
    return (order[i] + value.dropFirst(), order[i])
  }
}
