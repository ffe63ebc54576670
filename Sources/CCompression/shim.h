// zlib and zstd for Swift: the system headers, plus inline wrappers for zlib's
// init macros (Swift cannot call a function-like macro).
#include <zlib.h>
#include <zstd.h>

// Inflates gzip or zlib data, detected from its header (windowBits 15 + 32).
static inline int rubric_inflate_init(z_stream *s) { return inflateInit2(s, 15 + 32); }

// Deflates to the gzip format (windowBits 15 + 16), default level.
static inline int rubric_deflate_init_gzip(z_stream *s) {
  return deflateInit2(s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
