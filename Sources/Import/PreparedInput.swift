import Foundation
import TaskStore

/// A file to import made readable as lines: itself when it is plain JSONL or
/// text, or a temporary JSONL copy of compressed data, standard input, or a
/// JSON array's records (one per line, streamed, never read whole).
public struct PreparedInput {
  /// Where the records can be read, one per line.
  public let url: URL
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
  let temporary: Bool

  /// Removes the temporary copy, if one was made.
  public func cleanUp() {
    if temporary { unlink(url.path) }
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
  /// Temporary copies go in `tempDir`.
  public static func prepare(
    _ path: String, tempDir: URL, limits: InputLimits = .standard
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
    stream = PrefixedStream(head, stream)
    let stem = stemOf(fileName)
    var bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while bom < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[bom]) { bom += 1 }
    let isArray = bom < head.count && head[bom] == UInt8(ascii: "[")
    if !isArray && compression == nil && path != "-" {
      return PreparedInput(
        url: URL(fileURLWithPath: path), name: name, fileName: fileName, stem: stem,
        compression: nil,
        recordOffsets: nil, temporary: false)
    }
    try FileManager.default.createDirectory(at: tempDir, withIntermediateDirectories: true)
    // A copy never fills the disk: a compression bomb stops at the limit.
    let cap = limits.copyLimit(in: tempDir)
    stream = CappedStream(stream, limit: cap.bytes, name: name, why: cap.why)
    let tmp = tempDir.appendingPathComponent(
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
    if isArray {
      offsets = try JSONArrayLines.convert(stream, name: name, into: writer)
    } else {
      try copy(stream, into: writer)
    }
    try writer.flush()
    ok = true
    return PreparedInput(
      url: tmp, name: name, fileName: fileName, stem: stem, compression: compression,
      recordOffsets: offsets,
      temporary: true)
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
