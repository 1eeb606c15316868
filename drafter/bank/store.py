"""The phrasebank on disk: line-oriented files reviewed in git like code.

Layout of a phrasebank directory::

    taxonomy.toml             section types (see taxonomy.py)
    phrases/<section>.jsonl   one phrase a line, sorted by id, grouped by the phrase's
                              first section type

Each line is one JSON object with sorted, stable fields, so a diff shows exactly the
phrases that changed and mining the same corpus twice writes the same bytes.  Writes go
to temporary files that replace the old ones only when everything is written (with
Ctrl-C held back for those few renames); a lock file serialises writers.  A broken
line is reported as ``file:line`` and the rest still loads.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drafter.bank.model import KEY_RE, Phrase
from drafter.config import PHRASES_SUBDIR
from drafter.errors import DrafterError
from drafter.fileio import stage

PHRASES_DIR = PHRASES_SUBDIR  # one name for the folder of phrase files (see config)
LOCK_FILE = ".lock"

# Facets mining reads off a phrase's text for the index, not part of a review.
_DERIVED = ("domains", "terms", "specifics")
# Fields a maintainer's decision owns: re-mining never overwrites them once set.
DECIDABLE = ("text", "sections", "domains", "status", "note", "tags", "speaker", "merged_into")


class BankLocked(DrafterError):
    """Another process is writing this phrasebank."""


class ReadOnlyBank(DrafterError):
    """A write was asked of the phrasebank installed inside the package."""


@dataclass
class LoadedBank:
    phrases: dict[str, Phrase] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "file:line: what is wrong"
    # The lines the loader could not take (a damaged line, a duplicate id, a merge
    # conflict marker), verbatim, by the file they are in: a write keeps them there.
    unreadable: dict[str, list[str]] = field(default_factory=dict)


def load_phrases(bank_dir: str | os.PathLike[str]) -> LoadedBank:
    loaded = LoadedBank()
    folder = Path(bank_dir) / PHRASES_DIR
    if not folder.is_dir():
        return loaded
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8", errors="surrogateescape") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                problem = None
                try:
                    phrase = Phrase.from_dict(json.loads(line))
                except (json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
                    problem = f"{where}: {_what(line, exc)}"
                else:
                    if phrase.id in loaded.phrases:
                        problem = f"{where}: duplicate id {phrase.id}"
                if problem:
                    loaded.problems.append(problem)
                    line = line if line.endswith("\n") else line + "\n"
                    loaded.unreadable.setdefault(path.stem, []).append(line)
                    continue
                loaded.phrases[phrase.id] = phrase
    return loaded


def _what(line: str, exc: Exception) -> str:
    """What is wrong with a line the loader cannot take."""
    if line.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
        return "git merge conflict marker (resolve the conflict; the line is kept)"
    return f"{exc} (the line is kept as it is until fixed)"


def phrase_line(phrase: Phrase) -> str:
    return json.dumps(phrase.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"


def save_phrases(bank_dir: str | os.PathLike[str], phrases: Iterable[Phrase]) -> list[Path]:
    """Write every phrase file atomically; returns the files written.  Lines the loader
    cannot take stay in their file, after its phrases, as they were (a write never
    drops them: fixing them is the maintainer's); temporary files a killed write left
    behind are removed."""
    _refuse_installed(bank_dir)
    folder = Path(bank_dir) / PHRASES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(".*.jsonl.*.tmp"):
        leftover.unlink(missing_ok=True)
    unreadable = load_phrases(bank_dir).unreadable
    groups: dict[str, list[Phrase]] = {stem: [] for stem in unreadable}
    for phrase in phrases:
        section = phrase.section or "unclassified"
        if not KEY_RE.fullmatch(section):
            raise DrafterError(f"not a section key: {section!r} (phrase {phrase.id})")
        groups.setdefault(section, []).append(phrase)
    staged: list[tuple[Path, Path]] = []
    try:
        for section, members in sorted(groups.items()):
            target = folder / f"{section}.jsonl"
            text = "".join(phrase_line(p) for p in sorted(members, key=lambda p: p.id))
            text += "".join(unreadable.get(section, []))
            staged.append((stage(target, text.encode("utf-8", "surrogateescape")), target))
        stale = [p for p in folder.glob("*.jsonl") if p.stem not in groups]
        with _interrupts_held():
            for temp, target in staged:
                os.replace(temp, target)
            for path in stale:
                path.unlink()
    finally:
        for temp, _ in staged:
            if temp.exists():
                temp.unlink()
    return [target for _, target in staged]


LOCK_TIMEOUT = 120.0  # seconds a writer waits for another to finish


@contextlib.contextmanager
def bank_lock(bank_dir: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the phrasebank's write lock.  A second writer waits for the first to finish
    (two `drafter mine` runs are serialised) and gives up with BankLocked after
    ``timeout`` seconds."""
    import fcntl
    import time

    _refuse_installed(bank_dir)
    path = Path(bank_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout
        said = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _lock_holder(handle)
                if time.monotonic() >= deadline:
                    raise BankLocked(f"{bank_dir}: {holder} is still writing this phrasebank "
                                     f"after {timeout:.0f} s; try again when it is done"
                                     ) from None
                if not said:
                    # Whoever waits is told for whom, once, not left staring at nothing.
                    LOCK_WAIT_NOTICE(f"drafter: waiting for {holder} to finish writing "
                                     f"{bank_dir} (at most {timeout:.0f} s)")
                    said = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {' '.join(sys.argv[:2])}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_holder(handle) -> str:
    """Who holds the lock, as the holder wrote it (process id and command)."""
    handle.seek(0)
    written = handle.read().strip()
    return f"another drafter process (pid {written})" if written else "another drafter process"


def _notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


LOCK_WAIT_NOTICE = _notice  # how a writer that has to wait says so (the TUI may replace it)


def _refuse_installed(bank_dir: str | os.PathLike[str]) -> None:
    from drafter import config

    if config.inside_installed_package(bank_dir):
        raise ReadOnlyBank(f"{bank_dir}: the phrasebank installed with drafter is read-only; "
                           "changes go to your own phrasebank (see 'drafter info') or to "
                           "one named with --phrasebank")


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT back while files are swapped, so Ctrl-C cannot leave half a bank."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to hold back
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class MergeCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def merge_mined(existing: dict[str, Phrase],
                mined: Iterable[Phrase]) -> tuple[dict[str, Phrase], MergeCounts]:
    """Fold freshly mined phrases into the bank without undoing a maintainer's work:
    a reviewed phrase (approved, rejected, merged) is frozen as it was reviewed, fields
    listed in a candidate's ``decided`` keep their values, and sources only ever grow.
    What mining reads off a phrase's text for the index (its domains, salient terms and
    specifics) follows the miner on reviewed phrases too, unless a maintainer set it.
    Phrases not mined again are kept."""
    merged = dict(existing)
    counts = MergeCounts()
    for phrase in mined:
        old = merged.get(phrase.id)
        if old is None:
            merged[phrase.id] = phrase
            counts.new += 1
            continue
        updated = Phrase.from_dict(old.to_dict())
        reviewed = old.status != "candidate"
        for name in ("text", "sections", "domains", "terms", "speaker", "score", "level",
                     "placeholders", "specifics", "members", "frame"):
            derived = name in _DERIVED and old.text == phrase.text
            if (derived or not reviewed) and name not in old.decided:
                setattr(updated, name, getattr(phrase, name))
        updated.sources = sorted(set(old.sources) | set(phrase.sources))
        if updated.to_dict() == old.to_dict():
            counts.unchanged += 1
        else:
            merged[phrase.id] = updated
            counts.updated += 1
    return merged, counts
