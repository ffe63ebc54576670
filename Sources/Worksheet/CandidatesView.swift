/// How the annotator asked to see the candidates (remembered per annotator).
package enum CandidatesView: String, CaseIterable, Sendable {
  /// Side by side when wide enough, else stacked when all fit, else one at a time.
  case auto
  case columns
  case stacked
  case single

  package var name: String {
    switch self {
    case .auto: return "automatic"
    case .columns: return "side by side"
    case .stacked: return "stacked"
    case .single: return "one at a time"
    }
  }
}
