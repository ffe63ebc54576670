extension Array {
  /// The element at `i`, or nil outside the array.
  package subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
