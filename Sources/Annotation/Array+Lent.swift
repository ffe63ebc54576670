extension Array {
  /// Calls `body` with each element's place and the element lent, not copied.
  ///
  /// `for x in array`, `map` and passing `array[i]` to a function copy each element:
  /// for a struct of many references, such as `Annotation`, a retain and a release
  /// per field. The team's walks visit a million annotations several times over, so
  /// their loops lend each one from the array's storage instead.
  @inlinable
  public func forEachLent(_ body: (Int, borrowing Element) throws -> Void) rethrows {
    try withUnsafeBufferPointer { elements in
      for i in elements.indices { try body(i, elements[i]) }
    }
  }
}
