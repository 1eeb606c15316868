"""SIGTERM and SIGHUP end drafter cleanly: the converters it started die with it, their
scratch folders go, a phrasebank change being put in place is finished first, and the
TUI leaves as ctrl+q does.  Real processes and real signals throughout."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from drafter import termination
from drafter.bank.words import MAX_CHARS

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

# A stand-in for LibreOffice's soffice: like the real one (a script that starts
# oosplash, which starts soffice.bin), it starts a program of its own that goes on
# converting, and writes that program's pid where the test can find it.
FAKE_SOFFICE = """\
#!{python}
import os, subprocess, sys
# (Named, as soffice.bin is, by the scratch folder it converts in: its last argument.)
converter = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)",
                              sys.argv[-1]])
with open(os.path.join({pids!r}, str(converter.pid)), "w") as f:
    f.write(os.environ.get("TMPDIR", ""))
converter.wait()
"""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, unreaped


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def converting(tmp_path):
    """An environment whose soffice is the stand-in; its converters' pids appear in
    ``pids``, its scratch folders in ``scratch``."""
    bin_dir, pids, scratch = tmp_path / "bin", tmp_path / "pids", tmp_path / "scratch"
    for folder in (bin_dir, pids, scratch):
        folder.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, pids=str(pids)))
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "TMPDIR": str(scratch), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    env.pop("CI", None)
    return env, pids, scratch


def _start(args: list[str], env, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "drafter", *args], env=env, cwd=cwd,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _rtf(path: Path, text: str) -> Path:
    path.write_text("{\\rtf1\\ansi " + text + "\\par}", encoding="ascii")
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_conversion_kills_the_converter_and_removes_its_scratch(
        tmp_path, converting, signum):
    # Fuzz pass 47 P1: the converter runs in a session of its own, so that a stuck one
    # can be killed whole; SIGTERM or SIGHUP had left it converting, orphaned, at full
    # CPU, with its scratch folder in /tmp.
    env, pids, scratch = converting
    drafter = _start(["parse", str(_rtf(tmp_path / "speech.rtf", "x"))], env, tmp_path)
    try:
        assert _wait_for(lambda: any(pids.iterdir())), drafter.stderr
        converter = int(next(pids.iterdir()).name)
        assert _alive(converter) and any(scratch.glob("drafter-convert-*"))
        # LibreOffice's own temporary files go in the scratch folder, removed with it
        # (killed, it had left an lu*.tmp folder in the user's temp folder: fuzz pass 49).
        assert Path(next(pids.iterdir()).read_text()).name.startswith("drafter-convert-")
        drafter.send_signal(signum)
        assert drafter.wait(30) == termination.exit_status(signum)
    finally:
        drafter.kill()
        _kill_every(pids)
    assert _wait_for(lambda: not _alive(converter), 10)
    assert not list(scratch.glob("drafter-convert-*"))


def test_a_signal_during_parallel_mining_ends_every_worker_and_its_converter(
        tmp_path, converting):
    env, pids, scratch = converting
    corpus = _busy_corpus(tmp_path)
    bank = tmp_path / "bank"
    drafter = _start(["mine", "-j", "2", str(corpus), "-o", str(bank)], env, tmp_path)
    try:
        assert _wait_for(lambda: any(pids.iterdir()), 120), drafter.stderr
        converters = [int(p.name) for p in pids.iterdir()]
        workers = _children_of(drafter.pid)
        assert len(workers) >= 2
        drafter.send_signal(signal.SIGTERM)
        assert drafter.wait(30) == termination.exit_status(signal.SIGTERM)
    finally:
        drafter.kill()
        _kill_every(pids)
    for pid in [*converters, *workers]:
        assert _wait_for(lambda pid=pid: not _alive(pid), 10), pid
    assert not list(scratch.glob("drafter-convert-*"))
    assert not (bank / "phrases").exists()  # nothing mined was written


def test_workers_of_a_mine_killed_outright_end_and_free_the_phrasebank(tmp_path, converting):
    # Fuzz pass 65: SIGKILL to `mine -j 2` left its two workers waiting for work forever,
    # holding the phrasebank's lock they were forked with: every later write waited 120 s
    # for them and failed.
    env, pids, scratch = converting
    corpus = _busy_corpus(tmp_path)
    bank = tmp_path / "bank"
    drafter = _start(["mine", "-j", "2", str(corpus), "-o", str(bank)], env, tmp_path)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: any(pids.iterdir()), 120), drafter.stderr
        converters = [int(p.name) for p in pids.iterdir()]
        workers = _children_of(drafter.pid)
        assert len(workers) >= 2
        drafter.kill()
        drafter.wait(30)
        for pid in [*workers, *converters]:
            assert _wait_for(lambda pid=pid: not _alive(pid), 10), pid
        assert not list(scratch.glob("drafter-convert-*"))
    finally:
        drafter.kill()
        _kill_every(pids)
        for pid in workers:  # (not to outlive a failing test)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    # The bank is free: a write to it goes ahead at once.
    done = subprocess.run([sys.executable, "-m", "drafter", "mine", str(corpus / "a.txt"),
                           "-o", str(bank)], env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "waiting for another drafter process" not in done.stderr


def _busy_corpus(tmp_path: Path) -> Path:
    """Texts first, as much as new-word discovery reads in the main process before the
    workers start: the .rtf files after them are then converted by the workers.  (Each
    line its own: a line repeated is dropped as a page's furniture.)"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [f"同志们要把第{i}项安全生产责任落到实处，层层压实，确保万无一失。\n"
             for i in range(MAX_CHARS // 3 // 30 + 100)]
    for name in "abcd":
        (corpus / f"{name}.txt").write_text("".join(lines), encoding="utf-8")
    for i in range(4):
        _rtf(corpus / f"speech{i}.rtf", f"speech {i}")
    return corpus


def _kill_every(pids: Path) -> None:
    """The stand-in converters, killed whatever the test found (not to outlive it)."""
    for pid in pids.iterdir():
        try:
            os.kill(int(pid.name), signal.SIGKILL)
        except ProcessLookupError:
            pass


def _children_of(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def test_a_signal_while_files_are_swapped_arrives_when_the_swap_is_done():
    arrived: list[str] = []
    previous = signal.signal(signal.SIGTERM, lambda s, f: arrived.append("handled"))
    try:
        with termination.held():
            signal.raise_signal(signal.SIGTERM)
            arrived.append("swap finished")
        assert arrived == ["swap finished", "handled"]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_signal_ignored_by_the_caller_stays_ignored():
    # nohup drafter mine …: the hang-up it was started to survive must not end it.
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    before_term = signal.getsignal(signal.SIGTERM)
    try:
        termination.on_terminate(termination.raise_exit)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is not before_term
    finally:
        signal.signal(signal.SIGHUP, previous)
        signal.signal(signal.SIGTERM, before_term)


SCRIPT = textwrap.dedent("""
    import signal, sys
    from drafter import termination
    termination.on_terminate(termination.raise_exit)
    try:
        print("ready", flush=True)
        signal.pause()
    finally:
        print("unwound", flush=True)
""")


def test_the_console_script_unwinds_on_sigterm_with_the_shells_status():
    # SystemExit, not a sudden death: `finally` blocks (atomic writes dropping their
    # temporary files) run, and the status is the one a shell reports for the signal.
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n", process.communicate()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert out == "unwound\n"
    assert err.startswith("drafter: stopped by SIGTERM")  # (said: fuzz pass 48 n1)
    assert "nothing was written" in err
    assert process.returncode == 143


def test_the_stop_line_says_whether_the_phrasebank_change_was_written(tmp_path):
    # Fuzz pass 49, n1: an import stopped at 3, 6 or 8 s said the same line whether its
    # phrases were in the bank or not.  A real import then a real SIGHUP, in a child.
    script = textwrap.dedent(f"""
        import signal, sys
        from drafter import termination
        from drafter.bank.model import Phrase, Source
        from drafter.bank.store import save_phrases
        termination.on_terminate(termination.raise_exit)
        if sys.argv[1] == "write":
            save_phrases({str(tmp_path / "bank")!r}, [Phrase(
                id="p1", text="坚持以人民为中心", kind="set_phrase", sections=["work_style"],
                sources=[Source(file="a.txt", position=1)])])
        print("ready", flush=True)
        signal.pause()
    """)
    said = {}
    for mode in ("write", "wait"):
        process = subprocess.Popen([sys.executable, "-c", script, mode],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout.readline() == "ready\n", process.communicate()
        process.send_signal(signal.SIGHUP)
        said[mode] = process.communicate(timeout=30)[1]
        assert process.returncode == 129, said[mode]
    assert f"the phrasebank change in {tmp_path / 'bank'}" in said["write"]
    assert "nothing was written" not in said["write"]
    assert "stopped by SIGHUP; nothing was written" in said["wait"]


def test_after_a_sigkill_the_next_conversion_clears_what_the_killed_one_left(
        tmp_path, converting):
    # Fuzz pass 48 N3: SIGKILL, which no handler sees, left LibreOffice's soffice.bin
    # converting at full CPU (only its launcher dies with drafter) and the scratch folder.
    env, pids, scratch = converting
    speech = _rtf(tmp_path / "speech.rtf", "x")
    drafter = _start(["parse", str(speech)], env, tmp_path)
    try:
        assert _wait_for(lambda: any(pids.iterdir())), drafter.stderr
        converter = int(next(pids.iterdir()).name)
        drafter.kill()
        drafter.wait(30)
        assert _wait_for(lambda: any(scratch.glob("drafter-convert-*")))
        assert _alive(converter)  # left by the SIGKILL: the launcher alone died with it
        again = _start(["parse", str(_rtf(tmp_path / "other.rtf", "y"))], env, tmp_path)
        try:
            assert _wait_for(lambda: not _alive(converter), 30)
            assert _wait_for(lambda: not any(
                f.name.startswith(f"drafter-convert-{drafter.pid}-")
                for f in scratch.iterdir()), 30)
        finally:
            again.kill()
            again.wait(30)
    finally:
        drafter.kill()
        _kill_every(pids)



BUSY = textwrap.dedent("""
    import sys, time
    from drafter import termination
    running = sys.argv[1] == "running"
    termination.on_terminate(lambda signum: termination.end_after(0.5, signum, lambda: running))
    print("ready", flush=True)
    started = time.monotonic()
    while time.monotonic() - started < 4:  # a loop kept busy (laying out a huge paste)
        pass
    print("left by itself", flush=True)
""")


@pytest.mark.parametrize("running", ["running", "done"])
def test_a_busy_app_told_to_end_ends_after_its_grace(running):
    # Fuzz pass 52 N6: the TUI, busy with a huge paste, left two SIGTERMs unanswered for
    # two minutes.  Its request to leave is backed by a timer that ends the process if
    # it is still running when the grace is over, and does nothing once it has left.
    process = subprocess.Popen([sys.executable, "-c", BUSY, running], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n", process.communicate()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    if running == "running":
        assert process.returncode == 143 and out == ""
        assert "stopped by SIGTERM after 0.5 s busy" in err
    else:
        assert process.returncode == 0 and out == "left by itself\n", err


def test_the_tui_quits_after_continue_signals_it_was_not_suspended_for(tmp_path):
    # Fuzz pass 61 N2: Textual resumed the application mode on every SIGCONT (kill -CONT,
    # a debugger, a shell's bg), each time starting another input thread; after five,
    # ctrl+q left one blocked reading the terminal and the process never ended.  The
    # real app in a real terminal: it quits.
    import fcntl
    import pty
    import struct
    import termios
    import threading

    # (The session's cache, where the bundled bank's index is kept for every test of
    # this process: a cache of its own had it indexed again, 13-18 s of a core.)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "TERM": "xterm-256color"}
    env.pop("CI", None)
    # (The bank indexed first, as on every start but the first: not while the signals
    # come, when the app would be busy indexing.)
    subprocess.run([sys.executable, "-m", "drafter", "search", "作风建设"], env=env,
                   cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, check=True)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    def own_terminal() -> None:  # (the terminal is the app's controlling one, as in a shell)
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    child = subprocess.Popen([sys.executable, "-m", "drafter", "tui"], env=env, cwd=tmp_path,
                             stdin=follower, stdout=follower, stderr=follower,
                             preexec_fn=own_terminal)
    os.close(follower)
    seen = bytearray()

    def drain() -> None:  # (a terminal nobody reads fills, and the app blocks writing)
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: b"drafter" in seen and b"\x1b[?1049h" in seen, 60), bytes(seen)
        time.sleep(1)  # (the start screen's first frame settled)
        for _ in range(5):
            child.send_signal(signal.SIGCONT)
            time.sleep(0.2)
        threads = len(os.listdir(f"/proc/{child.pid}/task"))
        for key in b"jjk":  # (keys the input threads race for: one is left blocked reading)
            os.write(leader, bytes([key]))
        time.sleep(1)
        os.write(leader, b"\x11")  # ctrl+q
        assert child.wait(timeout=30) == 0, (threads, bytes(seen[-600:]))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)


def test_a_stopped_mining_worker_is_said_and_given_up_on(monkeypatch, capsys):
    # Fuzz pass, stop 60: `mine -j 2` with one worker stopped (SIGSTOP, Ctrl-Z) waited for
    # ever without a word.  The stop is said at once, and mining given up after a bound.
    import signal
    import time
    from concurrent.futures import ProcessPoolExecutor

    from drafter.bank import pipeline
    from drafter.errors import DrafterError

    monkeypatch.setattr(pipeline, "STOPPED_GIVE_UP", 1.0)
    with ProcessPoolExecutor(max_workers=2) as pool:
        for started in [pool.submit(time.sleep, 0.2) for _ in range(2)]:
            started.result()  # (both workers up)
        stopped = pipeline._workers(pool)[0]
        results = pipeline._watched(pool, time.sleep, [3, 3])
        os.kill(stopped.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises(DrafterError, match=f"mining process {stopped.pid} stayed "
                                                   "stopped for 1 s; the phrasebank is unchanged"):
                list(results)
            assert time.monotonic() - started < 15
        finally:
            for process in pipeline._workers(pool):
                os.kill(process.pid, signal.SIGKILL)
    assert f"mining process {stopped.pid} is stopped (Ctrl-Z or SIGSTOP)" in capsys.readouterr().err


def _large_parse_lock_shared(_) -> bool:
    from drafter.corpus import office

    return office._LARGE_PARSE.lock is not None


def test_mining_workers_share_the_large_parse_turn(monkeypatch):
    # Fuzz re-check of stop 65: two workers parsing near-limit packages at once took a
    # `mine -j 2` to 1.19 GB; each worker is handed the pool's one lock for it.
    from drafter.bank import pipeline

    monkeypatch.setattr(pipeline, "usable_cpus", lambda: 2)
    with pipeline._mapped(_large_parse_lock_shared, [0, 1], 2) as results:
        assert list(results) == [True, True]
