/// Content categories a task can carry (`content_warnings` in the task line): a
/// small fixed vocabulary plus custom ones (lowercase words joined by `-`).
public enum ContentWarnings {
  /// The fixed vocabulary, in the order the title bar names them.
  public static let vocabulary = [
    "violence", "self-harm", "sexual", "hate", "harassment", "abuse", "drugs", "extremism",
    "profanity",
  ]

  /// The category a source's tag or label names: a word of the vocabulary when the
  /// tag says one ("violence & incitement" → violence, "hate_speech" → hate,
  /// "suicide" → self-harm), else the tag itself as a custom category; nil for an empty tag.
  public static func normalize(_ tag: String) -> String? {
    let t = tag.lowercased()
    // Words, each matched at its start: "kill" finds "killing", never "skills".
    let words =
      " " + t.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    let synonyms: [(String, [String])] = [
      ("self-harm", ["self harm", "selfharm", "suicid", "eating disorder"]),
      ("sexual", ["sexual", "sex", "porn", "nsfw"]),
      ("hate", ["hate", "racis", "slur", "discriminat"]),
      ("harassment", ["harass", "bully", "threat"]),
      ("abuse", ["abuse", "exploitation", "trafficking"]),
      ("violence", ["violen", "weapon", "gore", "murder", "kill", "terror"]),
      ("drugs", ["drug", "narcotic"]),
      ("extremism", ["extrem", "radicali"]),
      ("profanity", ["profan", "offensive language", "obscen", "toxic"]),
    ]
    for (category, starts) in synonyms where starts.contains(where: { words.contains(" " + $0) }) {
      return category
    }
    var slug = ""
    for ch in t {
      if ch.isLetter || ch.isNumber {
        slug.append(ch)
      } else if !slug.isEmpty && slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.last == "-" { slug.removeLast() }
    return slug.isEmpty ? nil : String(slug.prefix(40))
  }

  /// Categories in a stable order: the vocabulary's first, then custom ones by name, each once.
  public static func ordered(_ categories: some Sequence<String>) -> [String] {
    let set = Set(categories)
    return vocabulary.filter(set.contains) + set.subtracting(vocabulary).sorted()
  }
}
