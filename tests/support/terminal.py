"""Reading what a child process wrote to a pseudo-terminal."""

from __future__ import annotations

import os


def read_until_closed(leader: int) -> bytes:
    """Everything written to the terminal whose leader end is ``leader``, read until the
    child closes it (the read then fails or returns nothing); the leader is closed."""
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break  # the child closed the terminal
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return seen
