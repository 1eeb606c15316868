"""Progress of long work on the phrasebank, told to whoever is watching.

A command that may take long (a decision on the whole bundled bank reads, changes and
writes 90,000 phrases: two minutes on a slow machine, and it had said nothing all that
while: fuzz pass A of stop 64) sets a reporter for the time it works; the library code
it calls says which phase it is in with ``report``, and says nothing when no one
listens.  A context variable, not a parameter threaded through every call: reading and
writing the bank are reached from many commands and the TUI.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

# reporter(done, total, phase): ``total`` None while the size of the phase is unknown.
Reporter = Callable[[int, int | None, str], None]
_REPORTER: contextvars.ContextVar[Reporter | None] = contextvars.ContextVar(
    "progress_reporter", default=None)


@contextlib.contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Phases reported within the block go to ``reporter`` (None: to no one)."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def report(phase: str, done: int = 0, total: int | None = None) -> None:
    """Say that ``phase`` is under way, ``done`` of ``total`` steps into it."""
    reporter = _REPORTER.get()
    if reporter is not None:
        reporter(done, total, phase)
