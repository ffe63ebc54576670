import Platform
import TaskStore

/// A source to import made readable as lines: the file itself when it is plain
/// JSONL or text; compressed data or standard input as they come (decompressed
/// on the way, never copied); a temporary JSONL copy of a JSON array's records
/// (one per line, streamed, never read whole).
public struct PreparedInput {
  /// Where the lines are read from.
  enum Source {
    /// A file of lines: the source itself, or a temporary copy.
    case file(URL, temporary: Bool)
    /// Lines read once as they come; `head` is their start, read ahead to
    /// detect the format and put back in front of the rest.
    case stream(ByteStream, head: [UInt8], whole: Bool)
  }

  let source: Source
  /// The source as messages name it: its path, or "standard input".
  public let name: String
  /// The file name the source had (for format hints such as `.txt`).
  let fileName: String
  /// The name for the task file it becomes.
  let stem: String
  /// "gzip" or "zstd" when the source was compressed.
  public let compression: String?
  /// For a JSON array: each record's byte offset in the (decompressed) source.
  let recordOffsets: [Int]?

  /// The file the lines are read from; nil when they are streamed.
  public var url: URL? {
    if case .file(let url, _) = source { return url }
    return nil
  }

  /// Removes the temporary copy, if one was made.
  public func cleanUp() {
    if case .file(let url, true) = source { unlink(url.path) }
  }

  /// What the source is, in words (for `--dry-run`).
  public var shape: String {
    var parts: [String] = []
    if let c = compression { parts.append("\(c)-compressed") }
    parts.append(
      recordOffsets != nil ? "a JSON array of \(recordOffsets?.count ?? 0) records" : "lines")
    return parts.joined(separator: " ")
  }

  /// Reads the start of `path` (a file, or `-` for standard input), refuses what
  /// is not text records, and returns where the records can be read as lines.
  ///
  /// A JSON array is copied to lines in `tempDir`. So is compressed data or
  /// standard input, unless `stream` is set: then its lines are read as they
  /// come, once (`blockReader`). Either way decompressed data (and standard
  /// input) stops with an error past `limits.copyBytes`.
  public static func prepare(
    _ path: String, tempDir: URL, limits: InputLimits = .standard, stream streaming: Bool = false
  ) throws -> PreparedInput {
    let name = path == "-" ? "standard input" : path
    let fileName = path == "-" ? "stdin" : URL(fileURLWithPath: path).lastPathComponent
    var stream: ByteStream = try FDStream.open(path)
    var head = try readHead(stream)
    var compression: String?
    if head.starts(with: [0x1F, 0x8B]) {
      compression = "gzip"
      stream = try GzipStream(PrefixedStream(head, stream), name: name)
    } else if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
      compression = "zstd"
      stream = try ZstdStream(PrefixedStream(head, stream), name: name)
    }
    if compression != nil { head = try readHead(stream) }
    try refuseBinary(head, name: name, fileName: fileName)
    let stem = stemOf(fileName)
    let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var first = bom
    while first < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[first]) { first += 1 }
    let isArray = first < head.count && head[first] == UInt8(ascii: "[")
    func prepared(_ source: Source, offsets: [Int]? = nil) -> PreparedInput {
      PreparedInput(
        source: source, name: name, fileName: fileName, stem: stem, compression: compression,
        recordOffsets: offsets)
    }
    if !isArray && compression == nil && path != "-" {
      return prepared(.file(URL(fileURLWithPath: path), temporary: false))
    }
    // Decompressed data never fills the disk: a compression bomb stops at the limit.
    let cap = limits.copyLimit(in: tempDir)
    stream = CappedStream(PrefixedStream(head, stream), limit: cap.bytes, name: name, why: cap.why)
    if !isArray && streaming {
      let ahead = try readAhead(from: stream, after: bom, lineLimit: limits.lineBytes)
      if ahead.found || ahead.whole {
        // A UTF-8 byte-order mark is skipped, as it is at the start of a file.
        let lines = Array(ahead.bytes.dropFirst(bom))
        return prepared(
          .stream(PrefixedStream(lines, stream), head: lines, whole: ahead.whole))
      }
      // No record within the line limit: copied, so detection can read past it.
      stream = PrefixedStream(ahead.bytes, stream)
    }
    try FileManager.default.createDirectory(at: tempDir, withIntermediateDirectories: true)
    let copy = try copyToTemporary(stream, in: tempDir, name: name, array: isArray)
    return prepared(.file(copy.url, temporary: true), offsets: copy.offsets)
  }

  /// The same input with its lines in a file: a streamed source is copied to
  /// `tempDir` (for the formats that read a file twice, such as oasst).
  func onFile(tempDir: URL) throws -> PreparedInput {
    guard case .stream(let stream, _, _) = source else { return self }
    try FileManager.default.createDirectory(at: tempDir, withIntermediateDirectories: true)
    let copy = try Self.copyToTemporary(stream, in: tempDir, name: name, array: false)
    return PreparedInput(
      source: .file(copy.url, temporary: true), name: name, fileName: fileName, stem: stem,
      compression: compression, recordOffsets: nil)
  }

  /// The lines in blocks: read from the file, or from the stream (which can be read only once).
  func blockReader(blockSize: Int, lineLimit: Int) throws -> LineBlockReader {
    switch source {
    case .file(let url, _):
      return try LineBlockReader(url: url, blockSize: blockSize, lineLimit: lineLimit)
    case .stream(let stream, _, _):
      return LineBlockReader(stream, blockSize: blockSize, lineLimit: lineLimit)
    }
  }

  /// Reads the start of a stream until it holds a whole line that is not
  /// blank, the stream ends (`whole`), or it passes the line limit (neither).
  /// The first `skip` bytes (a byte-order mark) are read but not looked at.
  static func readAhead(from stream: ByteStream, after skip: Int = 0, lineLimit: Int) throws -> (
    bytes: [UInt8], found: Bool, whole: Bool
  ) {
    var bytes: [UInt8] = []
    var lineStart = skip
    var blank = true
    var at = skip
    while true {
      while at < bytes.count {
        let b = bytes[at]
        at += 1
        if b == 0x0A {
          if !blank && at - 1 - lineStart <= lineLimit { return (bytes, true, false) }
          lineStart = at
          blank = true
        } else if !InputLimits.isSpace(b) {
          blank = false
        }
      }
      if bytes.count > lineLimit { return (bytes, false, false) }
      var more = [UInt8](repeating: 0, count: max(1 << 16, bytes.count))
      let n = try more.withUnsafeMutableBytes { try stream.read(into: $0) }
      if n == 0 { return (bytes, false, true) }
      bytes += more[0..<n]
    }
  }

  /// The numbered lines of bytes read ahead, as `LineReader` gives them: without
  /// their line break, a line over the limit empty, the last unfinished one
  /// only when the stream ended there.
  static func lines(of head: [UInt8], whole: Bool, lineLimit: Int) -> [(line: Int, bytes: Data)] {
    var out: [(line: Int, bytes: Data)] = []
    var start = 0
    while start < head.count {
      guard let nl = head[start...].firstIndex(of: 0x0A) ?? (whole ? head.count : nil) else {
        break
      }
      var end = nl
      if end > start && head[end - 1] == 0x0D { end -= 1 }
      out.append((out.count + 1, end - start > lineLimit ? Data() : Data(head[start..<end])))
      start = nl + 1
    }
    return out
  }

  /// Writes a stream to a new hidden file in `folder`: as it is, or a JSON
  /// array's records one per line (returning their offsets).
  static func copyToTemporary(_ stream: ByteStream, in folder: URL, name: String, array: Bool)
    throws -> (url: URL, offsets: [Int]?)
  {
    let tmp = folder.appendingPathComponent(
      ".import-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl.tmp")
    let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw StoreError.io(path: tmp.path, errno: errno, doing: "create") }
    var ok = false
    defer {
      close(fd)
      if !ok { unlink(tmp.path) }
    }
    let writer = LineWriter(fd: fd, path: tmp.path)
    var offsets: [Int]?
    if array {
      offsets = try JSONArrayLines.convert(stream, name: name, into: writer)
    } else {
      try copy(stream, into: writer)
    }
    try writer.flush()
    ok = true
    return (tmp, offsets)
  }

  static func readHead(_ stream: ByteStream) throws -> [UInt8] {
    var head = [UInt8](repeating: 0, count: 4096)
    let n = try head.withUnsafeMutableBytes { try stream.readFully(into: $0) }
    head.removeSubrange(n...)
    return head
  }

  static func copy(_ stream: ByteStream, into writer: LineWriter) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
      if n == 0 { return }
      try writer.write(buffer[0..<n])
    }
  }

  /// The task file name a source becomes: its name without `.gz`, `.zst`, `.jsonl`, `.json` or `.txt`.
  static func stemOf(_ fileName: String) -> String {
    var stem = fileName
    for ext in [".gz", ".zst", ".jsonl", ".json", ".txt"] where stem.lowercased().hasSuffix(ext) {
      stem = String(stem.dropLast(ext.count))
    }
    return Store.isSafeName(stem) ? stem : "import"
  }

  /// Refuses data that is not text records, naming what it is and how to convert it.
  static func refuseBinary(_ head: [UInt8], name: String, fileName: String) throws {
    func refuse(_ what: String, _ hint: String) throws -> Never {
      throw StoreError.invalid("\(name): this is \(what), not JSON lines or a JSON array. \(hint)")
    }
    let jsonl = URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent + ".jsonl"
    if head.starts(with: Array("PAR1".utf8)) {
      try refuse(
        "a Parquet file",
        "Convert it to JSONL first, with either of:\n  python3 -c \"import datasets; datasets.Dataset.from_parquet('\(fileName)').to_json('\(jsonl)')\"\n  duckdb -c \"COPY (SELECT * FROM '\(fileName)') TO '\(jsonl)' (FORMAT JSON)\""
      )
    }
    if head.starts(with: Array("ARROW1".utf8)) || head.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) {
      try refuse(
        "an Arrow file",
        "Convert it to JSONL first, with:\n  python3 -c \"import datasets; datasets.Dataset.from_file('\(fileName)').to_json('\(jsonl)')\""
      )
    }
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
      try refuse("a zip archive", "Unpack it (unzip \(fileName)) and import the files inside.")
    }
    if head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
      try refuse(
        "xz-compressed data", "Decompress it first: xz -dc \(fileName) | rubric import STORE -")
    }
    if head.starts(with: Array("BZh".utf8)) {
      try refuse(
        "bzip2-compressed data", "Decompress it first: bzcat \(fileName) | rubric import STORE -")
    }
    if let encoding = TextEncoding.wideEncoding(head) {
      throw StoreError.invalid(
        "\(name): the file is \(encoding) text; Rubric reads UTF-8. Convert it first: iconv -f \(encoding) -t UTF-8 \(fileName) > converted.jsonl"
      )
    }
    if let nul = head.firstIndex(of: 0) {
      try refuse(
        "binary data (a zero byte at offset \(nul))",
        "Rubric imports UTF-8 text: JSON lines, a JSON array, or prompts in a .txt file.")
    }
  }
}

/// Buffered writes to a file descriptor.
final class LineWriter {
  let fd: Int32
  let path: String
  private var buffer: [UInt8] = []

  init(fd: Int32, path: String) {
    self.fd = fd
    self.path = path
    buffer.reserveCapacity(1 << 20)
  }

  func write(_ bytes: ArraySlice<UInt8>) throws {
    buffer += bytes
    if buffer.count >= 1 << 20 { try flush() }
  }

  func append(_ byte: UInt8) throws {
    buffer.append(byte)
    if buffer.count >= 1 << 20 { try flush() }
  }

  func flush() throws {
    try DurableFile.writeAll(fd, buffer, path: path)
    buffer.removeAll(keepingCapacity: true)
  }
}
