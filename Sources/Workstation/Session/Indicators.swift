import Worksheet

/// What the title and status lines track between frames.
struct Indicators {
  /// When the last save was carried out, on the session's clock ("saved").
  var savedAt: Int?
  /// The task count the title last showed.
  var lastTaskCount = (count: -1, complete: false)
  /// Keys ignored since the terminal became too small (the too-small screen counts them).
  var ignoredWhileTooSmall = 0
}
