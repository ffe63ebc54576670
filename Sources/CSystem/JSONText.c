#include "CSystem.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Escaping and unescaping JSON string text a run at a time: sixteen bytes are
 * stored per step before looking at them, and only the bytes that need work
 * leave the loop. The Swift callers (JSONWriter.quote, FastJSON.string) handle
 * what these stop at, so these stay small. */

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
  m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, top), top));
  if (writer) {
    const __m128i del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, del));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2)));
  }
  return _mm_movemask_epi8(m);
}
#endif

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
