#!/usr/bin/env python3
"""Runs a command on its own pseudo-terminal and relays it to this one, like a
slow ssh link: each cursor position request (ESC [ 6 n) the command writes is
answered here, not by the terminal, in two pieces 300 ms apart.

usage: slow_link.py COMMAND [ARG...]   (exits with the command's status)
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

REQUEST = b"\x1b[6n"


def main() -> int:
    cols, rows = os.get_terminal_size(0)
    pid, master = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvp(sys.argv[1], sys.argv[1:])
    saved = termios.tcgetattr(0)
    raw = termios.tcgetattr(0)
    raw[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)
    raw[0] &= ~(termios.ICRNL | termios.IXON)
    termios.tcsetattr(0, termios.TCSANOW, raw)
    try:
        while True:
            ready, _, _ = select.select([0, master], [], [])
            if master in ready:
                try:
                    out = os.read(master, 65536)
                except OSError:
                    break
                if not out:
                    break
                asked = out.count(REQUEST)
                os.write(1, out.replace(REQUEST, b""))
                for _ in range(asked):
                    # A sample is two columns wide, so the cursor ends in column 3.
                    os.write(master, b"\x1b[%d;" % rows)
                    time.sleep(0.3)
                    os.write(master, b"3R")
            if 0 in ready:
                data = os.read(0, 4096)
                if not data:
                    break
                os.write(master, data)
    finally:
        termios.tcsetattr(0, termios.TCSANOW, saved)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
