import CSystem
import Platform
import Testing

/// glibc's malloc told to keep large blocks in its heap (what both binaries do first).
@Suite struct LargeBlocksTests {
  @Test func aLargeBlockComesFromTheHeapNotAMappingOfItsOwn() throws {
    // Elsewhere the call does nothing and there is nothing to count.
    let before = csystem_mapped_heap_bytes()
    guard before >= 0 else { return }
    csystem_keep_large_blocks()
    // 24 MiB: by default glibc maps anything this size on its own (its threshold only
    // rises to the size of a mapped block freed before, and no test frees one so big).
    let size = 24 << 20
    let p = try #require(malloc(size))
    defer { free(p) }
    memset(p, 1, size)
    #expect(csystem_mapped_heap_bytes() - before < size)
  }
}
