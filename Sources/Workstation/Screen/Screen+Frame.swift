import Annotation
import TerminalKit
import Worksheet

/// Where the panes go: a pure function of the scene and the size, shared by
/// `render` and by the session's settling.
extension Screen {
  /// Where the panes go at a size, and how the candidates are drawn: a pure function
  /// of the session, shared by `render` and by the session's settling.
  struct Frame {
    var layout: Layout
    var panes: [Pane: Rect] = [:]
    /// How the candidates are drawn; nil when their pane is not on screen.
    var candidates: CandidatesPane.Shown?
    /// One pane at a time: the strip above it with the user's last turn.
    var asked: Rect?
  }

  /// The frame for a size; `forcing` asks what a view would look like (for cycling views).
  static func frame(_ s: Scene, width: Int, height: Int, forcing: CandidatesView? = nil)
    -> Frame
  {
    let layout = Layout.of(width: width, height: height)
    var f = Frame(layout: layout)
    guard layout != .tooSmall else { return f }
    let body = Rect(x: 0, y: 1, width: width, height: height - 3)
    let view = forcing ?? s.candidates.view
    let n = s.order.count
    if s.desk != nil { return reviewFrame(s, f, body: body, view: view) }
    // Side by side gets its own arrangement: the candidates take the width under the conversation.
    if n >= 2, s.editor == nil, view == .auto || view == .columns, layout != .narrow {
      // Wide: the conversation over the candidates on the left, the form on the right.
      // Medium: the conversation and the form over the candidates.
      let cols = body.split(.horizontal, [.min(20), .fixed(max(34, width * 22 / 100))])
      let least = layout == .wide ? max(6, body.height * 30 / 100) : max(8, body.height * 40 / 100)
      func arrange(top: Int) -> [Pane: Rect] {
        if layout == .wide {
          let left = cols[0].split(.vertical, [.fixed(top), .min(6)])
          return [.conversation: left[0], .candidates: left[1], .form: cols[1]]
        }
        let rows = body.split(.vertical, [.fixed(top), .min(6)])
        let split = rows[0].split(.horizontal, [.percent(55), .min(20)])
        return [.conversation: split[0], .form: split[1], .candidates: rows[1]]
      }
      // The columns' width, when they fit in the candidates' pane.
      func columns(_ rects: [Pane: Rect]) -> Int? {
        let inner = inside(rects[.candidates] ?? body)
        let fits =
          view == .columns
          ? CandidatesPane.columnWidth(n, in: inner.width) >= 24
          : CandidatesPane.columnsFit(n, width: inner.width)
        return fits ? CandidatesPane.columnWidth(n, in: inner.width) : nil
      }
      // The candidates' width does not depend on how the rows are shared, so whether
      // the columns fit is known before any text is laid out to share them: a frame
      // that will not show columns lays out nothing at their width.
      if columns(arrange(top: least)) != nil {
        let top = shareRows(
          s, height: body.height, least: least,
          conversation: layout == .wide ? cols[0].width : body.width * 55 / 100,
          candidates: layout == .wide ? cols[0].width : body.width)
        let rects = arrange(top: top)
        if let column = columns(rects) {
          f.panes = rects
          f.candidates = .columns(width: column)
          return f
        }
      }
    }
    // With no candidates and nothing written, the middle pane has nothing to show:
    // it takes no space (and Tab passes it by, `Session.panes`).
    if !s.tabs.contains(.candidates), layout != .narrow {
      if layout == .wide {
        let cols = body.split(.horizontal, [.percent(60), .min(20)])
        f.panes = [.conversation: cols[0], .form: cols[1]]
      } else {
        let rows = body.split(.vertical, [.min(6), .fixed(max(8, body.height * 2 / 5))])
        f.panes = [.conversation: rows[0], .form: rows[1]]
      }
      return f
    }
    switch layout {
    case .wide:
      let cols = body.split(.horizontal, [.percent(34), .percent(40), .min(20)])
      f.panes = [.conversation: cols[0], .candidates: cols[1], .form: cols[2]]
    case .medium:
      let rows = body.split(.vertical, [.min(6), .fixed(max(8, body.height * 2 / 5))])
      let top = rows[0].split(.horizontal, [.percent(45), .min(20)])
      f.panes = [.conversation: top[0], .candidates: top[1], .form: rows[1]]
    default:
      // One pane at a time under a row of tabs; above any other pane, the user's
      // last turn, so the task's question is on screen whichever pane is focused.
      var area = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
      let most = max(3, area.height / 4)
      if s.focus != .conversation, area.height >= 14,
        let asked = ConversationPane.lastUserTurn(s, width: max(4, area.width - 4), need: most)
      {
        let rows = min(asked.lines.count + 2, most)
        f.asked = Rect(x: area.x, y: area.y, width: area.width, height: rows)
        area = Rect(x: area.x, y: area.y + rows, width: area.width, height: area.height - rows)
      }
      f.panes = [s.focus: area]
    }
    if let r = f.panes[.candidates], s.task?.candidates.isEmpty == false {
      f.candidates = CandidatesPane.shown(s, inner: inside(r), view: view)
    }
    return f
  }

  /// Rows for the conversation above side-by-side candidates: at least `least`, and
  /// more while the conversation would be cut and the candidates below have rows to spare.
  static func shareRows(_ s: Scene, height: Int, least: Int, conversation: Int, candidates: Int)
    -> Int
  {
    let wanted =
      ConversationPane.lines(s, width: max(4, conversation - 4), need: height).lines.count + 2
    guard wanted > least else { return least }
    let column = max(4, CandidatesPane.columnWidth(s.order.count, in: max(4, candidates - 4)))
    let longest =
      s.order.map { CandidatesPane.body(s, $0, width: column, need: height).count }.max() ?? 0
    let below = longest + CandidatesPane.headerRows(s) + 2
    return max(least, min(wanted, height - max(6, below)))
  }

  /// The review screen: the conversation and candidates above, every annotator's
  /// answer and the final answer below; one pane at a time when narrow.
  static func reviewFrame(_ s: Scene, _ frame: Frame, body: Rect, view: CandidatesView)
    -> Frame
  {
    var f = frame
    if f.layout == .narrow {
      f.panes = [
        s.focus: Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
      ]
    } else {
      let rows = body.split(.vertical, [.percent(48), .min(8)])
      let top = rows[0].split(.horizontal, [.percent(40), .min(20)])
      let bottom = rows[1].split(.horizontal, [.min(30), .fixed(max(40, body.width * 34 / 100))])
      f.panes = [.conversation: top[0], .candidates: top[1], .answers: bottom[0], .form: bottom[1]]
    }
    if let r = f.panes[.candidates], s.task?.candidates.isEmpty == false {
      f.candidates = CandidatesPane.shown(
        s, inner: inside(r), view: view == .columns ? .auto : view)
    }
    return f
  }

  /// The inside of a boxed pane.
  static func inside(_ r: Rect) -> Rect {
    guard r.width >= 4 && r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
    return Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
  }
}
