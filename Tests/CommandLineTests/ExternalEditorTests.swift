import Testing

@testable import rubric

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite(.serialized) struct ExternalEditorTests {
  @Test func theEditorsChangesComeBackAndAFailedEditorChangesNothing() {
    defer { unsetenv("VISUAL") }
    setenv("VISUAL", "sed -i s/half/whole/", 1)
    #expect(ExternalEditor.edit("half a text\nsecond line") == "whole a text\nsecond line")
    setenv("VISUAL", "false", 1)
    #expect(ExternalEditor.edit("kept") == nil)
  }

  @Test func theExitStatusIsTheProgramsAndASignalOrAMissingProgramIsNil() {
    #expect(ExternalEditor.run(["/bin/sh", "-c", "exit 3"]) == 3)
    #expect(ExternalEditor.run(["/bin/sh", "-c", "exit 0"]) == 0)
    #expect(ExternalEditor.run(["/bin/sh", "-c", "kill -TERM $$"]) == nil)
    #expect(ExternalEditor.run(["/nonexistent/editor"]) == nil)
  }
}
