#ifndef RUBRIC_CSYSTEM_H
#define RUBRIC_CSYSTEM_H

#include <stddef.h>

/* Linux and glibc calls that Swift's Glibc module does not export (GNU and
 * X/Open extensions), wrapped so Swift code can call them by name. Each
 * Linux-only call has its other-platform branch in CSystem.c (#if __linux__). */

/* Starts writeback of all of a file's dirty pages without waiting
 * (sync_file_range with SYNC_FILE_RANGE_WRITE). Returns 0 or -1 with errno. */
int csystem_start_writeback(int fd);

/* Turns a file's direct I/O (O_DIRECT: writes that skip the page cache) on or off.
 * Returns 0, or -1 with errno where the file system or the system has none. */
int csystem_direct_io(int fd, int on);

/* Opens a pseudo-terminal of rows x cols. Returns the master descriptor and
 * writes the slave's path into path, or returns -1 with errno. */
int csystem_open_pty(char *path, size_t size, unsigned short rows, unsigned short cols);

/* glibc's POSIX_SPAWN_SETSID: the spawned child starts a new session, so the
 * first terminal it opens becomes its controlling terminal. */
short csystem_spawn_setsid_flag(void);

/* Has glibc's malloc keep blocks below 32 MiB in its heap and keep up to 64 MiB
 * of freed heap instead of handing it back at once. By default a block of a
 * few MiB (an import's 4 MiB blocks, a digest's buffers) is mapped fresh and
 * unmapped when freed, so every use of it faults its pages in again: an import
 * spent about a tenth of its CPU on that. Does nothing on other C libraries. */
void csystem_keep_large_blocks(void);

/* Bytes malloc holds in blocks mapped on their own (glibc 2.33 and later), or -1:
 * for the test of csystem_keep_large_blocks. */
long csystem_mapped_heap_bytes(void);

/* The index of the first byte at or after `from` in p[0..<n] that is '"', '\\'
 * or a C0 control (below 0x20), or n if there is none. SSE2 where available:
 * sixteen bytes per step. */
size_t csystem_first_json_special(const unsigned char *p, size_t from, size_t n);

/* As csystem_first_json_special, also stopping at DEL (0x7F) and at 0xC2 and
 * 0xE2, the lead bytes of C1 controls and of U+2028/U+2029, which a JSON writer
 * escapes so the output is safe to show and to embed in JavaScript. */
size_t csystem_first_json_escape(const unsigned char *p, size_t from, size_t n);

/* The same answers from the byte-at-a-time loop alone (writer 0: the special
 * bytes, 1: the escaped ones), and whether this build has a vector path (SSE2 on
 * x86_64, NEON on arm64): the tests hold the two to each other on random input. */
size_t csystem_first_json_byte_scalar(const unsigned char *p, size_t from, size_t n, int writer);
int csystem_json_scan_is_vector(void);

/* Writes src[*from..<n] to dst (room for cap bytes) as the inside of a JSON
 * string, escaping what csystem_first_json_escape stops at the way
 * JSONWriter.quote does: \" \\ \n \r \t, other C0 controls, DEL, C1 controls
 * and U+2028/U+2029 as \u00xx/\u20xx. Stops at the end of the source or when
 * the next step may not fit; advances *from past what it wrote and returns
 * the bytes written. */
size_t csystem_json_escape(const unsigned char *src, size_t *from, size_t n, unsigned char *dst, size_t cap);

/* Decodes the body of a JSON string from src[*from..<n] into dst, which must
 * have room for n - *from + 16 bytes: runs are copied and the escapes \" \\ \/
 * \b \f \n \r \t decoded. Stops at the closing quote, a C0 control, a \u or
 * invalid escape, or the end, with *from there; returns the bytes written. */
size_t csystem_json_unescape(const unsigned char *src, size_t *from, size_t n, unsigned char *dst);

/* For a JSON string whose body starts at p[from] (after its opening quote): the
 * index of its closing quote when the body is exactly what csystem_json_escape
 * writes for its text (valid UTF-8; only the escapes \" \\ \n \r \t and the
 * writer's lower-case \u00xx and \u20xx; no raw DEL, C1 or U+2028/9), so the bytes
 * can be copied instead of decoded and written again; -1 otherwise. */
long csystem_json_canonical_end(const unsigned char *p, size_t from, size_t n);

/* The same answer without the 64-byte block loop (csystem_json_canonical_end uses
 * it on x86_64 CPUs with AVX2), and whether this machine takes it: the tests hold
 * the two to each other. */
long csystem_json_canonical_end_bytewise(const unsigned char *p, size_t from, size_t n);
int csystem_json_canonical_is_vector(void);

/* Whether p[0..<n] is well-formed UTF-8 (no overlong forms, surrogates or values
 * past U+10FFFF): 1 or 0, sixteen bytes at a time. */
int csystem_utf8_valid(const unsigned char *p, size_t n);

/* The same answer from the byte-at-a-time check alone (csystem_utf8_valid uses
 * SSSE3 lookups for 64 bytes or more on x86_64 CPUs that have it), and whether
 * this machine takes the vector path: the tests hold the two to each other. */
int csystem_utf8_valid_scalar(const unsigned char *p, size_t n);
int csystem_utf8_is_vector(void);

/* CRC-32 (IEEE 802.3, as zlib) of n bytes: on x86 CPUs with PCLMULQDQ and SSE4.1,
 * 64 bytes folded at a time by carry-less multiplication (tens of bytes a cycle),
 * the last 0-15 bytes and inputs under 64 bytes by slicing by eight (about a byte
 * a cycle), which is all that runs elsewhere. The scalar path alone, and whether
 * this process folds, for the tests. */
unsigned int csystem_crc32(const unsigned char *p, size_t n);
unsigned int csystem_crc32_scalar(const unsigned char *p, size_t n);
int csystem_crc32_is_vector(void);

/* CRC-32C (Castagnoli) of n bytes, for Rubric's own cache files: SSE4.2's crc32
 * instruction on x86 CPUs that have it (eight bytes per instruction), ARMv8's
 * when the build targets it, else slicing by eight. The scalar path alone, and
 * whether this process uses the instruction, for the tests. */
unsigned int csystem_crc32c(const unsigned char *p, size_t n);
unsigned int csystem_crc32c_scalar(const unsigned char *p, size_t n);
int csystem_crc32c_is_hardware(void);

/* Installs handlers for SIGSEGV, SIGABRT, SIGBUS, SIGILL and SIGFPE that, with
 * async-signal-safe calls only, restore the terminal as it was when they were
 * installed (modes, cursor, alternate screen, termios), then hand the signal to
 * whatever handled it before. Call before the terminal is put in raw mode. */
void csystem_install_fatal_handlers(void);

/* Starts a program in a process group of its own (so everything it starts can be
 * killed with it) that the kernel kills when this process dies (Linux's
 * parent-death signal); standard input from /dev/null, output and errors to the
 * given descriptors. Returns the pid, or -1 with errno. */
int csystem_spawn_group(const char *path, char *const argv[], char *const envp[], int out_fd, int err_fd);

/* A file with no name, in memory (memfd_create, close-on-exec), for output a child
 * writes and the caller reads back: nothing is left behind however the process ends.
 * -1 where there is no such call (not Linux); the caller then uses a named file. */
int csystem_anonymous_file(const char *name);

/* Gathers what is written to fd between begin and end in memory (a memfd) and
 * writes it to fd's file in one go at end: curses writes a frame in about 70
 * pieces, and a terminal (or an ssh session) wakes for each. begin returns 0 when
 * gathering, -1 when not (then writes go straight through); end returns 0, or -1
 * when the copy failed. Linux only; elsewhere begin returns -1. */
int csystem_gather_begin(int fd);
int csystem_gather_end(void);

/* Puts a gathering fd back on its file at once (async-signal-safe): the crash
 * handler calls it before it restores the terminal. */
void csystem_gather_abort(void);

#endif
