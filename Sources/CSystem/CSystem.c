#define _GNU_SOURCE
#include "CSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif


int csystem_start_writeback(int fd) {
#if defined(__linux__)
  return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void)fd; /* No such hint elsewhere: the durable sync that follows does the work. */
  return 0;
#endif
}

int csystem_direct_io(int fd, int on) {
#if defined(__linux__)
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return -1;
  return fcntl(fd, F_SETFL, on ? (flags | O_DIRECT) : (flags & ~O_DIRECT));
#else
  (void)fd;
  (void)on;
  errno = ENOTSUP;
  return -1;
#endif
}

void csystem_keep_large_blocks(void) {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

long csystem_mapped_heap_bytes(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  return (long)mallinfo2().hblkhd;
#else
  return -1;
#endif
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


/* Slicing by eight: table[k][b] is the CRC of byte b followed by k zero bytes,
 * for a reflected polynomial. */
typedef unsigned int crc_slices[8][256];

static void crc_make_slices(crc_slices t, unsigned int polynomial) {
  for (unsigned int i = 0; i < 256; i++) {
    unsigned int c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? polynomial ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (unsigned int i = 0; i < 256; i++)
    for (int k = 1; k < 8; k++) t[k][i] = t[0][t[k - 1][i] & 0xFF] ^ (t[k - 1][i] >> 8);
}

/* Runs the CRC register `c` (kept inverted, as the caller starts and ends it) over n bytes. */
static unsigned int crc_sliced_update(crc_slices t, unsigned int c, const unsigned char *p, size_t n) {
  while (n >= 8) {
    unsigned int lo = c ^ ((unsigned int)p[0] | (unsigned int)p[1] << 8 | (unsigned int)p[2] << 16 | (unsigned int)p[3] << 24);
    unsigned int hi = (unsigned int)p[4] | (unsigned int)p[5] << 8 | (unsigned int)p[6] << 16 | (unsigned int)p[7] << 24;
    c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][hi & 0xFF] ^
        t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) c = t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c;
}

static unsigned int crc_sliced(crc_slices t, const unsigned char *p, size_t n) {
  return crc_sliced_update(t, 0xFFFFFFFFu, p, n) ^ 0xFFFFFFFFu;
}

/* CRC-32 (IEEE 802.3, reflected 0xEDB88320), as zlib. */
static crc_slices crc_tables;
static int crc32_folds = 0;

#if defined(__x86_64__)
#include <cpuid.h>
#include <wmmintrin.h>
#include <smmintrin.h>

static int crc32_cpu_folds(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  return (c & bit_PCLMUL) != 0 && (c & bit_SSE4_1) != 0;
}

/* Folding by carry-less multiplication (Intel's "Fast CRC Computation for Generic
 * Polynomials Using PCLMULQDQ"), for the reflected IEEE polynomial. Each constant is
 * x^k mod P for the distance it folds across, bit-reflected: 512 bits (four lanes of
 * 128, the main loop), 128 bits (lanes into one, then block by block), then 64 to
 * 32 bits, and Barrett's reduction by P and its quotient. n >= 64, a multiple of 16;
 * c is the register as crc_sliced_update keeps it. */
__attribute__((target("pclmul,sse4.1")))
static unsigned int crc32_fold(const unsigned char *p, size_t n, unsigned int c) {
  const __m128i by512 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
  const __m128i by128 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
  const __m128i by64 = _mm_set_epi64x(0, 0x163cd6124LL);
  const __m128i barrett = _mm_set_epi64x(0x1f7011641LL, 0x1db710641LL);
  const __m128i low32 = _mm_setr_epi32(-1, 0, -1, 0);
  __m128i lane[4];
  for (int i = 0; i < 4; i++) lane[i] = _mm_loadu_si128((const __m128i *)(p + 16 * i));
  lane[0] = _mm_xor_si128(lane[0], _mm_cvtsi32_si128((int)c));
  p += 64;
  n -= 64;
  /* x times the constant's halves, low by low and high by high, plus what comes next. */
#define CRC32_FOLD(x, k, next) \
  _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128((x), (k), 0x00), _mm_clmulepi64_si128((x), (k), 0x11)), (next))
  for (; n >= 64; p += 64, n -= 64) {
    for (int i = 0; i < 4; i++) lane[i] = CRC32_FOLD(lane[i], by512, _mm_loadu_si128((const __m128i *)(p + 16 * i)));
  }
  __m128i x = lane[0];
  for (int i = 1; i < 4; i++) x = CRC32_FOLD(x, by128, lane[i]);
  for (; n >= 16; p += 16, n -= 16) x = CRC32_FOLD(x, by128, _mm_loadu_si128((const __m128i *)p));
#undef CRC32_FOLD
  x = _mm_xor_si128(_mm_srli_si128(x, 8), _mm_clmulepi64_si128(x, by128, 0x10));
  x = _mm_xor_si128(_mm_srli_si128(x, 4), _mm_clmulepi64_si128(_mm_and_si128(x, low32), by64, 0x00));
  __m128i q = _mm_clmulepi64_si128(_mm_and_si128(x, low32), barrett, 0x10);
  q = _mm_clmulepi64_si128(_mm_and_si128(q, low32), barrett, 0x00);
  return (unsigned int)_mm_extract_epi32(_mm_xor_si128(x, q), 1);
}
#else
static int crc32_cpu_folds(void) { return 0; }
static unsigned int crc32_fold(const unsigned char *p, size_t n, unsigned int c) {
  return crc_sliced_update(crc_tables, c, p, n);
}
#endif

unsigned int csystem_crc32_scalar(const unsigned char *p, size_t n) { return crc_sliced(crc_tables, p, n); }

unsigned int csystem_crc32(const unsigned char *p, size_t n) {
  unsigned int c = 0xFFFFFFFFu;
  if (crc32_folds && n >= 64) {
    size_t whole = n & ~(size_t)15;
    c = crc32_fold(p, whole, c);
    p += whole;
    n -= whole;
  }
  return crc_sliced_update(crc_tables, c, p, n) ^ 0xFFFFFFFFu;
}

int csystem_crc32_is_vector(void) { return crc32_folds; }

/* CRC-32C (Castagnoli, reflected 0x82F63B78): the instruction where the CPU has
 * one, else slicing by eight. */
static crc_slices crc32c_tables;
static int crc32c_hardware = 0;

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#define CRC32C_TARGET __attribute__((target("sse4.2")))
#define CRC32C_WORD(c, w) _mm_crc32_u64((c), (w))
#define CRC32C_BYTE(c, b) _mm_crc32_u8((c), (b))

static int crc32c_cpu_has_instruction(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  return (c & bit_SSE4_2) != 0;
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#define CRC32C_TARGET
#define CRC32C_WORD(c, w) __crc32cd((unsigned int)(c), (w))
#define CRC32C_BYTE(c, b) __crc32cb((c), (b))

static int crc32c_cpu_has_instruction(void) { return 1; }
#else
static int crc32c_cpu_has_instruction(void) { return 0; }
#endif

#if defined(CRC32C_WORD)
CRC32C_TARGET static unsigned int crc32c_instruction(const unsigned char *p, size_t n) {
  unsigned long long c = 0xFFFFFFFFu;
  while (n >= 8) {
    unsigned long long w;
    memcpy(&w, p, 8);
    c = CRC32C_WORD(c, w);
    p += 8;
    n -= 8;
  }
  unsigned int crc = (unsigned int)c;
  while (n--) crc = CRC32C_BYTE(crc, *p++);
  return crc ^ 0xFFFFFFFFu;
}
#else
static unsigned int crc32c_instruction(const unsigned char *p, size_t n) { return csystem_crc32c_scalar(p, n); }
#endif

/* Both checksums' tables, and what this CPU can do for each, before main. */
__attribute__((constructor)) static void crc_init(void) {
  crc_make_slices(crc_tables, 0xEDB88320u);
  crc32_folds = crc32_cpu_folds();
  crc_make_slices(crc32c_tables, 0x82F63B78u);
  crc32c_hardware = crc32c_cpu_has_instruction();
}

unsigned int csystem_crc32c_scalar(const unsigned char *p, size_t n) { return crc_sliced(crc32c_tables, p, n); }

unsigned int csystem_crc32c(const unsigned char *p, size_t n) {
  if (!crc32c_hardware) return csystem_crc32c_scalar(p, n);
  return crc32c_instruction(p, n);
}

int csystem_crc32c_is_hardware(void) { return crc32c_hardware; }

/* Fatal signals: the terminal as the shell left it, then the signal's own end. */

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios csystem_saved_termios;
static volatile sig_atomic_t csystem_have_termios = 0;
static struct sigaction csystem_previous[65];
/* Modes off (modifyOtherKeys, bracketed paste), attributes reset, cursor shown,
 * the alternate screen left, and a fresh line. */
static const char csystem_reset[] = "\033[>4;0m\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";
static char csystem_altstack[1 << 16];

/* One update's output gathered in memory (see CSystem.h). */

static volatile sig_atomic_t csystem_gather_saved = -1;
static volatile sig_atomic_t csystem_gather_target = -1;
static int csystem_gather_file = -1;

void csystem_gather_abort(void) {
  int saved = csystem_gather_saved;
  if (saved < 0) return;
  csystem_gather_saved = -1;
  dup2(saved, csystem_gather_target);
}

int csystem_gather_begin(int fd) {
#if defined(__linux__)
  if (csystem_gather_saved >= 0) return -1;
  if (csystem_gather_file < 0) csystem_gather_file = memfd_create("rubric-frame", MFD_CLOEXEC);
  if (csystem_gather_file < 0) return -1;
  /* Empty, whatever an aborted update left in it. */
  if (ftruncate(csystem_gather_file, 0) != 0 || lseek(csystem_gather_file, 0, SEEK_SET) != 0) {
    return -1;
  }
  int saved = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (saved < 0) return -1;
  csystem_gather_target = fd;
  csystem_gather_saved = saved;
  if (dup2(csystem_gather_file, fd) < 0) {
    csystem_gather_saved = -1;
    close(saved);
    return -1;
  }
  return 0;
#else
  (void)fd;
  return -1;
#endif
}

int csystem_gather_end(void) {
  int saved = csystem_gather_saved;
  if (saved < 0) return -1;
  int fd = csystem_gather_target;
  csystem_gather_abort();
  close(saved);
  int file = csystem_gather_file;
  off_t size = lseek(file, 0, SEEK_CUR);
  int rc = size < 0 ? -1 : 0;
  char buffer[1 << 16];
  off_t at = 0;
  while (rc == 0 && at < size) {
    size_t want = (size_t)(size - at) < sizeof buffer ? (size_t)(size - at) : sizeof buffer;
    ssize_t got = pread(file, buffer, want, at);
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      rc = -1;
      break;
    }
    ssize_t done = 0;
    while (done < got) {
      ssize_t n = write(fd, buffer + done, (size_t)(got - done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        /* A terminal left non-blocking: wait until it takes more. */
        struct pollfd ready = {.fd = fd, .events = POLLOUT};
        if (poll(&ready, 1, 1000) > 0) continue;
      }
      if (n <= 0) {
        rc = -1;
        break;
      }
      done += n;
    }
    at += got;
  }
  return rc;
}

static void csystem_fatal(int sig) {
  csystem_gather_abort();
  ssize_t written = write(STDOUT_FILENO, csystem_reset, sizeof csystem_reset - 1);
  (void)written;
  if (csystem_have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &csystem_saved_termios);
  /* Whatever handled it before (the Swift runtime's backtracer, or the default)
   * takes it from here. */
  if (sig > 0 && sig < 65) sigaction(sig, &csystem_previous[sig], NULL);
  raise(sig);
}

void csystem_install_fatal_handlers(void) {
  if (tcgetattr(STDIN_FILENO, &csystem_saved_termios) == 0) csystem_have_termios = 1;
  stack_t stack;
  stack.ss_sp = csystem_altstack;
  stack.ss_size = sizeof csystem_altstack;
  stack.ss_flags = 0;
  sigaltstack(&stack, NULL);
  const int signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = csystem_fatal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigaction(signals[i], &action, &csystem_previous[signals[i]]);
  }
}

/* Subprocesses that never outlive us. */

#include <fcntl.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int csystem_anonymous_file(const char *name) {
#if defined(__linux__)
  return memfd_create(name, MFD_CLOEXEC);
#else
  (void)name;
  return -1;
#endif
}

int csystem_spawn_group(const char *path, char *const argv[], char *const envp[], int out_fd, int err_fd) {
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    /* Only async-signal-safe calls between fork and exec. */
    setpgid(0, 0);
    /* SIGTERM, not SIGKILL: git removes its lock files (index.lock, ref locks) on
     * SIGTERM, so a Rubric killed mid-sync leaves a repository the next sync can use. */
#if defined(__linux__)
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != parent) _exit(127);
    int in = open("/dev/null", O_RDONLY);
    if (in >= 0) dup2(in, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(path, argv, envp);
    _exit(127);
  }
  setpgid(pid, pid);
  return pid;
}
