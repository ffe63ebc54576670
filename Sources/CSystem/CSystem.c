#define _GNU_SOURCE
#include "CSystem.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int csystem_start_writeback(int fd) {
  return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

int csystem_open_pty(char *path, size_t size, unsigned short rows, unsigned short cols) {
  int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct winsize ws = {.ws_row = rows, .ws_col = cols};
  if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, path, size) != 0 || ioctl(fd, TIOCSWINSZ, &ws) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

short csystem_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }

static int is_special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

static int needs_escape(unsigned char c) { return is_special(c) || c == 0x7F || c == 0xC2 || c == 0xE2; }

/* The shared scan; `writer` adds the bytes a writer escapes. Inlined into both
 * callers with `writer` constant, so each gets its own loop. */
static inline size_t first_json_byte(const unsigned char *p, size_t from, size_t n, int writer) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), top = _mm_set1_epi8(0x1F);
  const __m128i del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    /* Unsigned v < 0x20 exactly when max(v, 0x1F) == 0x1F. */
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, top), top));
    if (writer) {
      m = _mm_or_si128(m, _mm_cmpeq_epi8(v, del));
      m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2)));
    }
    int bits = _mm_movemask_epi8(m);
    if (bits) return i + (size_t)__builtin_ctz((unsigned)bits);
  }
#endif
  for (; i < n; i++)
    if (writer ? needs_escape(p[i]) : is_special(p[i])) return i;
  return n;
}

size_t csystem_first_json_special(const unsigned char *p, size_t from, size_t n) { return first_json_byte(p, from, n, 0); }

size_t csystem_first_json_escape(const unsigned char *p, size_t from, size_t n) { return first_json_byte(p, from, n, 1); }
