import Synchronization
import Testing

@testable import rubric

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct OnAnotherThreadTests {
  @Test func theValueIsComputedOnceOffTheCallersThreadAndReadAgainAtWill() {
    let runs = Mutex(0)
    let main = pthread_self()
    let later = OnAnotherThread { () -> [Int] in
      runs.withLock { $0 += 1 }
      // Not the thread that asked for it.
      return pthread_equal(pthread_self(), main) == 0 ? (1...1000).map { $0 * $0 } : []
    }
    let first = later.value
    #expect(first.count == 1000)
    #expect(first.last == 1_000_000)
    for _ in 0..<3 { #expect(later.value == first) }
    #expect(runs.withLock { $0 } == 1)
  }
}
