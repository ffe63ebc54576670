import Foundation

// posix_spawn's handles are structs in glibc and musl but optional pointers on
// Darwin; the bench makes them through these two functions on every platform.
#if canImport(Darwin)
  typealias SpawnActions = posix_spawn_file_actions_t?
  typealias SpawnAttributes = posix_spawnattr_t?
  func newSpawnActions() -> SpawnActions { nil }
  func newSpawnAttributes() -> SpawnAttributes { nil }
#else
  typealias SpawnActions = posix_spawn_file_actions_t
  typealias SpawnAttributes = posix_spawnattr_t
  func newSpawnActions() -> SpawnActions { posix_spawn_file_actions_t() }
  func newSpawnAttributes() -> SpawnAttributes { posix_spawnattr_t() }
#endif
