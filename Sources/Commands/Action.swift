/// Every command a keymap can bind, declared once: its name (the raw value), its
/// one-line description (`summary`) and where it works (`contexts`). The help
/// overlay, the keymap check and the README's key table all read this.
public enum Action: String, Sendable, CaseIterable {
  case help, quit, cancel
  case nextPane = "next-pane"
  case prevPane = "prev-pane"
  case submit, skip
  case nextTask = "next-task"
  case prevTask = "prev-task"
  case undo, redo
  case commandLine = "command-line"
  case search
  case editRationale = "edit-rationale"
  case suspend
  case scrollDown = "scroll-down"
  case scrollUp = "scroll-up"
  case pageDown = "page-down"
  case pageUp = "page-up"
  case halfPageDown = "half-page-down"
  case halfPageUp = "half-page-up"
  case scrollTop = "scroll-top"
  case scrollBottom = "scroll-bottom"
  case scrollLeft = "scroll-left"
  case scrollRight = "scroll-right"
  case prevCandidate = "prev-candidate"
  case nextCandidate = "next-candidate"
  case rank1 = "rank-1"
  case rank2 = "rank-2"
  case rank3 = "rank-3"
  case rank4 = "rank-4"
  case rank5 = "rank-5"
  case rank6 = "rank-6"
  case rank7 = "rank-7"
  case rank8 = "rank-8"
  case rank9 = "rank-9"
  case unrank
  case toggleNoneAcceptable = "toggle-none-acceptable"
  case rewrite
  case rewriteExternal = "rewrite-external"
  case diff
  case cycleView = "cycle-view"
  case toggleLinkedScroll = "toggle-linked-scroll"
  case accept
  case nextQuestion = "next-question"
  case prevQuestion = "prev-question"
  case decrease, increase
  case pick1 = "pick-1"
  case pick2 = "pick-2"
  case pick3 = "pick-3"
  case pick4 = "pick-4"
  case pick5 = "pick-5"
  case pick6 = "pick-6"
  case pick7 = "pick-7"
  case pick8 = "pick-8"
  case pick9 = "pick-9"
  case toggle
  case pickTurn = "pick-turn"
  case nextTurn = "next-turn"
  case prevTurn = "prev-turn"
  case editorLeave = "editor-leave"
  case editorSubmit = "editor-submit"
  case editorNormalMode = "editor-normal-mode"
  case editorInsertMode = "editor-insert-mode"
  case editorAppend = "editor-append"
  case editorAppendLineEnd = "editor-append-line-end"
  case editorOpenLine = "editor-open-line"
  case deleteLine = "delete-line"
  case cursorLeft = "cursor-left"
  case cursorRight = "cursor-right"
  case cursorUp = "cursor-up"
  case cursorDown = "cursor-down"
  case wordLeft = "word-left"
  case wordRight = "word-right"
  case lineStart = "line-start"
  case lineEnd = "line-end"
  case textStart = "text-start"
  case textEnd = "text-end"
  case deleteBack = "delete-back"
  case deleteForward = "delete-forward"
  case deleteWordBack = "delete-word-back"
  case killLine = "kill-line"
  case newline
  case take1 = "take-1"
  case take2 = "take-2"
  case take3 = "take-3"
  case take4 = "take-4"
  case take5 = "take-5"
  case take6 = "take-6"
  case take7 = "take-7"
  case take8 = "take-8"
  case take9 = "take-9"
  case editFinal = "edit-final"
  case sendBack = "send-back"
  case hideNames = "hide-names"
  case prevAnswer = "prev-answer"
  case nextAnswer = "next-answer"
  case reveal
  case revealAll = "reveal-all"
  case takeBreak = "take-break"
  case showPace = "show-pace"

  /// The one-line description shown on the help screen.
  public var summary: String {
    switch self {
    case .help: return "show or hide this help"
    case .quit: return "quit (everything is already saved)"
    case .cancel: return "cancel the prompt or close the overlay"
    case .nextPane: return "focus the next pane"
    case .prevPane: return "focus the previous pane"
    case .submit: return "submit and go to the next unfinished task"
    case .skip: return "skip the task, with a one-line reason"
    case .nextTask: return "next task, without submitting"
    case .prevTask: return "previous task, without submitting"
    case .undo: return "undo the last change (including submit and skip)"
    case .redo: return "redo the last undone change"
    case .commandLine:
      return "command line (" + LineCommand.table.map { ":" + $0.name }.joined(separator: ", ")
        + ")"
    case .search: return "search the task's text"
    case .editRationale: return "edit the first text answer (rationale)"
    case .suspend: return "suspend to the shell (fg to return)"
    case .scrollDown: return "scroll down a line"
    case .scrollUp: return "scroll up a line"
    case .pageDown: return "scroll down a page"
    case .pageUp: return "scroll up a page"
    case .halfPageDown: return "scroll down half a page"
    case .halfPageUp: return "scroll up half a page"
    case .scrollTop: return "scroll to the top"
    case .scrollBottom: return "scroll to the bottom"
    case .scrollLeft: return "scroll code blocks left"
    case .scrollRight: return "scroll code blocks right"
    case .prevCandidate: return "focus the previous candidate"
    case .nextCandidate: return "focus the next candidate"
    case .rank1, .rank2, .rank3, .rank4, .rank5, .rank6, .rank7, .rank8, .rank9:
      return Action.rankSummary("\(rankNumber ?? 0)")
    case .unrank: return "remove the focused candidate from the ranking"
    case .toggleNoneAcceptable: return "toggle \"none acceptable\""
    case .rewrite: return "rewrite the focused candidate in the built-in editor"
    case .rewriteExternal: return "rewrite the focused candidate in $VISUAL or $EDITOR"
    case .diff:
      return "word differences of the focused candidate and the next (in place when side by side)"
    case .cycleView:
      return "candidates: automatic, side by side, stacked, one at a time (remembered)"
    case .toggleLinkedScroll: return "side by side: scroll the columns together or one at a time"
    case .accept: return "run the command, search, or skip with the reason typed"
    case .nextQuestion: return "next question (on a per-candidate grid, the next row first)"
    case .prevQuestion: return "previous question (on a per-candidate grid, the row above first)"
    case .decrease: return "lower value / previous option"
    case .increase: return "higher value / next option"
    case .pick1, .pick2, .pick3, .pick4, .pick5, .pick6, .pick7, .pick8, .pick9:
      return Action.pickSummary("\(pickNumber ?? 0)")
    case .toggle:
      return "toggle the label, or start writing the focused text answer (opens the editor)"
    case .pickTurn: return "pick the focused turn as the answer (triage)"
    case .nextTurn: return "focus the next turn of the conversation"
    case .prevTurn: return "focus the previous turn of the conversation"
    case .editorLeave: return "leave the editor (the text is kept)"
    case .editorSubmit: return "leave the editor and submit the task"
    case .editorNormalMode: return "editor: normal mode"
    case .editorInsertMode: return "editor: insert before the cursor"
    case .editorAppend: return "editor: insert after the cursor"
    case .editorAppendLineEnd: return "editor: insert at the end of the line"
    case .editorOpenLine: return "editor: open a new line below and insert"
    case .deleteLine: return "delete the whole line"
    case .cursorLeft: return "cursor left"
    case .cursorRight: return "cursor right"
    case .cursorUp: return "cursor up a line"
    case .cursorDown: return "cursor down a line"
    case .wordLeft: return "cursor to the previous word"
    case .wordRight: return "cursor to the next word"
    case .lineStart: return "cursor to the start of the line"
    case .lineEnd: return "cursor to the end of the line"
    case .textStart: return "cursor to the start of the text"
    case .textEnd: return "cursor to the end of the text"
    case .deleteBack: return "delete the character before the cursor"
    case .deleteForward: return "delete the character under the cursor"
    case .deleteWordBack: return "delete the word before the cursor"
    case .killLine: return "delete to the end of the line"
    case .newline: return "insert a line break"
    case .take1, .take2, .take3, .take4, .take5, .take6, .take7, .take8, .take9:
      return Action.takeSummary("\(takeNumber ?? 0)")
    case .editFinal:
      return "review: start the final answer from the focused annotator's, to change in the form"
    case .sendBack: return "review: send the task back to its annotators with a note"
    case .hideNames: return "review: hide or show the annotators' names"
    case .prevAnswer: return "review: focus the previous annotator's answer"
    case .nextAnswer: return "review: focus the next annotator's answer"
    case .reveal: return "show this task's masked text"
    case .revealAll: return "show every masked text for the rest of the session"
    case .takeBreak: return "take a break: a calm screen with a timer; the shift clock stops"
    case .showPace: return "your own median time per task type, today against before"
    }
  }

  /// The pane whose component carries this command out wherever the focus is
  /// (a `next-turn` bound globally still moves the conversation's turn); nil for
  /// the session's own commands and the editor's, which its text entry takes.
  /// No `default:`, so a new command must say who owns it.
  public var owner: KeyContext? {
    switch self {
    case .nextTurn, .prevTurn, .pickTurn: return .conversation
    case .prevCandidate, .nextCandidate, .toggleLinkedScroll, .diff, .cycleView: return .candidates
    case .nextQuestion, .prevQuestion, .decrease, .increase, .toggle: return .form
    case .prevAnswer, .nextAnswer, .take1, .take2, .take3, .take4, .take5, .take6, .take7, .take8,
      .take9, .editFinal, .sendBack, .hideNames:
      return .answers
    case .help, .quit, .cancel, .nextPane, .prevPane, .submit, .skip, .nextTask, .prevTask, .undo,
      .redo, .commandLine, .search, .editRationale, .suspend, .scrollDown, .scrollUp, .pageDown,
      .pageUp, .halfPageDown, .halfPageUp, .scrollTop, .scrollBottom, .scrollLeft, .scrollRight,
      .rank1, .rank2, .rank3, .rank4, .rank5, .rank6, .rank7, .rank8, .rank9, .unrank,
      .toggleNoneAcceptable, .rewrite, .rewriteExternal, .accept, .pick1, .pick2, .pick3, .pick4,
      .pick5, .pick6, .pick7, .pick8, .pick9, .editorLeave, .editorSubmit, .editorNormalMode,
      .editorInsertMode, .editorAppend, .editorAppendLineEnd, .editorOpenLine, .deleteLine,
      .cursorLeft, .cursorRight, .cursorUp, .cursorDown, .wordLeft, .wordRight, .lineStart,
      .lineEnd, .textStart, .textEnd, .deleteBack, .deleteForward, .deleteWordBack, .killLine,
      .newline, .reveal, .revealAll, .takeBreak, .showPace:
      return nil
    }
  }

  /// The keymap sections this command works in; binding it elsewhere is an error.
  public var contexts: Set<KeyContext> {
    // The sets are built once: the keymaps ask for every binding at each start.
    switch self {
    case .cancel: return Contexts.cancel
    case .undo, .redo, .quit: return Contexts.anywhere
    case .scrollDown, .scrollUp, .pageDown, .pageUp, .halfPageDown, .halfPageUp, .scrollTop,
      .scrollBottom:
      return Contexts.scrolling
    case .accept: return [.prompt]
    case .take1, .take2, .take3, .take4, .take5, .take6, .take7, .take8, .take9, .editFinal,
      .sendBack, .hideNames,
      .prevAnswer, .nextAnswer:
      return [.answers]
    case .cursorLeft, .cursorRight, .lineStart, .lineEnd, .deleteBack, .deleteWordBack:
      return Contexts.lineEditing
    case .editorLeave, .editorSubmit, .editorNormalMode, .editorInsertMode, .editorAppend,
      .editorAppendLineEnd,
      .editorOpenLine, .deleteLine, .cursorUp, .cursorDown, .wordLeft, .wordRight, .textStart,
      .textEnd,
      .deleteForward, .killLine, .newline:
      return Contexts.editing
    case .help, .nextPane, .prevPane, .submit, .skip, .nextTask, .prevTask, .commandLine, .search,
      .editRationale, .suspend, .scrollLeft, .scrollRight, .prevCandidate, .nextCandidate, .rank1,
      .rank2, .rank3, .rank4, .rank5, .rank6, .rank7, .rank8, .rank9, .unrank,
      .toggleNoneAcceptable, .rewrite, .rewriteExternal, .diff, .cycleView, .toggleLinkedScroll,
      .nextQuestion, .prevQuestion, .decrease, .increase, .pick1, .pick2, .pick3, .pick4, .pick5,
      .pick6, .pick7, .pick8, .pick9, .toggle, .pickTurn, .nextTurn, .prevTurn, .reveal,
      .revealAll, .takeBreak, .showPace:
      // The annotator's commands: in any pane's section, or global.
      return Contexts.panes
    }
  }

  /// The sets of sections `contexts` answers with.
  enum Contexts {
    static let panes: Set<KeyContext> = [.global, .conversation, .candidates, .form, .answers]
    static let editing: Set<KeyContext> = [.editor, .editorNormal]
    static let cancel = panes.union([.help, .diff, .prompt])
    static let anywhere = panes.union(editing)
    static let scrolling = panes.union([.help, .diff])
    static let lineEditing = editing.union([.prompt])
  }

  static func rankSummary(_ n: String) -> String {
    "put the focused candidate at rank \(n) (same rank = tie); in a pairwise task, answer the preference"
  }

  static func takeSummary(_ n: String) -> String {
    "review: accept annotator \(n)'s answer as the decision"
  }

  static func pickSummary(_ n: String) -> String {
    "pick value or option \(n); outside the form, answer a pairwise preference"
  }

  /// A numbered family's name and summary ("rank-N"), for tables that give the family one row.
  public var family: (name: String, summary: String)? {
    if rankNumber != nil { return ("rank-N", Action.rankSummary("N")) }
    if pickNumber != nil { return ("pick-N", Action.pickSummary("N")) }
    if takeNumber != nil { return ("take-N", Action.takeSummary("N")) }
    return nil
  }

  /// The rank for rank-N actions.
  public var rankNumber: Int? {
    guard rawValue.hasPrefix("rank-") else { return nil }
    return Int(rawValue.dropFirst(5))
  }

  /// The annotator for take-N actions.
  public var takeNumber: Int? {
    guard rawValue.hasPrefix("take-") else { return nil }
    return Int(rawValue.dropFirst(5))
  }

  /// The value for pick-N actions.
  public var pickNumber: Int? {
    guard rawValue.hasPrefix("pick-") else { return nil }
    return Int(rawValue.dropFirst(5))
  }
}
