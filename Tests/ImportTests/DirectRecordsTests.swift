import Foundation
import TestSupport
import Testing

@testable import Annotation
@testable import Codecs
@testable import Import
@testable import TaskStore

/// sharegpt and hh records read directly (`DirectRecords`) give the same lines,
/// errors and warnings as the general path, on records of every shape: plain ones
/// the direct path takes and odd ones it must leave alone.
@Suite struct DirectRecordsTests {
  /// Pieces of JSON string text (as written inside the quotes) spelled as `JSONWriter`
  /// spells them, with backslashes next to markers and marker-like text.
  static let writtenPieces = [
    "plain words ", #"\n"#, #"\n\n"#, #"\""#, #"\\"#, #"\t"#, #"\r"#, #"\u2028"#, #"\u0085"#,
    #"\u001b[31m"#, "caf\u{E9} \u{65E5}\u{672C}", "\u{1F600}", "x", "n", #"\u0000"#, "</script>",
    #"\\n\nAssistant: "#, #"\\n\nHuman: "#, #"\\\n\nAssistant: "#, #"\\n\\nHuman: "#,
    #"\n\n\nHuman:"#, #"\u2029\n\nAssistant:"#,
  ]

  /// Pieces the writer would spell otherwise.
  static let otherPieces = [
    #"\/"#, #"\b"#, #"\f"#, #"\u00e9"#, #"\u0041"#, #"\ud83d\ude00"#, "\u{85}", "\u{2028}",
    "\u{7F}", #"\u00E9"#,
  ]

  /// Random JSON string text (as written inside the quotes); with `written`, only as the
  /// writer would spell it.
  static func text(_ g: inout SplitMix64, written: Bool = false) -> String {
    let pieces = written ? writtenPieces : writtenPieces + otherPieces
    // Rarely, something the direct path must not take: a lone surrogate.
    if !written && g.next() % 100 == 0 { return #"a\ud800b"# }
    return (0..<Int(g.next() % 12)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }
      .joined()
  }

  static func pick<T>(_ g: inout SplitMix64, _ options: [T]) -> T {
    options[Int(g.next() % UInt64(options.count))]
  }

  /// A sharegpt record, usually of the plain shape.
  static func sharegpt(_ g: inout SplitMix64, _ i: Int) -> String {
    var turns: [String] = []
    for _ in 0..<Int(g.next() % 6) {
      var members = [
        #""from":"\#(pick(&g, ["human", "gpt", "user", "assistant", "system", "GPT", "Human", "tool"]))""#,
        #""value":"\#(text(&g))""#,
      ]
      switch g.next() % 30 {
      case 0: members.append(#""name":"ann""#)
      case 1: members.removeFirst()
      case 2: members.append(#""from":"gpt""#)
      case 3: members[1] = #""value":null"#
      case 4: members[0] = #""from":7"#
      case 5: members[0] = #""from":"bob""#
      default: break
      }
      if g.next() % 2 == 0 { members.reverse() }
      turns.append("{" + members.joined(separator: pick(&g, [",", ", "])) + "}")
    }
    var members = [#""conversations":[\#(turns.joined(separator: ","))]"#]
    switch g.next() % 6 {
    case 0: members.append(#""id":"sg-\#(i)""#)
    case 1: members.append(#""id":"\u0001""#)
    case 2: members.append(#""id":\#(i)"#)
    case 3: members.append(#""source":"web""#)
    default: break
    }
    if g.next() % 2 == 0 { members.reverse() }
    var line = "{" + members.joined(separator: ",") + "}"
    switch g.next() % 40 {
    case 0: line += " x"
    case 1: line = "[" + line + "]"
    case 2: line = " " + line + " "
    default: break
    }
    return line
  }

  /// An hh record, usually of the plain shape; half of them spelled as the writer
  /// would spell them, a few of those with one answer spelled otherwise.
  static func hh(_ g: inout SplitMix64) -> String {
    let written = g.next() % 2 == 0
    var prefix = ""
    for k in 0..<Int(1 + g.next() % 4) {
      prefix += (k % 2 == 0 ? #"\n\nHuman: "# : #"\n\nAssistant: "#) + text(&g, written: written)
    }
    switch g.next() % 25 {
    case 0: prefix = "intro" + prefix
    case 1: prefix = text(&g, written: written)
    default: break
    }
    let marker = g.next() % 20 == 0 ? #"\n\nAssistant:"# : #"\n\nAssistant: "#
    // Text both answers share after the marker, where a marker-like piece may be.
    let shared = g.next() % 5 == 0 ? "same " + text(&g, written: written) : ""
    let chosen = prefix + marker + shared + text(&g, written: written) + "yes"
    var rejected = prefix + marker + shared + text(&g, written: written) + "no"
    if written && g.next() % 8 == 0 { rejected += pick(&g, otherPieces) }
    var members = [#""chosen":"\#(chosen)""#, #""rejected":"\#(rejected)""#]
    switch g.next() % 12 {
    case 0: members.append(#""id":"h1""#)
    case 1: members.append(#""tags":["violence"]"#)
    case 2: members.removeLast()
    case 3: members.append(#""chosen":"\n\nHuman: hi\n\nAssistant: again""#)
    default: break
    }
    if g.next() % 2 == 0 { members.reverse() }
    return "{" + members.joined(separator: ",") + "}"
  }

  /// How many of the lines the direct path takes, and how many of those hh records it
  /// read without decoding.
  static func taken(_ format: ImportFormat, _ lines: [[UInt8]]) -> (all: Int, inPlace: Int) {
    var direct = DirectRecords()
    var out = JSONOutput()
    let all = lines.filter { direct.convert(format, Data($0), into: &out) != nil }.count
    return (all, direct.hhReadInPlace)
  }

  /// The block converted both ways, as text for comparison.
  static func bothWays(_ format: ImportFormat, _ lines: [[UInt8]], vet: FormFit) -> (
    String, String
  ) {
    let bytes = Array(lines.joined(separator: [0x0A]))
    func run(_ direct: Bool) -> String {
      let b = format.convertBlock(bytes, file: "f.jsonl", vet: vet, direct: direct)
      return String(decoding: b.bytes.array, as: UTF8.self) + "\n"
        + b.items.map { "\($0)" }.joined(separator: "\n")
    }
    return (run(true), run(false))
  }

  static func vets() throws -> [FormFit] {
    var fits: [FormFit] = []
    for preset in ["pairwise", "ranking", "triage"] {
      let root = temporaryDirectory().appendingPathComponent(preset)
      try Store.create(at: root, preset: preset, annotator: "ann")
      var vet = FormFit(config: try Store.loadConfig(root), forms: try Store.loadForms(root))
      if preset == "ranking" { vet.warningsFrom = "tags" }
      fits.append(vet)
    }
    return fits
  }

  /// Converts 3,000 generated records (40 blocks of 25 under each of three forms) both
  /// ways and compares; a good share must be taken directly, and some not.
  static func compare(
    _ format: ImportFormat, seed: UInt64, _ record: (inout SplitMix64, Int) -> String
  ) throws {
    var g = SplitMix64(seed: seed)
    var taken = 0
    var inPlace = 0
    var total = 0
    for vet in try vets() {
      for round in 0..<40 {
        let lines = (0..<25).map { Array(record(&g, total + $0).utf8) }
        let (direct, general) = bothWays(format, lines, vet: vet)
        #expect(direct == general, "round \(round)")
        let t = DirectRecordsTests.taken(format, lines)
        taken += t.all
        inPlace += t.inPlace
        total += lines.count
      }
    }
    #expect(taken * 4 > total, "\(taken) of \(total) taken directly")
    #expect(taken < total)
    if format == .hh {
      // Both hh spellings are well represented.
      #expect(
        inPlace * 8 > total && (taken - inPlace) * 8 > total, "\(inPlace) of \(taken) in place")
    }
  }

  @Test func sharegptDirectAndGeneralAgreeByteForByte() throws {
    try DirectRecordsTests.compare(.sharegpt, seed: 21) { DirectRecordsTests.sharegpt(&$0, $1) }
  }

  @Test func hhDirectAndGeneralAgreeByteForByte() throws {
    try DirectRecordsTests.compare(.hh, seed: 22) { g, _ in DirectRecordsTests.hh(&g) }
  }

  @Test func invalidUTF8IsLeftToTheGeneralPathWhichRepairsIt() throws {
    let bad: [[UInt8]] = [
      Array(#"{"conversations":[{"from":"human","value":"a"#.utf8) + [0xFF]
        + Array(#"b"},{"from":"gpt","value":"ok"}]}"#.utf8),
      Array(#"{"chosen":"\n\nHuman: q\n\nAssistant: x"#.utf8) + [0xC3]
        + Array(#"","rejected":"\n\nHuman: q\n\nAssistant: y"}"#.utf8),
    ]
    let vet = try DirectRecordsTests.vets()[0]
    for (format, line) in zip([ImportFormat.sharegpt, .hh], bad) {
      var direct = DirectRecords()
      var out = JSONOutput()
      #expect(direct.convert(format, Data(line), into: &out) == nil)
      #expect(out.count == 0)
      let (a, b) = DirectRecordsTests.bothWays(format, [line], vet: vet)
      #expect(a == b)
      #expect(a.contains("repaired: true"))
    }
  }

  @Test func thePlainShapesAreTakenDirectly() throws {
    var direct = DirectRecords()
    var out = JSONOutput()
    let sg =
      #"{"conversations":[{"value":"hi\nthere","from":"human"},{"from":"gpt","value":"\u00e9"}]}"#
    let w = try #require(direct.convert(.sharegpt, Data(sg.utf8), into: &out))
    #expect(w.id.hasPrefix("sharegpt-"))
    #expect(
      String(decoding: out.bytes, as: UTF8.self)
        == #"{"id":"\#(w.id)","context":[{"role":"user","content":"hi\nthere","meta":{"orig_role":"human"}}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"é","meta":{"orig_role":"gpt"}}]}]}"#
    )
    out.removeAll()
    let hh =
      #"{"chosen":"\n\nHuman: q\n\nAssistant: yes","rejected":"\n\nHuman: q\n\nAssistant: no"}"#
    let h = try #require(direct.convert(.hh, Data(hh.utf8), into: &out))
    #expect(
      String(decoding: out.bytes, as: UTF8.self)
        == #"{"id":"\#(h.id)","context":[{"role":"user","content":"q"}],"candidates":[{"id":"a","messages":[{"role":"assistant","content":"yes"}]},{"id":"b","messages":[{"role":"assistant","content":"no"}]}],"prior":{"ranking":[["a"],["b"]],"source":"hh"},"meta":{}}"#
    )
  }

  @Test func hhErrorsNameTheirFieldOnEitherPath() throws {
    let vet = try DirectRecordsTests.vets()[0]
    let lines = [
      #"{"chosen":"intro\n\nHuman: q\n\nAssistant: a","rejected":"intro\n\nHuman: q\n\nAssistant: b"}"#,
      #"{"chosen":"no markers a","rejected":"no markers b"}"#,
    ].map { Array($0.utf8) }
    let (direct, general) = DirectRecordsTests.bothWays(.hh, lines, vet: vet)
    #expect(direct == general)
    #expect(direct.contains("text before the first"))
    #expect(direct.contains("no shared"))
  }
}
