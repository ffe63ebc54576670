import Platform

/// The hand-over between an import's reading thread and the thread that writes:
/// jobs in input order, room for a bounded number of blocks, the reader's failure,
/// and a stop for when the writing side gives up.
///
/// The reader (`read(from:convert:)`, on a thread of its own) waits for room,
/// reads a block, starts a worker on it and queues its job; the writer takes jobs
/// in order (`nextJob`), waits for each, writes it and gives its room back
/// (`delivered`). `stopAndWait` ends the reading early if the writer failed, and in
/// every case waits until the reader has stopped and every worker has finished, so
/// nothing outlives the import.
final class BlockPipeline: @unchecked Sendable {
  private let lock = Lock()
  /// Jobs read and started, not yet taken by the writer.
  private var jobs: [ImportFormat.Job] = []
  /// Set once, by `stopAndWait`; the reader looks at it before each block.
  private var stopping = false
  private var failure: Error?
  /// One signal per queued job, and one when reading ends.
  private let ready = DispatchSemaphore(value: 0)
  /// Room for blocks between reading and writing.
  private let room: DispatchSemaphore
  private let readerDone = DispatchSemaphore(value: 0)
  /// The workers converting blocks.
  private let converting = DispatchGroup()

  /// A pipeline holding at most `room` blocks between reading and writing.
  init(room: Int) {
    // Made at zero and raised: libdispatch stops the process when a semaphore is
    // freed below the value it was made with, as this one is when reading stops early.
    self.room = DispatchSemaphore(value: 0)
    for _ in 0..<max(1, room) { self.room.signal() }
  }

  /// Why reading stopped early, if it did (read once the pipeline has stopped).
  var readFailure: Error? { lock.withLock { failure } }

  /// Reads every block and starts a worker converting each (on the reading thread).
  func read(from reader: LineBlockReader, convert: @escaping @Sendable ([UInt8]) -> EncodedBlock) {
    defer {
      ready.signal()
      readerDone.signal()
    }
    let workers = DispatchQueue.global(qos: .userInitiated)
    while true {
      room.wait()
      if lock.withLock({ stopping }) { return }
      let bytes: [UInt8]?
      do {
        bytes = try reader.next()
      } catch {
        lock.withLock { failure = error }
        return
      }
      guard let bytes else { return }
      let job = ImportFormat.Job()
      converting.enter()
      workers.async {
        job.result = convert(bytes)
        job.done.signal()
        self.converting.leave()
      }
      lock.withLock { jobs.append(job) }
      ready.signal()
    }
  }

  /// The next job in input order, or nil once reading has ended and every job was taken.
  func nextJob() -> ImportFormat.Job? {
    ready.wait()
    return lock.withLock { jobs.isEmpty ? nil : jobs.removeFirst() }
  }

  /// Gives a written block's room back to the reader.
  func delivered() { room.signal() }

  /// Stops reading if it is still going, and waits for the reader and every worker.
  func stopAndWait() {
    let first = lock.withLock { () -> Bool in
      defer { stopping = true }
      return !stopping
    }
    guard first else { return }
    // The reader may be waiting for room: one more signal lets it see the stop.
    room.signal()
    readerDone.wait()
    converting.wait()
  }
}

/// A value handed to another thread that only that thread uses from then on.
struct UncheckedBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
