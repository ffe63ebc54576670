/// The kind of answer a question takes; what each kind means is its specification
/// (`spec`), one file per kind in `Annotation/Kinds/`.
public enum QuestionKind: Sendable, Hashable {
  /// Tiers of candidates, best first.
  case ranking(RankingOptions)
  /// An integer on a scale lo...hi, with optional labels per point.
  case rating(lo: Int, hi: Int, labels: [Int: String])
  /// Exactly one of the options.
  case choice(options: [String])
  /// Any of the options (flags); `harm` lists the options that count as harm.
  case labels(options: [String], harm: [String])
  /// Free text, at least `minLength` characters when given.
  case text(minLength: Int)
  /// An edited copy of a candidate.
  case rewrite
  /// A new message: a prompt or an ideal reply.
  case compose
  /// One turn of the conversation (triage).
  case turn
  /// Which of two candidates is better and by how much, on an odd scale of `points`.
  case preference(points: Int, labels: [Int: String])

  /// The kind's specification, with its settings.
  public var spec: any QuestionKindSpec {
    switch self {
    case .ranking(let options): return RankingKind(options: options)
    case .rating(let lo, let hi, let labels): return RatingKind(lo: lo, hi: hi, labels: labels)
    case .choice(let options): return ChoiceKind(options: options)
    case .labels(let options, let harm): return LabelsKind(options: options, harm: harm)
    case .text(let minLength): return TextKind(minLength: minLength)
    case .rewrite: return RewriteKind()
    case .compose: return ComposeKind()
    case .turn: return TurnKind()
    case .preference(let points, let labels): return PreferenceKind(points: points, labels: labels)
    }
  }

  /// The kinds by the name the form file gives them.
  public enum Name: String, Sendable, CaseIterable {
    case ranking, preference, rating, choice, labels, text, rewrite, compose, turn

    /// The specification the name stands for.
    public var spec: any QuestionKindSpec.Type {
      switch self {
      case .ranking: return RankingKind.self
      case .preference: return PreferenceKind.self
      case .rating: return RatingKind.self
      case .choice: return ChoiceKind.self
      case .labels: return LabelsKind.self
      case .text: return TextKind.self
      case .rewrite: return RewriteKind.self
      case .compose: return ComposeKind.self
      case .turn: return TurnKind.self
      }
    }
  }

  /// The kind's name as the form file writes it.
  public var name: String { type(of: spec).name }
  /// Whether the answer is text typed in the editor.
  public var isTextual: Bool { spec.isTextual }
  /// Whether the answer orders the candidates (a ranking or a preference).
  public var isOrdering: Bool { spec.isOrdering }
  /// How agreement between annotators is measured on the answers.
  public var agreement: AgreementMeasure { spec.agreement }
  /// What the answering keys do.
  public var keys: AnswerKeys { spec.keys }
}
