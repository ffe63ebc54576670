import Testing

@testable import TerminalKit

@Suite struct ModifiedKeysTests {
  @Test func terminfoNamesAndRawSequencesGiveTheSameKeys() {
    let cases: [(String, String, Key)] = [
      ("kLFT5", "1;5D", Key(.left, ctrl: true)),
      ("kRIT5", "1;5C", Key(.right, ctrl: true)),
      ("kHOM5", "1;5H", Key(.home, ctrl: true)),
      ("kEND5", "1;5F", Key(.end, ctrl: true)),
      ("kLFT3", "1;3D", Key(.left, alt: true)),
      ("kUP", "1;2A", Key(.up, shift: true)),
      ("kDC5", "3;5~", Key(.delete, ctrl: true)),
      ("kNXT6", "6;6~", Key(.pageDown, ctrl: true, shift: true)),
    ]
    for (name, csi, key) in cases {
      if name != "kUP" { #expect(ModifiedKeys.key(terminfoName: name) == key, "\(name)") }
      #expect(ModifiedKeys.key(csi: csi) == key, "\(csi)")
    }
    #expect(ModifiedKeys.key(terminfoName: "kUP2") == Key(.up, shift: true))
    #expect(ModifiedKeys.key(csi: "200~") == nil)
    #expect(ModifiedKeys.key(csi: "1;99D") == nil)
  }

  @Test func theDecoderReadsModifiedKeysByteByByte() {
    var d = InputDecoder()
    var out: [Key] = []
    for c in "\u{1B}[1;5D\u{1B}[3;2~x" { out += d.feed(.char(c)) }
    #expect(out == [Key(.left, ctrl: true), Key(.delete, shift: true), .char("x")])
    // A paste still starts as before.
    var p = InputDecoder()
    var pasted: [Key] = []
    for c in "\u{1B}[200~hi\u{1B}[201~" { pasted += p.feed(.char(c)) }
    #expect(pasted == [Key(.paste("hi"))])
  }
}

@Suite struct ModifiedEnterTests {
  @Test func ctrlEnterFromModifyOtherKeysAndCSIu() {
    #expect(ModifiedKeys.key(csi: "27;5;13~") == Key(.enter, ctrl: true))
    #expect(ModifiedKeys.key(csi: "13;5u") == Key(.enter, ctrl: true))
    #expect(ModifiedKeys.key(csi: "13;3u") == Key(.enter, alt: true))
    var d = InputDecoder()
    var keys: [Key] = []
    for ch in "\u{1B}[27;5;13~" { keys += d.feed(.char(ch)) }
    #expect(keys == [Key(.enter, ctrl: true)])
    #expect(Key(name: "<C-Enter>") == Key(.enter, ctrl: true))
  }
}
