import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Export
@testable import Import
@testable import TaskStore

/// Real datasets as published: compressed, as JSON arrays, from standard input, and garbage refused.
@Suite struct DatasetInputTests {
  /// Two records per format, without ids where the format allows, so ids come from the records' bytes.
  static let samples: [(String, [String])] = [
    (
      "canonical",
      [
        #"{"id":"x1","context":[{"role":"user","content":"hi"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"yo"}]},{"id":"b","messages":[{"role":"assistant","content":"hey"}]}]}"#,
        #"{"id":"x2","context":[{"role":"user","content":"2+2"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"4"}]},{"id":"b","messages":[{"role":"assistant","content":"5"}]}]}"#,
      ]
    ),
    (
      "openai",
      [
        #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#,
        #"{"messages":[{"role":"user","content":"bye"},{"role":"assistant","content":"see you, \"friend\""}]}"#,
      ]
    ),
    (
      "sharegpt",
      [
        #"{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"}]}"#,
        #"{"conversations":[{"from":"human","value":"日本"},{"from":"gpt","value":"はい"}]}"#,
      ]
    ),
    (
      "hh",
      [
        #"{"chosen":"\n\nHuman: a\n\nAssistant: b","rejected":"\n\nHuman: a\n\nAssistant: c"}"#,
        #"{"chosen":"\n\nHuman: x\n\nAssistant: y","rejected":"\n\nHuman: x\n\nAssistant: z"}"#,
      ]
    ),
    (
      "ultrafeedback",
      [
        #"{"instruction":"q","completions":[{"model":"m1","response":"r1"},{"model":"m2","response":"r2"}]}"#,
        #"{"instruction":"q2","completions":[{"model":"m1","response":"s1"},{"model":"m2","response":"s2"}]}"#,
      ]
    ),
    (
      "arena",
      [
        #"{"question_id":1,"conversation_a":[{"role":"user","content":"hi"},{"role":"assistant","content":"a"}],"conversation_b":[{"role":"user","content":"hi"},{"role":"assistant","content":"b"}],"model_a":"x","model_b":"y","winner":"model_a"}"#,
        #"{"question_id":2,"conversation_a":[{"role":"user","content":"yo"},{"role":"assistant","content":"c"}],"conversation_b":[{"role":"user","content":"yo"},{"role":"assistant","content":"d"}],"model_a":"x","model_b":"y","winner":"tie"}"#,
      ]
    ),
    (
      "trl",
      [
        #"{"prompt":"q","chosen":"a","rejected":"b"}"#,
        #"{"prompt":"q2","chosen":"c","rejected":"d"}"#,
      ]
    ),
    (
      "oasst",
      [
        #"{"message_id":"m1","parent_id":null,"message_tree_id":"m1","role":"prompter","text":"q"}"#,
        #"{"message_id":"m2","parent_id":"m1","message_tree_id":"m1","role":"assistant","text":"a","rank":0}"#,
        #"{"message_id":"m3","parent_id":"m1","message_tree_id":"m1","role":"assistant","text":"b","rank":1}"#,
      ]
    ),
  ]

  func freshStore() throws -> URL {
    let root = temporaryDirectory().appendingPathComponent("store")
    try Store.create(at: root, preset: "pairwise", annotator: "ann")
    return root
  }

  func tasksBytes(_ root: URL) throws -> Data {
    var out = Data()
    for url in Store.taskFileURLs(root) { out += try Data(contentsOf: url) }
    return out
  }

  /// The records as a pretty-printed JSON array, one record per indented line.
  func array(_ lines: [String]) -> String { "[\n  " + lines.joined(separator: ",\n  ") + "\n]\n" }

  @Test func everyFormatGivesTheSameTasksAsJSONLGzipZstdAndArray() throws {
    for (name, lines) in DatasetInputTests.samples {
      let text = lines.joined(separator: "\n") + "\n"
      let dir = temporaryDirectory()
      let plain = dir.appendingPathComponent("\(name).jsonl")
      try Data(text.utf8).write(to: plain)
      var variants: [URL] = []
      let gz = dir.appendingPathComponent("\(name).jsonl.gz")
      try Compressor.compress(Data(text.utf8), .gzip).write(to: gz)
      let zst = dir.appendingPathComponent("\(name).jsonl.zst")
      try Compressor.compress(Data(text.utf8), .zstd).write(to: zst)
      let arr = dir.appendingPathComponent("\(name).json")
      try Data(array(lines).utf8).write(to: arr)
      let arrGz = dir.appendingPathComponent("\(name).json.gz")
      try Compressor.compress(Data(array(lines).utf8), .gzip).write(to: arrGz)
      variants = [gz, zst, arr, arrGz]
      let reference = try freshStore()
      let s = try Importer.importFile(plain, into: reference)
      #expect(s.imported >= 1, "\(name)")
      #expect(s.errors.isEmpty, "\(name): \(s.errors)")
      let expected = try tasksBytes(reference)
      for v in variants {
        let root = try freshStore()
        let r = try Importer.importFile(v, into: root)
        #expect(r.format == s.format, "\(v.lastPathComponent)")
        #expect(
          try tasksBytes(root) == expected,
          "\(v.lastPathComponent) gives other tasks than \(plain.lastPathComponent)")
      }
    }
  }

  @Test func aBadRecordInAnArrayIsNamedByIndexAndByteOffset() throws {
    let root = try freshStore()
    let src = temporaryDirectory().appendingPathComponent("a.json")
    let text =
      "[" + #"{"prompt":"q","chosen":"a","rejected":"b"}"# + ", "
      + #"{"prompt":"q2","chosen":5,"rejected":"d"}"# + "]"
    try Data(text.utf8).write(to: src)
    let s = try Importer.importFile(src, into: root)
    #expect(s.imported == 1)
    let e = try #require(s.errors.first)
    #expect(e.description.hasPrefix("a.json: record 2 (byte 45): chosen"), "\(e)")
  }

  @Test func garbageIsRefusedAndTheStoreStaysByteIdentical() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    func snapshot() throws -> [String: Data] {
      var out: [String: Data] = [:]
      let e = FileManager.default.enumerator(atPath: root.path)
      while let p = e?.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(
          atPath: root.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue
        {
          out[p] = try Data(contentsOf: root.appendingPathComponent(p))
        }
      }
      return out
    }
    let before = try snapshot()
    let dir = temporaryDirectory()
    var g = SplitMix64(seed: 5)
    let random = Data((0..<5000).map { _ in UInt8(truncatingIfNeeded: g.next()) })
    let goodGz = try Compressor.compress(
      Data((DatasetInputTests.samples[6].1.joined(separator: "\n") + "\n").utf8), .gzip)
    let cases: [(String, Data, String)] = [
      (
        "data.parquet", Data("PAR1".utf8) + random + Data("PAR1".utf8),
        "datasets.Dataset.from_parquet"
      ),
      ("data.zip", Data([0x50, 0x4B, 0x03, 0x04]) + random, "zip archive"),
      ("data.bin", Data([0x7B, 0x00]) + random, "binary data"),
      ("cut.jsonl.gz", goodGz.prefix(goodGz.count - 12), "ends early"),
      ("notes.md", Data("just some words\n".utf8), "need a .txt file or --format prompts"),
      ("odd.jsonl", Data(#"{"foo":1,"bar":2}"#.utf8), "match no format"),
      (
        "cut.json", Data(#"[{"prompt":"q","chosen":"a","rejected":"b"}, {"prompt":"#.utf8),
        "ends inside this record"
      ),
    ]
    for (name, bytes, words) in cases {
      let url = dir.appendingPathComponent(name)
      try bytes.write(to: url)
      do {
        _ = try Importer.importFile(url, into: root)
        Issue.record("\(name) was imported")
      } catch {
        #expect("\(error)".contains(words), "\(name): \(error)")
      }
      #expect(try snapshot() == before, "\(name) changed the store")
    }
  }

  @Test func aDryRunWritesNothingAndExplainsTheDetection() throws {
    let root = try makeStore(tasks: [sampleTask("t0")])
    let src = temporaryDirectory().appendingPathComponent("sg.jsonl.zst")
    try Compressor.compress(
      Data((DatasetInputTests.samples[2].1.joined(separator: "\n") + "\n").utf8), .zstd
    ).write(to: src)
    let before = try tasksBytes(root)
    let s = try Importer.importPath(src.path, into: root, dryRun: true)
    #expect(s.imported == 2)
    #expect(s.output == nil)
    #expect(s.format == "sharegpt")
    #expect(s.detection.contains("\"conversations\""))
    #expect(s.shape == "zstd-compressed lines")
    #expect(s.firstTask?.hasPrefix(#"{"id":"sharegpt-"#) == true)
    #expect(try tasksBytes(root) == before)
  }
}

@Suite struct ExportOutputTests {
  @Test func compressedOutputsRoundTripAndASplitKeepsEachPromptInOnePart() throws {
    var lines: [String] = []
    for i in 0..<400 {
      lines.append(#"{"prompt":"question \#(i % 120)","chosen":"yes \#(i)","rejected":"no \#(i)"}"#)
    }
    let (root, _, _) = try importText(lines.joined(separator: "\n") + "\n", format: .trl)
    let dir = temporaryDirectory()
    var o = ExportOptions(format: .dpo)
    o.fromPrior = true
    let plain = dir.appendingPathComponent("dpo.jsonl")
    _ = try Exporter.export(root, options: o, to: plain)
    let expected = try Data(contentsOf: plain)
    for (name, kind) in [("dpo.jsonl.gz", Compressor.Kind.gzip), ("dpo.jsonl.zst", .zstd)] {
      let url = dir.appendingPathComponent(name)
      _ = try Exporter.export(root, options: o, to: url)
      let back = try PreparedInput.prepare(url.path, tempDir: dir)
      defer { back.cleanUp() }
      #expect(try Data(contentsOf: #require(back.url)) == expected, "\(name) (\(kind))")
    }
    o.split = try ExportSplit.parse("train=0.9,test=0.1")
    o.splitSeed = 7
    let split = dir.appendingPathComponent("part.jsonl")
    let summary = try Exporter.export(root, options: o, to: split)
    let train = try String(
      contentsOf: dir.appendingPathComponent("part.train.jsonl"), encoding: .utf8
    ).split(separator: "\n")
    let test = try String(
      contentsOf: dir.appendingPathComponent("part.test.jsonl"), encoding: .utf8
    ).split(separator: "\n")
    #expect(train.count + test.count == 400)
    #expect(summary.parts == ["train": train.count, "test": test.count])
    #expect(test.count > 10 && test.count < 90)
    func prompts(_ rows: [Substring]) throws -> Set<String> {
      Set(try rows.map { try json(String($0))["prompt"] as? String ?? "" })
    }
    #expect(try prompts(train).isDisjoint(with: prompts(test)))
    // The same seed gives the same parts.
    _ = try Exporter.export(root, options: o, to: dir.appendingPathComponent("again.jsonl"))
    #expect(
      try Data(contentsOf: dir.appendingPathComponent("again.test.jsonl"))
        == Data(contentsOf: dir.appendingPathComponent("part.test.jsonl")))
    #expect(throws: StoreError.self) { _ = try ExportSplit.parse("train=0.9,test=0.2") }
    #expect(
      ExportSplit.url(URL(fileURLWithPath: "/x/dpo.jsonl.gz"), part: "train").path
        == "/x/dpo.train.jsonl.gz")
  }
}

@Suite struct ExportSetTests {
  @Test func anInterruptedSplitIsClearedAndStaleTemporaryFilesGo() throws {
    var lines: [String] = []
    for i in 0..<60 {
      lines.append(#"{"prompt":"q \#(i)","chosen":"yes \#(i)","rejected":"no \#(i)"}"#)
    }
    let (root, _, _) = try importText(lines.joined(separator: "\n") + "\n", format: .trl)
    let dir = temporaryDirectory()
    let output = dir.appendingPathComponent("part.jsonl")
    // What a kill in the middle of an earlier export's commit leaves: its marker, one
    // part of one set, and a temporary file of a process that is gone.
    try Data("part.train.jsonl\npart.test.jsonl\n".utf8).write(
      to: dir.appendingPathComponent(".part.jsonl.export-in-progress"))
    try Data("{\"old\":1}\n".utf8).write(to: dir.appendingPathComponent("part.train.jsonl"))
    try Data("half".utf8).write(to: dir.appendingPathComponent(".part.test.jsonl.tmp-999999"))
    var o = ExportOptions(format: .dpo)
    o.fromPrior = true
    o.split = try ExportSplit.parse("train=0.5,test=0.5")
    let summary = try Exporter.export(root, options: o, to: output)
    let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
    #expect(names == ["part.train.jsonl", "part.test.jsonl"])
    let train = try String(
      contentsOf: dir.appendingPathComponent("part.train.jsonl"), encoding: .utf8)
    #expect(!train.contains("\"old\""))
    #expect(summary.parts.values.reduce(0, +) == 60)
    // A second export replaces the set whole and leaves nothing else behind.
    o.splitSeed = 3
    _ = try Exporter.export(root, options: o, to: output)
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == [
        "part.train.jsonl", "part.test.jsonl",
      ])
  }
}
