import Dispatch
import Synchronization

/// A value computed on another thread while the caller goes on; `value` waits for it.
final class OnAnotherThread<Value: Sendable>: Sendable {
  private let result = Mutex<Value?>(nil)
  private let done = DispatchSemaphore(value: 0)

  /// Starts computing `make()` on a thread of the system's pool.
  init(_ make: @escaping @Sendable () -> Value) {
    DispatchQueue.global(qos: .userInteractive).async { [self] in
      let v = make()
      result.withLock { $0 = v }
      done.signal()
    }
  }

  /// The value, once computed (the first read waits for it).
  var value: Value {
    done.wait()
    // Let every later read through at once.
    done.signal()
    guard let v = result.withLock({ $0 }) else {
      preconditionFailure("the thread signals only after storing the value")
    }
    return v
  }
}
