import Foundation

/// The test process's own folder under the system's temporary folder; every test writes its
/// files beneath it, and it is removed when the process exits.
///
/// A run that is killed cannot remove its folder, so the next run removes every
/// `rubric-scratch-PID` whose process is gone. Without this, each run of the suite left about
/// a thousand files and 130 MB in /tmp.
public let scratchRoot: URL = makeScratchRoot()

private let scratchPrefix = "rubric-scratch-"

private func makeScratchRoot() -> URL {
  let base = FileManager.default.temporaryDirectory
  removeAbandonedScratch(in: base)
  let root = base.appendingPathComponent("\(scratchPrefix)\(getpid())")
  try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  atexit { try? FileManager.default.removeItem(at: scratchRoot) }
  return root
}

/// Removes the scratch folders of test processes that no longer run.
private func removeAbandonedScratch(in base: URL) {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
  for name in names where name.hasPrefix(scratchPrefix) {
    guard let pid = pid_t(name.dropFirst(scratchPrefix.count)), pid != getpid() else { continue }
    if kill(pid, 0) == -1 && errno == ESRCH {
      try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
    }
  }
}
