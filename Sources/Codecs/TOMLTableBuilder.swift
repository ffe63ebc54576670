import Platform

/// A table while the document is parsed: a reference, so filling it never copies its parents.
final class TOMLTableBuilder {
  enum Slot {
    case value(TOMLValue)
    case table(TOMLTableBuilder)
    /// An array of tables, with the line of its first `[[header]]`.
    case tables(TableList, line: Int)
  }

  /// The tables of an array of tables, in a box so appending never copies them.
  final class TableList {
    var items: [TOMLTableBuilder] = []
  }

  let line: Int
  private var order: [String] = []
  private var slots: [String: Slot] = [:]

  init(line: Int) { self.line = line }

  /// The table a key names, created when missing; the newest table of an array of tables.
  func child(_ key: String, line: Int) throws(TOMLError) -> TOMLTableBuilder {
    switch slots[key] {
    case .table(let t): return t
    case .tables(let ts, _):
      if let last = ts.items.last { return last }
      throw TOMLError(line: line, message: "\"\(key)\" is an empty array of tables")
    case .value:
      throw TOMLError(line: line, message: "\"\(key)\" is already a value, not a table")
    case nil:
      let t = TOMLTableBuilder(line: line)
      order.append(key)
      slots[key] = .table(t)
      return t
    }
  }

  /// The table at a dotted path, creating the missing ones.
  func table(at path: [String], line: Int) throws(TOMLError) -> TOMLTableBuilder {
    var t = self
    for k in path { t = try t.child(k, line: line) }
    return t
  }

  /// Appends a new table to the array of tables at a path.
  func appendTable(_ path: [String], line: Int) throws(TOMLError) -> TOMLTableBuilder {
    guard let last = path.last else { return self }
    let parent = try table(at: Array(path.dropLast()), line: line)
    let new = TOMLTableBuilder(line: line)
    switch parent.slots[last] {
    case nil:
      let list = TableList()
      list.items.append(new)
      parent.order.append(last)
      parent.slots[last] = .tables(list, line: line)
    case .tables(let list, _):
      list.items.append(new)
    default:
      throw TOMLError(
        line: line, message: "\"\(last)\" is already defined and is not an array of tables")
    }
    return new
  }

  /// Sets a value at a dotted key; a key set twice is an error.
  func insert(_ path: [String], _ v: TOMLValue, line: Int) throws(TOMLError) {
    guard let last = path.last else { return }
    let parent = try table(at: Array(path.dropLast()), line: line)
    guard parent.slots[last] == nil else {
      throw TOMLError(line: line, message: "the key \"\(last)\" is defined twice")
    }
    parent.order.append(last)
    parent.slots[last] = .value(v)
  }

  /// The finished table, keys in the order written.
  func build() -> TOMLTable {
    var out = TOMLTable(line: line)
    for k in order {
      switch slots[k] {
      case .value(let v): out.set(k, v)
      case .table(let t): out.set(k, TOMLValue(kind: .table(t.build()), line: t.line))
      case .tables(let ts, let first):
        out.set(
          k,
          TOMLValue(
            kind: .array(ts.items.map { TOMLValue(kind: .table($0.build()), line: $0.line) }),
            line: first))
      case nil: break
      }
    }
    return out
  }
}
