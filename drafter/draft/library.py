"""Where the TUI keeps drafts: the user's data directory, recent drafts, and recovery
copies that let the next start offer back a draft a crash interrupted.

    <data>/drafts/      drafts created in the app (one JSON file each)
    <data>/autosave/    recovery copies, written every few seconds while editing
    <data>/recent.json  the drafts opened lately, newest first

Each editing session writes its own recovery copy (``<draft key>.<session>.json``)
naming the file it belongs to, and removes only that copy once the file has been saved.
A copy no open session owns means a session did not end cleanly: it stays on disk
until the writer chooses to recover or discard it, however many sessions come and go
in between (a session never writes over another session's copy).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import socket
import time
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from drafter.draft.model import (
    MAX_DRAFT_BYTES,
    MAX_DRAFT_CONTAINERS,
    Draft,
    load_draft,
    save_draft,
)
from drafter.errors import DrafterError
from drafter.fileio import atomic_write, load_json, read_regular_file

RECENT_LIMIT = 20


def data_dir() -> Path:
    from drafter import config

    return config.user_dirs().data


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def new_draft_path(draft: Draft) -> Path:
    """A fresh file in the drafts folder: date, time and template in its name.
    DrafterError when the data folder is a link drafter does not write through."""
    from drafter import config

    config.own_data("drafts")  # (not through a link in its place)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = drafts_dir() / f"{stamp}-{draft.template or 'draft'}"
    return _first_free(base.with_suffix(".json") if n == 1
                       else base.parent / f"{base.name}-{n}.json" for n in itertools.count(1))


def path_beside(path: Path) -> Path:
    """A new file beside ``path`` for a version of its draft that must not replace it
    (name（153012）.json: the time it was written; .json whatever ``path`` ends in, so
    that it opens as a draft: beside a text file it had been victim（111203）.txt, read as
    a speech to import, fuzz pass 56)."""
    stamp = time.strftime("%H%M%S")
    found = _first_free(path.with_name(f"{path.stem}（{stamp if n == 1 else f'{stamp}-{n}'}）"
                                       ".json") for n in range(1, 100))
    if found is None:
        raise DrafterError(f"{path}: no free name beside it")
    return found


def _first_free(names: Iterable[Path]) -> Path | None:
    """The first of ``names`` no file has (None when every one is taken)."""
    return next((path for path in names if not path.exists()), None)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What tells one version of a file from the next (None: no file): a save that
    finds another than it last read or wrote does not write over it."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


# -- recent drafts ------------------------------------------------------------------


@dataclass(frozen=True)
class RecentDraft:
    path: str
    title: str
    template: str
    opened: float

    def exists(self) -> bool:
        return Path(self.path).is_file()


_MAX_RECENT_BYTES = 1024 * 1024  # RECENT_LIMIT entries take a few kilobytes
# A draft and the few fields the copy adds (its path, time, writer): a copy of twice a
# draft's bound had taken 1.66 GB to read (fuzz pass 47 P2); a draft's bound takes 0.9 GB.
_MAX_COPY_BYTES = MAX_DRAFT_BYTES + 64 * 1024


def _read_json(path: Path, max_bytes: int):
    """The JSON of the regular file ``path``, read up to ``max_bytes``: a FIFO named
    recent.json had left the start screen's lists empty for good, /dev/zero behind the
    name ended in a MemoryError (fuzz pass 46 M6).  UnreadableFile when it is no such
    file, ValueError when it is no JSON."""
    return load_json(read_regular_file(path, max_bytes).decode("utf-8-sig"),
                     max_containers=MAX_DRAFT_CONTAINERS)


def recent_drafts() -> list[RecentDraft]:
    """Recently opened drafts that still exist, newest first (an unreadable list is
    treated as empty: it is a convenience, never worth an error)."""
    try:
        rows = _read_json(data_dir() / "recent.json", _MAX_RECENT_BYTES)
    except (OSError, ValueError, DrafterError):
        return []
    recent: dict[str, RecentDraft] = {}
    for row in rows if isinstance(rows, list) else []:
        if len(recent) == RECENT_LIMIT:
            break
        # One entry at a time: one bad one (an opened time past what the clock can show,
        # 1e308) had emptied the whole list with an OverflowError (fuzz pass 45 n7).
        try:
            # (One file however written: /w//d1.json, /w/./d1.json, fuzz pass 48 q2,
            # or reached through a link, fuzz pass 49 q2.)
            entry = RecentDraft(os.path.realpath(str(row["path"])), str(row.get("title", "")),
                                str(row.get("template", "")), float(row.get("opened", 0)))
            time.localtime(entry.opened)
            # A path listed twice is one draft, at its newest place (two had emptied the
            # TUI's list: its rows are keyed by path, fuzz pass 47 m3).
            if entry.path not in recent and entry.exists():
                recent[entry.path] = entry
        except (OSError, ValueError, TypeError, KeyError, AttributeError, OverflowError):
            continue
    return list(recent.values())


def remember(path: str | os.PathLike[str], draft: Draft) -> None:
    """Put the draft first in the list of recent drafts, if the list can be written: a
    full or read-only data folder must not stop a draft being opened or saved (fuzz pass
    64 n6: `drafter tui w.json` stayed on the home screen, "recent.json: cannot write:
    No space left", and a save whose file was written said it was not)."""
    from drafter import config

    entry = RecentDraft(str(Path(path).resolve()), draft.title, draft.template, time.time())
    rows = [entry] + [r for r in recent_drafts() if r.path != entry.path]
    with contextlib.suppress(DrafterError, OSError):
        atomic_write(config.own_data() / "recent.json", json.dumps(
            [r.__dict__ for r in rows[:RECENT_LIMIT]], ensure_ascii=False, indent=1))


# -- recovery copies ----------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    copy: Path  # the recovery file
    path: str  # the draft file it belongs to
    saved: float
    title: str

    def load(self) -> Draft:
        data = _read_json(self.copy, _MAX_COPY_BYTES)
        return Draft.from_dict(data["draft"])

    def discard(self) -> None:
        self.copy.unlink(missing_ok=True)

    @property
    def older_than_file(self) -> bool:
        """Whether the draft's file was saved after this copy was made: recovering the
        copy over it would replace newer work."""
        try:
            return Path(self.path).stat().st_mtime > self.saved
        except OSError:
            return False

    @cached_property
    def file_is_no_draft(self) -> bool:
        """Whether a file that is no draft stands at the draft's path (a .txt or .docx
        saved under its name since): recovering had written the draft over it without a
        question (fuzz pass 55 A4)."""
        path = Path(self.path)
        if not path.exists():
            return False
        try:
            load_draft(path)
        except (DrafterError, OSError, ValueError):
            return True
        return False

    @property
    def goes_beside(self) -> bool:
        """Whether the copy, recovered, goes to a file of its own beside the draft's
        path: what is there now is newer, or is no draft."""
        return self.older_than_file or self.file_is_no_draft


def new_session() -> str:
    """A name for one editing session's recovery copy, never reused (a process id
    would be: a crashed session's copy must not be overwritten by a later one)."""
    return uuid.uuid4().hex[:12]


def recovery_path(path: str | os.PathLike[str], session: str) -> Path:
    return data_dir() / "autosave" / f"{_path_key(str(Path(path).resolve()))}.{session}.json"


def copies_of(path: str | os.PathLike[str], copies: Iterable[Path]) -> list[Path]:
    """Those of ``copies`` (recovery copies, readable or not) written for the draft at
    ``path``: their names start with its key."""
    key = _path_key(str(Path(path).resolve()))
    return [copy for copy in copies if copy.name.split(".")[0] == key]


def _path_key(resolved: str) -> str:
    """The name a draft's recovery copies start with: a digest of its resolved path."""
    return hashlib.sha1(resolved.encode()).hexdigest()[:16]


def write_recovery(path: str | os.PathLike[str], draft: Draft, session: str) -> Path:
    """Write ``session``'s recovery copy of the draft being edited at ``path``
    (atomically)."""
    from drafter import config

    config.own_data("autosave")  # (DrafterError: not through a link in its place)
    payload = {"path": str(Path(path).resolve()), "saved": time.time(),
               "writer": _this_process(), "draft": draft.to_dict()}
    return atomic_write(recovery_path(path, session), json.dumps(payload, ensure_ascii=False))


def save(path: str | os.PathLike[str], draft: Draft, session: str | None = None) -> Path:
    """Save the draft to its file and drop ``session``'s recovery copy: nothing of that
    session is left to recover.  Copies other sessions left are kept.

    The copy is written first, with what is saved: a save killed before its file is in
    place leaves the copy to be offered (fuzz pass 63: killed at the rename, a save made
    within an autosave's seconds of the edit had lost the edit, and only its temporary
    file held it).  A copy that cannot be written does not stop the save."""
    if session is not None:
        try:
            write_recovery(path, draft, session)
        except DrafterError:
            pass  # (an unwritable data folder: the save itself may still succeed)
    written = save_draft(draft, path)
    if session is not None:
        # (A copy that cannot be removed, in a data "folder" that is a file, is offered
        # again, to no harm: its removal had ended the app on ctrl+s after the draft was
        # saved, fuzz pass C of stop 67.)
        with contextlib.suppress(OSError):
            recovery_path(path, session).unlink(missing_ok=True)
    remember(written, draft)
    return written


def pending_recoveries(path: str | os.PathLike[str] | None = None,
                       exclude: Collection[Path] = (),
                       damaged: list[Path] | None = None) -> list[Recovery]:
    """Recovery copies sessions left behind, newest first: all of them, or those of the
    draft at ``path``; ``exclude`` names the copies open sessions are writing, and
    ``damaged``, when given, is told the copies that cannot be read."""
    from drafter import config

    folder = data_dir() / "autosave"
    wanted = str(Path(path).resolve()) if path is not None else None
    found = []
    if folder.is_dir():
        with contextlib.suppress(DrafterError):
            config.own_data("autosave")  # (adopting is a write: not through a link)
            _adopt_unrenamed(folder)
    for copy in folder.glob("*.json") if folder.is_dir() else []:
        if copy in exclude:
            continue
        try:
            data = _read_json(copy, _MAX_COPY_BYTES)
            if _still_running(data.get("writer")):
                continue  # another drafter open on this draft now: no crash to recover
            if copy.name.split(".")[0] != _path_key(str(data["path"])):
                # A copy names the file it was written for in its own name: one naming
                # another file (moved there, or written to make recovering write over
                # that file: fuzz pass 55 A4) is not offered.
                raise ValueError("a copy of another file's draft")
            saved = float(data["saved"])
            # A time no clock reaches (NaN, 1e300) is damage: shown, it had ended the TUI
            # at every start (fuzz pass 57, N1).
            time.localtime(saved)
            found.append(Recovery(copy, str(data["path"]), saved,
                                  str(data["draft"].get("title", ""))))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, OverflowError,
                DrafterError):
            # A damaged copy is skipped, not deleted: a person may want it; whoever asks
            # is told of it (it had been passed over in silence: fuzz pass 42, m7).
            if damaged is not None:
                damaged.append(copy)
    if wanted is not None:
        found = [r for r in found if r.path == wanted]
    return sorted(found, key=lambda r: -r.saved)


_TEMP_TAIL = len(".12345678.tmp")  # what fileio.stage puts after a copy's own name


def _adopt_unrenamed(folder: Path) -> None:
    """Put in place the recovery copies a killed session wrote whole but never renamed
    (.KEY.SESSION.json.XXXXXXXX.tmp): killed at that rename, a save's first step, the
    edit was in no copy offered, and the file stayed for good (fuzz pass 64, MAJOR-C).
    Only a complete copy whose writer has ended, and newer than the copy it was to
    replace; others are left (a session may be writing one this moment).  Nor one of
    this process's own: it is being written now, by another of its threads, whose rename
    would find it gone (the suite's autosave did, once in a CI run)."""
    for temp in folder.glob(".*.json.????????.tmp"):
        target = folder / temp.name[1:-_TEMP_TAIL]
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, DrafterError):
            if target.exists() and target.stat().st_mtime >= temp.stat().st_mtime:
                continue
            data = _read_json(temp, _MAX_COPY_BYTES)
            writer = data.get("writer")
            if ({"path", "saved", "draft"} <= data.keys() and writer != _this_process()
                    and not _still_running(writer)):
                os.replace(temp, target)


def _this_process() -> dict:
    """Who writes a recovery copy: this process, on this machine, since when (a process
    id alone may be a later process's once the writer is gone)."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "since": _started(os.getpid())}


def _started(pid: int) -> str:
    """When process ``pid`` started, as the system counts it ('' where it cannot say)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22: start time, in clock ticks
    except (OSError, IndexError):
        return ""


def _still_running(writer) -> bool:
    """Whether the session that wrote a copy is running still, on this machine: its copy
    is its own autosave, not a crash's leftover (a second drafter must not offer it, and
    discarding it there would lose the first one's work)."""
    if not isinstance(writer, dict) or writer.get("host") != socket.gethostname():
        return False
    pid = writer.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        pass  # someone else's process with that number: alive, but is it ours?
    except (OSError, OverflowError):
        return False
    since = writer.get("since")
    return not since or _started(pid) == since


def is_speech_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a speech (.docx, .txt, .pdf …) to open as a new draft, not a
    draft of its own (.json)."""
    return not str(path).lower().endswith(".json")


def draft_of_speech(path: str | os.PathLike[str]) -> Path:
    """A new draft in the drafts folder holding the speech at ``path``, and where it is:
    edits are saved there, never over the writer's own file."""
    from drafter.draft.speech import load_speech

    speech = load_speech(path)
    return save(new_draft_path(speech), speech)


def open_draft(path: str | os.PathLike[str]) -> Draft:
    draft = load_draft(path)
    remember(path, draft)
    return draft
