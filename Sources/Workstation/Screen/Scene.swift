import Annotation
import Commands
import Reports
import Worksheet

/// What the panes draw from: a value Screen builds from the session for each frame
/// (and the session for settling scrolls). A pane's `draw` and `settled` read this
/// and nothing else: never the session, the store or a journal.
struct Scene {
  /// The task as stored (word counts, a rewrite's original), and as drawn (masked parts replaced).
  let task: ChatTask?
  let shown: ChatTask?
  /// The task's answers and the focused candidate.
  let sheet: Sheet
  let focus: Pane
  /// The panes Tab walks (a pane with nothing to show takes none).
  let tabs: [Pane]
  let keymap: Keymap
  let cache: RenderCache
  /// The term searched for, highlighted in the panes.
  let searchTerm: String?
  let overlay: Overlay
  let editor: EditorPane?
  /// Each pane's own state: scroll, focused row, view.
  let conversation: ConversationPane
  let candidates: CandidatesPane
  let formPane: FormPane
  /// The review screen's desk (nil outside review).
  let desk: ReviewDesk?
  /// The reviewers' decisions with how their letters read here (only while `:feedback` shows).
  let feedback: [(decision: Annotation, legend: String?)]
  /// Letters for options past 9.
  let freeLetters: [Character]

  var form: Form { sheet.form }
  var draft: Annotation { sheet.draft }
  /// Candidate ids in screen order.
  var order: [String] { sheet.order }
  var validation: ValidationReport? { sheet.validation }
  /// The task on screen as a review item (nil outside review).
  var reviewItem: ReviewItem? { task.flatMap { desk?.items[$0.id] } }

  /// The key for each option of a choice or labels question: 1 to 9, then free letters.
  func optionKeys(_ count: Int) -> [Character] { FormPane.optionKeys(count, free: freeLetters) }

  /// An annotator as the screen names them ("Annotator N" while names are hidden).
  func name(_ i: Int, _ a: Annotation) -> String { desk?.name(i, a) ?? a.annotator }
}

extension Session {
  /// What the panes draw from now.
  var scene: Scene {
    var notes: [(decision: Annotation, legend: String?)] = []
    if case .feedback = overlay {
      notes = flow.review.feedback.map { ($0, flow.reviewerLetters($0)) }
    }
    return Scene(
      task: task, shown: shown, sheet: sheet, focus: focus, tabs: panes, keymap: keymap,
      cache: cache, searchTerm: pending.search.term, overlay: overlay, editor: editor,
      conversation: conversation, candidates: candidates, formPane: formPane,
      desk: flow.review.desk,
      feedback: notes, freeLetters: freeLetters)
  }
}
