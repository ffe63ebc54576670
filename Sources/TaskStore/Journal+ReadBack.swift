import Annotation
import Platform

/// Reading a journal back past a task's newest line: the newest state by time after
/// a merge put lines out of order, the state before the last change (undo after a
/// reopen), and a snapshot's time read from its bytes.
extension Journal {
  /// A task's newest state over all its lines, in line order (each edit on the state
  /// before it), picked by `Annotation.supersedes`: the reader for a merged journal.
  func newest(of taskId: String, in candidates: [JournalScan.Line]) -> JournalRecord? {
    var current: JournalRecord?
    var best: JournalRecord?
    for line in candidates {
      switch readLine(line) {
      case .snapshot(let r)?
      where r.annotation.taskId == taskId
        && (annotator == nil || r.annotation.annotator == annotator):
        current = r
      case .edit(var e)?:
        guard let c = current else { continue }
        e.taskId = taskId
        e.annotator = c.annotation.annotator
        guard let next = e.apply(to: c.annotation) else { continue }
        current = JournalRecord(annotation: next, pos: c.pos, edit: e)
      default: continue
      }
      if let c = current, best.map({ c.annotation.supersedes($0.annotation) }) ?? true { best = c }
    }
    return best
  }

  /// A task's record as it was before its newest line: what undoing the last change
  /// of an earlier run goes back to. Nil when the newest line is the task's first
  /// (or nothing before it can be read). Reads only; sets nothing aside.
  public func previousRecord(for taskId: String) -> JournalRecord? {
    guard let all = lines[taskId], all.count >= 2 else { return nil }
    var edits: [TextEdit] = []
    var base: JournalRecord?
    for line in all.dropLast().reversed() {
      switch readLine(line) {
      case .snapshot(let r)?
      where r.annotation.taskId == taskId
        && (annotator == nil || r.annotation.annotator == annotator):
        base = r
      case .edit(let e)?: edits.append(e)
      default: continue
      }
      if base != nil { break }
    }
    guard var state = base else { return nil }
    for e in edits.reversed() {
      var edit = e
      edit.taskId = taskId
      edit.annotator = state.annotation.annotator
      if let next = edit.apply(to: state.annotation) {
        state = JournalRecord(annotation: next, pos: state.pos, edit: edit)
      }
    }
    return state
  }

  /// A snapshot line's `updated` time, read from its bytes without decoding (nil for
  /// an edit line, or one whose time has escapes).
  func updated(of line: JournalScan.Line) -> String? {
    let n = line.json.upperBound - line.start
    guard n > 9, readFD >= 0, !editLines.contains(line.number) else { return nil }
    var bytes = [UInt8](repeating: 0, count: n)
    let got = bytes.withUnsafeMutableBytes { pread(readFD, $0.baseAddress, n, off_t(line.start)) }
    guard got == n, !bytes[9...].starts(with: JournalLine.editPrefix) else { return nil }
    let fast = bytes.withUnsafeBufferPointer { buf in
      buf.baseAddress.flatMap { JournalScan.updated($0, 9..<n) }
    }
    // A time with escapes in it is left to the decoder.
    if let fast { return fast }
    if case .snapshot(let r)? = readLine(line) { return r.annotation.updated }
    return nil
  }
}
