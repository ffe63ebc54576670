import Annotation
import Codecs
import Platform
import TaskStore

/// Converted records of one block of input, already encoded as canonical lines.
struct EncodedBlock: Sendable {
  /// One outcome per task or bad record, in file order.
  enum Item: Sendable {
    /// A task whose line (with its newline) ends at `end` in `bytes`; `line` is its input line (0 when records are not lines).
    case task(id: String, end: Int, repaired: Bool, line: Int)
    case error(LineError)
    /// A task imported with a problem worth knowing (it precedes the task's item).
    case warning(LineError)
  }

  /// Encoded task lines, each followed by a newline.
  var bytes = WrittenBytes()
  var items: [Item] = []
  /// Input lines the block held.
  var lines = 0
}

extension ImportFormat {
  /// Converts and encodes an input on every core, handing blocks to `sink` in input order.
  ///
  /// A reading thread of its own reads the input (decompressing a stream) and hands
  /// each block to a worker; the calling thread runs `sink` (deduplicate and write)
  /// on the converted blocks in order. Reading, converting and writing overlap, so
  /// none waits for the others: reading and writing are both copies through the
  /// kernel, and on two cores one thread doing both was the import's slowest part.
  /// `blockSize` overrides the block size (tests use tiny blocks to cross many
  /// boundaries). `vet` turns tasks that cannot be completed into errors. oasst
  /// reads a file: a streamed input is copied first (`PreparedInput.onFile`).
  func convertBlocks(
    _ input: PreparedInput, file: String, blockSize: Int? = nil, vet: FormFit? = nil,
    limits: InputLimits = .standard,
    _ sink: (EncodedBlock) throws -> Void
  ) throws {
    if self == .oasst {
      guard let url = input.url else {
        throw StoreError.invalid("\(input.name): oasst trees are read from a file, not a stream")
      }
      // Trees need the whole file; one block per task.
      try convert(url, file: file) { r in
        var block = EncodedBlock()
        var output = JSONOutput()
        ImportFormat.append(r, line: 0, file: file, vet: vet, to: &block, output: &output)
        block.bytes = output.finish()
        try sink(block)
      }
      return
    }
    let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    // A stream's size is unknown: it gets the largest blocks.
    let size = input.url.map { FileStatus.size(atPath: $0.path) ?? 0 } ?? Int.max
    // Enough blocks to keep every worker busy, few enough to keep hand-offs rare.
    let chosen = blockSize ?? min(4 << 20, max(64 << 10, size / (workers * 4)))
    let reader = try input.blockReader(blockSize: chosen, lineLimit: limits.lineBytes)
    // Blocks read but not yet written: the reader waits for room past this many.
    let pipeline = BlockPipeline(room: workers + 2)
    let format = self
    let lineLimit = limits.lineBytes
    let readerBox = UncheckedBox(reader)
    DispatchQueue(label: "rubric.import.read", qos: .userInitiated).async {
      pipeline.read(from: readerBox.value) { bytes in
        format.convertBlock(bytes, file: file, vet: vet, lineLimit: lineLimit)
      }
    }
    // However this ends, the reader and every worker are done before returning.
    defer { pipeline.stopAndWait() }
    var lines = BlockLines()
    while let job = pipeline.nextJob() {
      job.done.wait()
      pipeline.delivered()
      var block = job.result
      let firstLine = lines.add(block.lines)
      if firstLine > 0 {
        for k in block.items.indices {
          switch block.items[k] {
          case .error(var e) where e.line > 0:
            e.line += firstLine
            block.items[k] = .error(e)
          case .warning(var e) where e.line > 0:
            e.line += firstLine
            block.items[k] = .warning(e)
          case .task(let id, let end, let repaired, let line) where line > 0:
            block.items[k] = .task(id: id, end: end, repaired: repaired, line: line + firstLine)
          default: break
          }
        }
      }
      try sink(block)
    }
    pipeline.stopAndWait()
    if let failure = pipeline.readFailure { throw failure }
    let long = ImportFormat.oversizedErrors(
      reader, lines: lines, file: file, limit: limits.lineBytes)
    if !long.isEmpty { try sink(EncodedBlock(items: long.map { .error($0) })) }
  }

  /// An error for each line the reader left out for its length, naming its line.
  static func oversizedErrors(
    _ reader: LineBlockReader, lines: BlockLines, file: String, limit: Int
  ) -> [LineError] {
    reader.oversized.map { long in
      tooLongError(
        length: long.length, line: lines.lineStarting(block: long.block), file: file,
        limit: limit)
    }
  }

  /// The error for a line over the limit that was read whole, or nil when it holds only white space.
  static func tooLong(_ bytes: Data, line: Int, file: String, limit: Int) -> LineError? {
    bytes.allSatisfy(InputLimits.isSpace)
      ? nil : tooLongError(length: bytes.count, line: line, file: file, limit: limit)
  }

  static func tooLongError(length: Int, line: Int, file: String, limit: Int) -> LineError {
    LineError(
      file: file, line: line, field: "",
      message:
        "the line is \(InputLimits.words(length)) long, over the limit of \(InputLimits.words(limit)) (--max-line-mb); it was left out"
    )
  }

  /// One block's conversion, handed from a worker to the writing thread.
  final class Job: @unchecked Sendable {
    // Written by the worker before it signals `done`; read only after waiting on it.
    var result = EncodedBlock()
    let done = DispatchSemaphore(value: 0)
  }

  /// Converts every line of a block; error line numbers count from the block's first line.
  ///
  /// sharegpt and hh records of the plain shape are written directly
  /// (`DirectRecords`); `direct: false` sends every record the general way (the
  /// tests compare the two).
  func convertBlock(
    _ bytes: [UInt8], file: String, vet: FormFit? = nil,
    lineLimit: Int = InputLimits.standard.lineBytes, direct: Bool = true
  ) -> EncodedBlock {
    var block = EncodedBlock()
    var output = JSONOutput(capacity: bytes.count + bytes.count / 8)
    var directRecords = direct && (self == .sharegpt || self == .hh) ? DirectRecords() : nil
    block.lines = ImportFormat.forEachLine(of: bytes) { line, number in
      if line.count > lineLimit {
        if let e = ImportFormat.tooLong(line, line: number, file: file, limit: lineLimit) {
          block.items.append(.error(e))
        }
        return
      }
      let start = output.count
      if let written = directRecords?.convert(self, line, into: &output) {
        if ImportFormat.admit(written.shape, line: number, file: file, vet: vet, to: &block) {
          ImportFormat.ended(
            written.id, repaired: false, line: number, block: &block, output: &output)
        } else {
          output.truncate(to: start)
        }
        return
      }
      for r in convertLine(line, line: number, file: file) {
        ImportFormat.append(r, line: number, file: file, vet: vet, to: &block, output: &output)
      }
    }
    block.bytes = output.finish()
    return block
  }

  /// Calls `body` with each line of a block (without its LF or CRLF) and its number
  /// from 1; returns how many lines there were.
  ///
  /// The line's bytes are borrowed, not copied: they are valid only during the call.
  static func forEachLine(of bytes: [UInt8], _ body: (Data, Int) -> Void) -> Int {
    var count = 0
    bytes.withUnsafeBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      var start = 0
      while start < buf.count {
        let end =
          memchr(base + start, 0x0A, buf.count - start).map {
            UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base
          } ?? buf.count
        count += 1
        if end == start {
          // A run of empty lines is counted, not handed on one by one.
          var next = start + 1
          while next < buf.count && buf[next] == 0x0A { next += 1 }
          count += next - start - 1
          start = next
          continue
        }
        var stop = end
        if stop > start && buf[stop - 1] == 0x0D { stop -= 1 }
        body(
          Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: base + start), count: stop - start,
            deallocator: .none), count)
        start = end + 1
      }
    }
    return count
  }

  /// Adds one converted record to a block, encoding a task as its canonical line.
  static func append(
    _ r: Result<DecodedTask, LineError>, line: Int, file: String, vet: FormFit?,
    to block: inout EncodedBlock,
    output: inout JSONOutput
  ) {
    switch r {
    case .success(var d):
      if let vet { d.task = vet.withWarnings(d.task) }
      guard admit(d.task, line: line, file: file, vet: vet, to: &block) else { return }
      TaskJSON.write(d.task, into: &output)
      ended(d.task.id, repaired: d.repaired, line: line, block: &block, output: &output)
    case .failure(let e):
      block.items.append(.error(e))
    }
  }

  /// The form check, for either path: a fatal problem becomes the record's error
  /// (false: leave the task out), another its warning (true, as no problem is).
  static func admit(
    _ task: ChatTask, line: Int, file: String, vet: FormFit?, to block: inout EncodedBlock
  ) -> Bool {
    guard let p = vet?.problem(task) else { return true }
    let e = LineError(file: file, line: line, field: p.field, message: p.message)
    block.items.append(p.fatal ? .error(e) : .warning(e))
    return !p.fatal
  }

  /// Ends a task's line, just written to `output`, and notes where it ends.
  static func ended(
    _ id: String, repaired: Bool, line: Int, block: inout EncodedBlock,
    output: inout JSONOutput
  ) {
    output.append(0x0A)
    block.items.append(.task(id: id, end: output.count, repaired: repaired, line: line))
  }
}
