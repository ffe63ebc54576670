#ifndef RUBRIC_CNCURSESW_SHIM_H
#define RUBRIC_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without this the wide API is missing.
 * Darwin's curses.h declares the wide API only under _XOPEN_SOURCE_EXTENDED. */
#define NCURSES_WIDECHAR 1
#if defined(__APPLE__) && !defined(_XOPEN_SOURCE_EXTENDED)
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncurses.h>
#include <termios.h>
#include <unistd.h>
#include <signal.h>
#include <term.h>

static inline WINDOW *rb_stdscr(void) { return stdscr; }
static inline int rb_lines(void) { return LINES; }
static inline int rb_cols(void) { return COLS; }
static inline int rb_color_pairs(void) { return COLOR_PAIRS; }
static inline int rb_key_f(int n) { return KEY_F(n); }
static inline attr_t rb_a_bold(void) { return A_BOLD; }
static inline attr_t rb_a_dim(void) { return A_DIM; }
static inline attr_t rb_a_reverse(void) { return A_REVERSE; }
static inline attr_t rb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rb_a_normal(void) { return A_NORMAL; }

/* Draw one cell: a base character plus up to four combining marks. */
static inline int rb_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
  cchar_t c;
  if (setcchar(&c, wch, attrs, pair, NULL) != OK) return ERR;
  return mvadd_wch(y, x, &c);
}

/* Turn off IXON so Ctrl-S and Ctrl-Q reach the program. */
static inline void rb_disable_ixon(void) {
  struct termios t;
  if (tcgetattr(STDIN_FILENO, &t) == 0) {
    t.c_iflag &= ~(IXON);
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
  }
}
/* 1 when terminfo knows `term` and it can put the cursor anywhere (cup), 0 when
 * it knows it but cannot, -1 when it does not know it. The entry is released. */
static inline int rb_terminfo_check(const char *term) {
  int err = 0;
  if (setupterm((char *)term, 1, &err) != OK || err != 1) return -1;
  char *cup = tigetstr("cup");
  int ok = cup != NULL && cup != (char *)-1;
  del_curterm(cur_term);
  return ok ? 1 : 0;
}
#endif
