// zlib and zstd for Swift.
//
// zlib comes from its system header (zlib1g-dev is on every Debian image), plus
// inline wrappers for its init macros (Swift cannot call a function-like macro).
//
// zstd is declared here rather than through <zstd.h>: a fresh machine has the
// runtime library (libzstd1) but not the -dev package, so the build links
// libzstd.so.1 by its soname (Package.swift) and needs only these declarations.
// They are the stable part of the zstd 1.x ABI (streaming API, since 1.4.0).
#include <stddef.h>
#include <zlib.h>

// Inflates gzip or zlib data, detected from its header (windowBits 15 + 32).
static inline int rubric_inflate_init(z_stream *s) { return inflateInit2(s, 15 + 32); }

// Deflates to the gzip format (windowBits 15 + 16), default level.
static inline int rubric_deflate_init_gzip(z_stream *s) {
  return deflateInit2(s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

typedef struct ZSTD_CCtx_s ZSTD_CCtx;
typedef struct ZSTD_DCtx_s ZSTD_DCtx;
typedef ZSTD_DCtx ZSTD_DStream;

typedef struct {
  const void *src;
  size_t size;
  size_t pos;
} ZSTD_inBuffer;

typedef struct {
  void *dst;
  size_t size;
  size_t pos;
} ZSTD_outBuffer;

typedef enum { ZSTD_e_continue = 0, ZSTD_e_flush = 1, ZSTD_e_end = 2 } ZSTD_EndDirective;

unsigned ZSTD_isError(size_t code);
const char *ZSTD_getErrorName(size_t code);

ZSTD_CCtx *ZSTD_createCCtx(void);
size_t ZSTD_freeCCtx(ZSTD_CCtx *cctx);
size_t ZSTD_compressStream2(ZSTD_CCtx *cctx, ZSTD_outBuffer *output, ZSTD_inBuffer *input, ZSTD_EndDirective endOp);

ZSTD_DStream *ZSTD_createDStream(void);
size_t ZSTD_freeDStream(ZSTD_DStream *zds);
size_t ZSTD_initDStream(ZSTD_DStream *zds);
size_t ZSTD_decompressStream(ZSTD_DStream *zds, ZSTD_outBuffer *output, ZSTD_inBuffer *input);
