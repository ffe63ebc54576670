#include "CSystem.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/* Scanning, escaping and unescaping JSON string text a run at a time: sixteen
 * bytes per step, and only the bytes that need work leave the loop. The Swift
 * callers (JSONWriter.quote, FastJSON.string) handle what these stop at, so these
 * stay small. One set of stop bytes for all of them: `reader_special` and
 * `writer_special`, sixteen at a time in `stops`. */

static int writer_special(unsigned char c) {
  return c == '"' || c == '\\' || c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xE2;
}

static int reader_special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

#if defined(__SSE2__)
/* A mask of the bytes of v that stop the loop: '"', '\\', C0 controls, and for
 * the writer also DEL, 0xC2 and 0xE2. */
static inline int stops(__m128i v, int writer) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), top = _mm_set1_epi8(0x1F);
  __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
  /* Unsigned v < 0x20 exactly when max(v, 0x1F) == 0x1F. */
  m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, top), top));
  if (writer) {
    const __m128i del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, del));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2)));
  }
  return _mm_movemask_epi8(m);
}
#endif

/* The shared scan; `writer` adds the bytes a writer escapes. Inlined into both
 * callers with `writer` constant, so each gets its own loop. */
static inline size_t first_json_byte(const unsigned char *p, size_t from, size_t n, int writer) {
  size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    int bits = stops(_mm_loadu_si128((const __m128i *)(p + i)), writer);
    if (bits) return i + (size_t)__builtin_ctz((unsigned)bits);
  }
#elif defined(__ARM_NEON)
  const uint8x16_t quote = vdupq_n_u8('"'), backslash = vdupq_n_u8('\\'), top = vdupq_n_u8(0x1F);
  const uint8x16_t del = vdupq_n_u8(0x7F), c2 = vdupq_n_u8(0xC2), e2 = vdupq_n_u8(0xE2);
  for (; i + 16 <= n; i += 16) {
    uint8x16_t v = vld1q_u8(p + i);
    uint8x16_t m = vorrq_u8(vorrq_u8(vceqq_u8(v, quote), vceqq_u8(v, backslash)), vcleq_u8(v, top));
    if (writer) m = vorrq_u8(m, vorrq_u8(vceqq_u8(v, del), vorrq_u8(vceqq_u8(v, c2), vceqq_u8(v, e2))));
    /* Narrow each 0xFF/0x00 lane to four bits: a 64-bit mask, four bits per byte. */
    uint64_t bits = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(m), 4)), 0);
    if (bits) return i + (size_t)(__builtin_ctzll(bits) >> 2);
  }
#endif
  for (; i < n; i++)
    if (writer ? writer_special(p[i]) : reader_special(p[i])) return i;
  return n;
}

size_t csystem_first_json_special(const unsigned char *p, size_t from, size_t n) { return first_json_byte(p, from, n, 0); }

size_t csystem_first_json_escape(const unsigned char *p, size_t from, size_t n) { return first_json_byte(p, from, n, 1); }

size_t csystem_first_json_byte_scalar(const unsigned char *p, size_t from, size_t n, int writer) {
  for (size_t i = from; i < n; i++)
    if (writer ? writer_special(p[i]) : reader_special(p[i])) return i;
  return n;
}

int csystem_json_scan_is_vector(void) {
#if defined(__SSE2__) || defined(__ARM_NEON)
  return 1;
#else
  return 0;
#endif
}

/* Copies bytes from src[*i..<n] to dst[*o..<cap] up to the first byte that
 * stops the loop (or the end of either); advances *i and *o. */
static inline void copy_run(const unsigned char *src, size_t *i, size_t n, unsigned char *dst, size_t *o, size_t cap,
                            int writer) {
  size_t a = *i, b = *o;
#if defined(__SSE2__)
  while (a + 16 <= n && b + 16 <= cap) {
    __m128i v = _mm_loadu_si128((const __m128i *)(src + a));
    _mm_storeu_si128((__m128i *)(dst + b), v);
    int bits = stops(v, writer);
    if (bits) {
      unsigned k = (unsigned)__builtin_ctz((unsigned)bits);
      a += k;
      b += k;
      *i = a;
      *o = b;
      return;
    }
    a += 16;
    b += 16;
  }
#endif
  while (a < n && b < cap && !(writer ? writer_special(src[a]) : reader_special(src[a]))) dst[b++] = src[a++];
  *i = a;
  *o = b;
}

static void put_u_escape(unsigned char *dst, size_t *o, unsigned int v) {
  static const char hex[] = "0123456789abcdef";
  unsigned char *p = dst + *o;
  p[0] = '\\';
  p[1] = 'u';
  p[2] = (unsigned char)hex[(v >> 12) & 0xF];
  p[3] = (unsigned char)hex[(v >> 8) & 0xF];
  p[4] = (unsigned char)hex[(v >> 4) & 0xF];
  p[5] = (unsigned char)hex[v & 0xF];
  *o += 6;
}

size_t csystem_json_escape(const unsigned char *src, size_t *from, size_t n, unsigned char *dst, size_t cap) {
  size_t i = *from, o = 0;
  while (i < n) {
    copy_run(src, &i, n, dst, &o, cap, 1);
    if (i >= n || cap - o < 6) break;
    unsigned char c = src[i]; /* a byte that stopped the run, with room for its escape */
    unsigned char letter = c == '"' ? '"' : c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
    if (letter) {
      dst[o++] = '\\';
      dst[o++] = letter;
      i++;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      put_u_escape(dst, &o, c);
      i++;
    } else if (c == 0xC2 && i + 1 < n && src[i + 1] >= 0x80 && src[i + 1] <= 0x9F) {
      put_u_escape(dst, &o, src[i + 1]);
      i += 2;
    } else if (c == 0xE2 && i + 2 < n && src[i + 1] == 0x80 && (src[i + 2] == 0xA8 || src[i + 2] == 0xA9)) {
      put_u_escape(dst, &o, src[i + 2] == 0xA8 ? 0x2028 : 0x2029);
      i += 3;
    } else {
      dst[o++] = c; /* 0xC2 or 0xE2 starting anything else */
      i++;
    }
  }
  *from = i;
  return o;
}

size_t csystem_json_unescape(const unsigned char *src, size_t *from, size_t n, unsigned char *dst) {
  size_t i = *from, o = 0;
  /* The decoded text is never longer than the source; +16 is the vector store's overhang. */
  size_t cap = n - i + 16;
  for (;;) {
    copy_run(src, &i, n, dst, &o, cap, 0);
    if (i + 1 >= n || src[i] != '\\') break;
    unsigned char d;
    switch (src[i + 1]) {
    case '"': d = '"'; break;
    case '\\': d = '\\'; break;
    case '/': d = '/'; break;
    case 'b': d = 0x08; break;
    case 'f': d = 0x0C; break;
    case 'n': d = 0x0A; break;
    case 'r': d = 0x0D; break;
    case 't': d = 0x09; break;
    default: goto done; /* \u and bad escapes are the caller's */
    }
    dst[o++] = d;
    i += 2;
  }
done:
  *from = i;
  return o;
}

/* The length of the valid UTF-8 sequence of two to four bytes at p[i], or 0. */
static inline size_t multibyte_length(const unsigned char *p, size_t i, size_t n) {
  unsigned char c = p[i];
  if (c >= 0xE0 && c < 0xF0) {
    if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)) return 0;
    return 3;
  }
  if (c >= 0xC2 && c < 0xE0) return i + 1 < n && (p[i + 1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 3 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80) return 0;
    if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

/* The scalar check, for short text and CPUs without SSSE3. */
static int utf8_valid_scalar(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    /* ASCII sixteen bytes at a time, then straight to the first byte that is not. */
    if (i + 16 <= n) {
      int high = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
      if (high == 0) {
        i += 16;
        continue;
      }
      i += (size_t)__builtin_ctz((unsigned)high);
    } else
#endif
      if (p[i] < 0x80) {
      i++;
      continue;
    }
    /* A run of multibyte characters (a CJK sentence, say) without going back to the vector. */
    do {
      size_t len = multibyte_length(p, i, n);
      if (len == 0) return 0;
      i += len;
    } while (i < n && p[i] >= 0x80);
  }
  return 1;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <tmmintrin.h>

/* Keiser and Lemire's check ("Validating UTF-8 in less than one instruction per
 * byte", 2021): each byte's error classes are looked up from the high nibble of the
 * byte before it, that byte's low nibble and its own high nibble, sixteen at a
 * time with pshufb (SSSE3); a byte is in error when all three lookups share a
 * class. Continuations the lookups cannot see (the third and fourth bytes of a
 * sequence) are checked against the lead bytes two and three places back. */
enum {
  TOO_SHORT = 1 << 0,      /* a lead byte, then no continuation */
  TOO_LONG = 1 << 1,       /* ASCII, then a continuation */
  OVERLONG_3 = 1 << 2,     /* E0 80..9F */
  TOO_LARGE = 1 << 3,      /* F4 90..BF, F5.. */
  SURROGATE = 1 << 4,      /* ED A0..BF */
  OVERLONG_2 = 1 << 5,     /* C0, C1 */
  TOO_LARGE_1000 = 1 << 6, /* F5.. 80..8F */
  OVERLONG_4 = 1 << 6,     /* F0 80..8F */
  TWO_CONTS = 1 << 7,      /* a continuation after a continuation */
  CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

__attribute__((target("ssse3"))) static int utf8_valid_ssse3(const unsigned char *p, size_t n) {
  static const unsigned char first_high_table[16] = {
      TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
      TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
      TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
      TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};
  static const unsigned char first_low_table[16] = {
      CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000};
  static const unsigned char second_high_table[16] = {
      TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
  const __m128i first_high = _mm_loadu_si128((const __m128i *)first_high_table);
  const __m128i first_low = _mm_loadu_si128((const __m128i *)first_low_table);
  const __m128i second_high = _mm_loadu_si128((const __m128i *)second_high_table);
  /* A block may not end inside a sequence unless the next block finishes it. */
  const __m128i last_max = _mm_setr_epi8(
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
  const __m128i nibble = _mm_set1_epi8(0x0F);
  __m128i prev = _mm_setzero_si128(), error = _mm_setzero_si128(), prev_incomplete = _mm_setzero_si128();
  unsigned char tail[16];
  size_t i = 0;
  for (;;) {
    __m128i input;
    int last = i + 16 > n;
    if (last) {
      /* The rest (nothing when n is a multiple of sixteen), padded with NULs: a
       * sequence cut off by the end meets ASCII. */
      memset(tail, 0, sizeof tail);
      memcpy(tail, p + i, n - i);
      input = _mm_loadu_si128((const __m128i *)tail);
    } else {
      input = _mm_loadu_si128((const __m128i *)(p + i));
    }
    if (_mm_movemask_epi8(input) == 0) {
      error = _mm_or_si128(error, prev_incomplete);
      prev_incomplete = _mm_setzero_si128();
    } else {
      __m128i prev1 = _mm_alignr_epi8(input, prev, 15);
      __m128i classes = _mm_and_si128(
          _mm_and_si128(_mm_shuffle_epi8(first_high, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
                        _mm_shuffle_epi8(first_low, _mm_and_si128(prev1, nibble))),
          _mm_shuffle_epi8(second_high, _mm_and_si128(_mm_srli_epi16(input, 4), nibble)));
      __m128i third = _mm_subs_epu8(_mm_alignr_epi8(input, prev, 14), _mm_set1_epi8((char)(0xE0 - 0x80)));
      __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(input, prev, 13), _mm_set1_epi8((char)(0xF0 - 0x80)));
      __m128i must_continue = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
      error = _mm_or_si128(error, _mm_xor_si128(must_continue, classes));
      prev_incomplete = _mm_subs_epu8(input, last_max);
    }
    prev = input;
    if (last) break;
    i += 16;
  }
  return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}

enum { SSSE3, AVX2 };

/* Whether the processor has SSSE3 or AVX2. Worked out once; threads that race to
 * it store the same answer (atomically). */
static int has(int feature) {
  static int known[2] = {-1, -1};
  int k = __atomic_load_n(&known[feature], __ATOMIC_RELAXED);
  if (k < 0) {
    k = (feature == AVX2 ? __builtin_cpu_supports("avx2") : __builtin_cpu_supports("ssse3")) ? 1 : 0;
    __atomic_store_n(&known[feature], k, __ATOMIC_RELAXED);
  }
  return k;
}

#include <immintrin.h>

/* The bytes escaped by a backslash in a 64-byte block (each backslash that starts
 * an escape marks the byte after it), by carries instead of a branch per escape:
 * a run of backslashes escapes the byte after it when the run is odd. `carry` says
 * whether the block's first byte is escaped, and is set for the next block. */
static inline uint64_t escaped_bytes(uint64_t backslash, uint64_t *carry) {
  const uint64_t even = 0x5555555555555555ULL;
  uint64_t escaped = *carry;
  backslash &= ~escaped;
  uint64_t follows = backslash << 1 | escaped;
  /* Runs starting on odd bits, added to the backslashes, carry out of each run. */
  uint64_t odd_starts = backslash & ~even & ~follows;
  uint64_t even_runs;
  *carry = __builtin_add_overflow(odd_starts, backslash, &even_runs);
  return (even ^ (even_runs << 1)) & follows;
}

__attribute__((target("avx2"))) static inline uint64_t mask64(__m256i low, __m256i high) {
  return (uint64_t)(unsigned)_mm256_movemask_epi8(low) | (uint64_t)(unsigned)_mm256_movemask_epi8(high) << 32;
}

/* Raw bytes a canonical body never holds, or only with a check: C0 controls, DEL,
 * and the leads 0xC2 and 0xE2 (of C1 controls and U+2028/9). */
__attribute__((target("avx2"))) static inline __m256i unusual(__m256i v) {
  const __m256i top = _mm256_set1_epi8(0x1F), del = _mm256_set1_epi8(0x7F), c2 = _mm256_set1_epi8((char)0xC2),
                e2 = _mm256_set1_epi8((char)0xE2);
  __m256i m = _mm256_cmpeq_epi8(_mm256_max_epu8(v, top), top);
  m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, del));
  return _mm256_or_si256(m, _mm256_or_si256(_mm256_cmpeq_epi8(v, c2), _mm256_cmpeq_epi8(v, e2)));
}

/* The bytes n, r and t, by one look-up on the low nibble (theirs differ). */
__attribute__((target("avx2"))) static inline __m256i ntr(__m256i v) {
  const __m256i table = _mm256_setr_epi8(0, 0, 'r', 0, 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 'n', 0, 0, 0, 'r', 0, 't', 0,
                                         0, 0, 0, 0, 0, 0, 0, 0, 'n', 0);
  return _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, _mm256_and_si256(v, _mm256_set1_epi8(0x0F))), v);
}

/* Blocks of 64 bytes holding only plain text and the short escapes (\" \\ \n \r
 * \t), checked without a branch per escape: model output has a newline every
 * line or so, and leaving the sixteen-byte loop at each one cost more than the
 * check. Returns where the byte-wise loop goes on: the closing quote, or the start
 * of the block holding anything else (or of the escape reaching into it), setting
 * *checked to that block's end. Sets *high when a byte looked at is not ASCII. */
__attribute__((target("avx2"))) static size_t canonical_blocks(const unsigned char *p, size_t i, size_t n,
                                                              size_t *checked, int *high) {
  const __m256i backslash = _mm256_set1_epi8('\\'), quote = _mm256_set1_epi8('"');
  uint64_t carry = 0;
  __m256i any = _mm256_setzero_si256();
  while (i + 64 <= n) {
    __m256i a = _mm256_loadu_si256((const __m256i *)(p + i)), b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
    any = _mm256_or_si256(any, _mm256_or_si256(a, b));
    __m256i ba = _mm256_cmpeq_epi8(a, backslash), bb = _mm256_cmpeq_epi8(b, backslash);
    __m256i qa = _mm256_cmpeq_epi8(a, quote), qb = _mm256_cmpeq_epi8(b, quote);
    uint64_t carried = carry;
    uint64_t escaped = escaped_bytes(mask64(ba, bb), &carry);
    uint64_t fine =
        mask64(_mm256_or_si256(_mm256_or_si256(ba, qa), ntr(a)), _mm256_or_si256(_mm256_or_si256(bb, qb), ntr(b)));
    uint64_t odd = mask64(unusual(a), unusual(b)) | (escaped & ~fine);
    uint64_t end = mask64(qa, qb) & ~escaped;
    uint64_t before = end ? (end & (0 - end)) - 1 : ~(uint64_t)0;
    if (odd & before) {
      *checked = i + 64;
      i -= carried;
      break;
    }
    if (end) {
      i += (size_t)__builtin_ctzll(end);
      break;
    }
    i += 64;
    if (i + 64 > n) {
      i -= carry;
      break;
    }
  }
  if (_mm256_movemask_epi8(any)) *high = 1;
  return i;
}
#else
enum { SSSE3, AVX2 };

/* Vector paths that need checking at run time are x86_64's alone. */
static int has(int feature) {
  (void)feature;
  return 0;
}
#endif

int csystem_utf8_valid(const unsigned char *p, size_t n) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if (n >= 64 && has(SSSE3)) return utf8_valid_ssse3(p, n);
#endif
  return utf8_valid_scalar(p, n);
}

int csystem_utf8_valid_scalar(const unsigned char *p, size_t n) { return utf8_valid_scalar(p, n); }

int csystem_utf8_is_vector(void) { return has(SSSE3); }

static long canonical_end(const unsigned char *p, size_t from, size_t n, int blocks) {
  size_t i = from;
  size_t checked = 0; /* the end of the last block the block loop stopped in */
  int high = 0;       /* whether a byte looked at is not ASCII: then the UTF-8 check runs */
  for (;;) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (blocks && i >= checked) i = canonical_blocks(p, i, n, &checked, &high);
#else
    (void)blocks;
    (void)checked;
#endif
#if defined(__SSE2__)
    while (i + 16 <= n) {
      __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
      int bits = stops(v, 1);
      int top = _mm_movemask_epi8(v);
      if (bits) {
        if (top & (bits ^ (bits - 1))) high = 1;
        i += (size_t)__builtin_ctz((unsigned)bits);
        break;
      }
      if (top) high = 1;
      i += 16;
    }
#endif
    while (i < n && !writer_special(p[i])) {
      if (p[i] >= 0x80) high = 1;
      i++;
    }
    if (i >= n) return -1;
    unsigned char c = p[i];
    if (c == '"') break;
    if (c == '\\') {
      if (i + 1 >= n) return -1;
      unsigned char d = p[i + 1];
      if (d == '"' || d == '\\' || d == 'n' || d == 'r' || d == 't') {
        i += 2;
        continue;
      }
      if (d != 'u' || i + 5 >= n) return -1;
      unsigned int v = 0;
      for (int k = 2; k < 6; k++) {
        unsigned char h = p[i + k];
        if (h >= '0' && h <= '9') v = v << 4 | (unsigned)(h - '0');
        else if (h >= 'a' && h <= 'f') v = v << 4 | (unsigned)(h - 'a' + 10);
        else return -1; /* the writer's hex digits are lower case */
      }
      /* Only what the writer spells this way: controls without a short escape, DEL, C1, U+2028/9. */
      int written = (v < 0x20 && v != '\n' && v != '\r' && v != '\t') || v == 0x7F || (v >= 0x80 && v <= 0x9F) ||
                    v == 0x2028 || v == 0x2029;
      if (!written) return -1;
      i += 6;
      continue;
    }
    /* Raw bytes the writer would escape: C1 controls and U+2028/9 (a bare 0xC2 or 0xE2 is fine). */
    if (c == 0xC2) {
      if (i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) return -1;
      high = 1;
      i++;
      continue;
    }
    if (c == 0xE2) {
      if (i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) return -1;
      high = 1;
      i++;
      continue;
    }
    return -1; /* a raw control (not JSON) or DEL */
  }
  /* ASCII is valid UTF-8 as it is. */
  if (!high) return (long)i;
  return csystem_utf8_valid(p + from, i - from) ? (long)i : -1;
}

long csystem_json_canonical_end(const unsigned char *p, size_t from, size_t n) {
  return canonical_end(p, from, n, has(AVX2));
}

long csystem_json_canonical_end_bytewise(const unsigned char *p, size_t from, size_t n) {
  return canonical_end(p, from, n, 0);
}

int csystem_json_canonical_is_vector(void) { return has(AVX2); }
