"""The console script's entry point: Ctrl-C is an interruption from the first instant.

Importing the command line (click, the text tables, the regular expressions they
compile) takes a few tenths of a second, before its own handling of Ctrl-C is in place:
an interrupt then had printed a KeyboardInterrupt traceback (fuzz pass, stop 62).  This
module imports nothing of drafter's until it is inside the try.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by SIGINT


def run() -> None:
    try:
        from drafter.cli import run as run_command_line

        run_command_line()
    except KeyboardInterrupt:
        sys.stderr.write("drafter: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
