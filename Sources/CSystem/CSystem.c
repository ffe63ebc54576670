#define _GNU_SOURCE
#include "CSystem.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

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
