"""Ending well when drafter is told to end: SIGTERM (kill, a service manager, timeout) and
SIGHUP (the terminal closed) as well as Ctrl-C.

The programs drafter starts to read a file (LibreOffice, the PDF reader) run in a
session of their own, so that a stuck one can be killed whole: soffice is a script that
starts oosplash, which starts soffice.bin.  Being in another session, they do not get
the terminal's hang-up, and a drafter that died of SIGTERM had left them converting,
orphaned, at full CPU, with their scratch folder in /tmp.  Every such program is listed
here while it runs, and a terminating signal kills them all before drafter ends (and
unwinds, so that the scratch folders are removed as every other block is left).

Plain module: no Textual, no click.  The console script installs ``on_terminate`` with
an ``exit`` of SystemExit; the TUI with one that saves and leaves the app; a mining
worker process with ``worker_setup``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

# The signals that end drafter.  (SIGHUP and SIGQUIT are POSIX only.)  SIGQUIT too: its
# default ends the process at once, and the TUI had left the terminal raw and an edit
# unsaved (fuzz pass 70 p1); drafter writes no core dump worth having.
TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT")
                    if hasattr(signal, name))
# Held while a phrasebank change is put in place: each arrives after it instead.
HELD = (signal.SIGINT, *TERMINATING)

# Reentrant: the signal handler takes it on the main thread, which may hold it already.
_lock = threading.RLock()
_children: set[subprocess.Popen] = set()


@contextlib.contextmanager
def child(process: subprocess.Popen) -> Iterator[subprocess.Popen]:
    """``process`` (started with a session of its own) listed as running for as long as
    the block runs: a terminating signal kills its whole session."""
    with _lock:
        _children.add(process)
    try:
        yield process
    finally:
        with _lock:
            _children.discard(process)


def kill_group(process: subprocess.Popen) -> None:
    """Kill ``process`` and every process it started in its session."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(OSError):
            process.kill()


def stop_children() -> None:
    """Kill every listed program's session."""
    with _lock:
        running = list(_children)
    for process in running:
        kill_group(process)


def on_terminate(exit: Callable[[int], None]) -> None:
    """On SIGTERM and SIGHUP: the programs started are killed, then ``exit(signum)``.
    A signal the caller's parent set to be ignored (nohup) stays ignored."""
    def handler(signum, _frame) -> None:
        stop_children()
        exit(signum)

    for signum in TERMINATING:
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, handler)


def exit_status(signum: int) -> int:
    """The exit status a shell gives a program ended by ``signum``."""
    return 128 + signum


# What this run has put in place (a file replaced, a phrasebank change committed), for
# the line said when a signal ends it.  Each is recorded with signals held, so that the
# line never says "nothing was written" of a write that was done.
_written: dict[str, None] = {}  # (a dict: the TUI's autosaves repeat one path)


def wrote(what: str) -> None:
    """Record that ``what`` (a path, or a phrasebank change) has been put in place."""
    _written[what] = None


def stopped_message(signum: int) -> str:
    """The line said when ``signum`` ends the console script: what was written before it
    came (an import stopped at 3 s, 6 s or 8 s had said the same line, whether its 5,000
    phrases were in the bank or not: fuzz pass 49, n1)."""
    name = signal.Signals(signum).name
    done = list(_written)
    if not done:
        return f"drafter: stopped by {name}; nothing was written"
    shown = ", ".join(done[:3]) + (f" and {len(done) - 3} more" if len(done) > 3 else "")
    return f"drafter: stopped by {name}; written before it came, each whole: {shown}"


def raise_exit(signum: int) -> None:
    """Leave by SystemExit: every block being run unwinds (atomic writes drop their
    temporary files, scratch folders are removed), saying why in one line (an import
    ended by SIGHUP just after its change was in place had said nothing: fuzz pass 48
    n1)."""
    with contextlib.suppress(OSError, ValueError):  # (the terminal may be gone)
        print(stopped_message(signum), file=sys.stderr, flush=True)
    raise SystemExit(exit_status(signum))


def end_after(seconds: float, signum: int, still_running: Callable[[], bool]) -> None:
    """End the process with ``signum``'s status in ``seconds`` if ``still_running()``
    then: for something that leaves by itself when its loop is free (the TUI), whose
    loop may be kept busy."""
    def end() -> None:
        if not still_running():
            return
        stop_children()
        with contextlib.suppress(OSError, ValueError):
            print(f"drafter: stopped by {signal.Signals(signum).name} after {seconds:g} s "
                  "busy; the recovery copy holds the draft as last autosaved",
                  file=sys.stderr, flush=True)
        os._exit(exit_status(signum))

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


_ending = False  # set in a worker process told to end: no program is started any more


def process_alive(pid: int | str) -> bool:
    """Whether a process of this id is running: one of another user's counts (we may
    not signal it), a number no process can have does not."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except OSError:  # (PermissionError: another user's)
        return True
    return True


def ending() -> bool:
    """Whether this process was told to end (a worker whose parent leaves early)."""
    return _ending


def _stop_worker(_signum, _frame) -> None:
    global _ending
    _ending = True
    stop_children()
    # The worker is not ended here: killed (os._exit) while it sent a result, it had
    # left half a message in the pool's pipe, and the parent hung at exit reading it.
    # Its converter killed, its task fails at once; a task of its own work (segmenting
    # one file) finishes, and the pool's shutdown then ends it.


def worker_setup() -> None:
    """Initializer of a mining worker process: a terminating signal (the parent leaving
    early, or the terminal's hang-up) kills the worker's programs and starts no more;
    the parent gone without a word (SIGKILL), the worker ends too."""
    for signum in TERMINATING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop_worker)
    watcher = threading.Thread(target=_end_when_orphaned, args=(os.getppid(),),
                               name="drafter-parent-watch", daemon=True)
    watcher.start()


_PARENT_POLL = 0.5  # seconds between a worker's looks at whether its parent is there
_UNWIND = 1.0  # seconds an orphaned worker gives its task to unwind before it ends


def _end_when_orphaned(parent: int) -> None:
    """End this worker once its parent is gone (it is then another process's child):
    workers of a ``mine -j 2`` killed by SIGKILL had waited for work forever, holding
    the phrasebank's lock they were forked with, and every later write waited for them
    (fuzz pass 65).  No result is being sent to anybody, so nothing is left half-said."""
    global _ending
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    _ending = True
    stop_children()
    # (The task it was running, its converter killed, fails at once and takes its
    # scratch folder with it: given a moment for that before the worker ends.)
    time.sleep(_UNWIND)
    os._exit(1)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back while the block runs (files being swapped):
    a signal that arrives meanwhile is delivered when it ends."""
    arrived: list[int] = []
    previous: dict[int, object] = {}
    try:
        for signum in HELD:
            previous[signum] = signal.signal(signum, lambda s, _f: arrived.append(s))
    except ValueError:  # not the main thread: nothing to hold back
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(arrived):
            if previous[signum] is not signal.SIG_IGN:
                signal.raise_signal(signum)
