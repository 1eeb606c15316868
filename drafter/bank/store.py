"""The phrasebank on disk: line-oriented files reviewed in git like code.

Layout of a phrasebank directory::

    taxonomy.toml             section types (see taxonomy.py)
    phrases/<section>.jsonl   one phrase a line, sorted by id, grouped by the phrase's
                              first section type

Each line is one JSON object with sorted, stable fields, so a diff shows exactly the
phrases that changed and mining the same corpus twice writes the same bytes.  A lock file
serialises writers.  A broken line is reported as ``file:line`` and the rest still loads.

A change rewrites several files, committed together: every new file is first written
beside its target as a synced temporary file; then a journal (``phrases/.commit``)
listing the renames and removals is written and synced, which is the moment the change
is made; then the files are renamed into place and the journal removed.  A write killed
before the journal leaves the old bank (its temporary files are removed by the next
command); one killed after it leaves the new one: the next command finishes the renames,
and until then every reader reads the files the journal names instead of those they
replace.  Readers hold a shared lock on the phrases folder while they read, a commit an
exclusive one, so no reader sees half a commit of a writer that is still running.  The
files beside the phrases that a mine changes with them (the dictionary, the documents'
fingerprints, the taxonomy files) are staged beside their targets and named in the same
journal: Ctrl-C late in a mine had left a new dictionary and fingerprints over the old
phrases.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drafter import termination
from drafter.bank.model import KEY_RE, Phrase, kept_sources
from drafter.config import PHRASES_SUBDIR
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import (
    keys_given_twice,
    load_json,
    read_regular_file,
    reader_terms,
    shown,
    stage,
)
from drafter.progress import report

# The log of review decisions, for undo (see bank.review): committed with the phrase
# files a decision changes, so neither is ever written without the other.
REVIEW_LOG_FILE = ".review-log.jsonl"
PHRASES_DIR = PHRASES_SUBDIR  # one name for the folder of phrase files (see config)
LOCK_FILE = ".lock"
MAX_LINE_CHARS = 2_000_000  # a phrase line (the bundled bank's longest, an idiom with its many
# sources, has 161,337 characters; a text is at most 50,000: see bank.model)
# Phrases a bank may hold, and memory its phrases may take held: every command that reads
# a bank holds it whole (at twice the bundled bank a write took 1.2 GB, at three times
# 1.8 GB and 43 s: fuzz pass 68; at 140,000 phrases a mine took 986 MB: re-check 69).
# Past either a bank is refused with a message, and no write grows one past it.  (At
# 120,000 phrases, 62 million characters, merging its near-duplicates took 831 MB.)
_LINE_BYTES = 4 * MAX_LINE_CHARS + 1  # bytes read of one line at most (4 a character)
MAX_BANK_PHRASES = 120_000
# The memory is estimated from the lines as read (held_cost), not counted in characters:
# characters had let a bank of 2,000 one-character tags a phrase (an object of 76 bytes
# each), or of characters outside the BMP (4 bytes each), take a review to 1.36 GB and a
# mine to 1.33 GB within 47 million characters (fuzz re-check 73).  The estimate is of a
# review changing every phrase, the command that holds the most: at this bound, such a
# review peaks at about 950 MB at most (phrases of 29 specifics' pairs: 914 MB at 1,016
# by the estimate, fuzz re-check 75's bank).  The bundled bank is estimated at 951 MB
# (such a review of it peaks at 800 MB, a mine at 740, one decision at 480).
MAX_BANK_COST = 1_050_000_000
# …and sources, each held as an object of its own: 20 phrases of 20,000 sources each,
# grown by ten imports, took a review to 1.4 GB (fuzz pass 70).  The bundled bank's
# phrases have 145,297.  (Counted as the key "file" each source writes.)
MAX_BANK_SOURCES = 250_000
# Phrase files: one for each section type a phrase is filed under first (the bundled
# bank has 14; a taxonomy adds at most taxonomy.MAX_TYPES).  Every write looks at every
# file: 20,000 of them, one phrase each, had made one decision take 109 s and a bulk
# review 141 s (fuzz pass A of stop 68).
MAX_PHRASE_FILES = 256
_SOURCE_KEY = '"file"'
JOURNAL_FILE = ".commit"  # in the phrases folder while a change is being committed
_JOURNAL_BYTES = 64 * 1024 * 1024  # far more than the names of every phrase file
# What a write stages in the phrases folder: a phrase file's or the journal's next version.
_STAGED_GLOBS = (".*.jsonl.*.tmp", f".{JOURNAL_FILE}.*.tmp")

# Facets mining reads off a phrase's text for the index, not part of a review.
_DERIVED = ("domains", "terms", "specifics")
# Fields a maintainer's decision owns: re-mining never overwrites them once set.
DECIDABLE = ("text", "sections", "domains", "status", "note", "tags", "speaker", "merged_into")


class BankLocked(DrafterError):
    """Another process is writing this phrasebank."""


class ReadOnlyBank(DrafterError):
    """A write was asked of the phrasebank installed inside the package."""


class CommitPending(DrafterError):
    """A committed change whose files cannot be put in place yet: readers read it from
    the files the journal names, the next command that can finishes it."""


@dataclass
class LoadedBank:
    phrases: dict[str, Phrase] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "file:line: what is wrong"
    # The lines the loader could not take (a damaged line, a duplicate id, a merge
    # conflict marker), verbatim, by the file they are in: a write keeps them there.
    unreadable: dict[str, list[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # the lines of ``phrases``, as written


def load_phrases(bank_dir: str | os.PathLike[str], progress=None,
                 shared: bool = False) -> LoadedBank:
    """The bank's phrases; ``progress(count)`` is told how many are read after each
    file (the review screen shows it while a large bank loads).  ``shared``: the caller
    changes a phrase only through a copy (review._Recorder.touch), so the phrases kept
    parsed for a folder kept by keep_parsed may be given as they are."""
    report("reading the phrasebank")
    kept = _KEPT.get(_kept_key(bank_dir)) if shared else None
    stamps: dict[str, tuple] = {}
    with committed_files(bank_dir) as files:
        if kept is None:
            lines = read_lines(files)
        else:
            lines = _read_changed(files, kept, stamps)
    return parse_lines(bank_dir, lines, progress, shared, stamps)


# -- phrases kept parsed between reads ------------------------------------------------
# The review screen makes one decision after another, and each reads the bank again
# under its lock (another process may have written it since): parsing 50,000 phrases
# took 2-4 s a decision, with the screen frozen.  For a folder a long-lived caller
# keeps, the phrase of each line read is kept, and the next read parses only the lines
# that changed (a line is its phrase: the same text, the same phrase).  Only the lines
# of the latest read are kept, so the memory is one bank's.


@dataclass
class _Parsed:
    by_line: dict[str, Phrase] = field(default_factory=dict)
    # The line each phrase was read from: a write puts it back as it is, unless the
    # phrase was changed (copied) since.  (A line a person wrote by hand, its fields in
    # another order, stays so until its phrase changes: it reads as the same phrase.)
    line_of: dict[str, str] = field(default_factory=dict)
    # Each file's lines as read, with the stamp of the file they were read from: a
    # decision on a bank of 90,000 phrases had read and hashed all 76 MB of it again
    # (2 s of the 2.4 s the stop-36 new user waited per decision); a file whose stamp
    # has not changed is not read again, and one whose phrases a write leaves as they
    # are is not written.
    files: dict[str, tuple[tuple, list[str]]] = field(default_factory=dict)
    clean: dict[str, _CleanFile] = field(default_factory=dict)  # by file, see _CleanFile


_KEPT: dict[Path, _Parsed] = {}


def _kept_key(bank_dir: str | os.PathLike[str]) -> Path:
    return (Path(bank_dir) / PHRASES_DIR).resolve()


def _file_stamp(path: Path) -> tuple:
    """What changes when a file's bytes may have: every writer of the bank replaces a
    whole file (a new inode), and an editor writing in place changes its change time,
    which no one can set back."""
    st = path.stat()
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _read_changed(files: dict[str, Path], kept: _Parsed, stamps: dict[str, tuple]
                  ) -> dict[str, list[str]]:
    """read_lines for a kept folder: the lines kept of a file whose stamp is the one they
    were read at, the others read; ``stamps`` gets each file's stamp."""
    lines: dict[str, list[str]] = {}
    for stem, path in files.items():
        try:
            stamp = _file_stamp(path)
        except OSError:
            stamp = None
        was = kept.files.get(stem)
        if stamp is not None and was is not None and was[0] == stamp:
            lines[stem] = was[1]
        else:
            lines.update(read_lines({stem: path}))
        if stamp is not None:
            stamps[stem] = stamp
    return lines


def keep_parsed(bank_dir: str | os.PathLike[str], keep: bool = True,
                copied_from: str | os.PathLike[str] | None = None) -> None:
    """Keep the phrases parsed from ``bank_dir`` between reads (``keep`` False: stop,
    and free them); ``copied_from``: a kept bank ``bank_dir`` is a copy of, whose
    phrases it takes over (a line is its phrase, wherever it is read)."""
    folder = _kept_key(bank_dir)
    if not keep:
        _KEPT.pop(folder, None)
        return
    if copied_from is not None:
        taken = _KEPT.pop((Path(copied_from) / PHRASES_DIR).resolve(), None)
        if taken is not None:
            _KEPT[folder] = taken
    _KEPT.setdefault(folder, _Parsed())


def read_lines(files: dict[str, Path]) -> dict[str, list[str]]:
    """The lines of ``files`` (from committed_files, read while it holds them), by
    section: only the reading is done under the lock, so a writer waits for the files to
    be read, not for them to be parsed."""
    lines = {}
    count = cost = sources = 0
    for stem, path in files.items():
        if path.exists() and not (path.is_file() or path.is_dir()):
            # A FIFO named x.jsonl would block every command.
            raise DrafterError(f"{path}: not a regular file (a pipe, socket or device); "
                               "a phrase file must be a file")
        try:
            # Lines end at LF alone, as written: a bare CR inside a damaged line had split
            # it in two, and the write that keeps such lines as they are had written two
            # (fuzz pass, stop 62: M3).  A CRLF line keeps its CR, which JSON reads as
            # space.
            with path.open("rb") as handle:
                lines[stem] = read = []
                # (counted as read: a bank past the limit is not held)
                for number, raw in enumerate(iter(lambda: handle.readline(_LINE_BYTES), b""),
                                             start=1):
                    if len(raw) == _LINE_BYTES and not raw.endswith(b"\n"):
                        # Read whole, a file of 1.2 GB of zeros (a damaged disk's) had
                        # been one line of 3.6 GB before it was refused (fuzz pass, stop
                        # 62: M4).  Nothing is written while it is there.
                        raise DrafterError(
                            f"{path}:{number}: a line of over {_LINE_BYTES // 2**20} MB, "
                            f"which no phrase line is (at most {MAX_LINE_CHARS:,} "
                            "characters): a damaged file? Move it out of the bank, or cut "
                            "the line; nothing is read from the bank until then")
                    line = raw.decode("utf-8", "surrogateescape")
                    read.append(line)
                    count += 1
                    cost += held_cost(line)
                    if count > MAX_BANK_PHRASES:
                        raise _too_many(path.parent.parent, f"over {MAX_BANK_PHRASES:,} lines")
                    if cost > MAX_BANK_COST:
                        lines.clear()  # (not held while the rest is weighed)
                        raise _too_many(path.parent.parent, _past_cost(_file_costs(files)))
                    sources += line.count(_SOURCE_KEY)
                    if sources > MAX_BANK_SOURCES:
                        raise _too_many(path.parent.parent,
                                        f"over {MAX_BANK_SOURCES:,} sources")
        except OSError as exc:
            # A read the system refuses half-way (EIO from a failing disk) carries no
            # file name of its own: said of the phrase file, not as a bare strerror.
            if exc.filename is not None:
                raise
            raise DrafterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return lines


def held_cost(line: str) -> int:
    """An estimate of the bytes one phrase line costs a command that holds the bank and
    changes every phrase of it (review --where, its undo, the command that holds the
    most): its strings, each at the width of its widest character (1, 2 or 4 bytes), as
    read, parsed and written again; an object for each string value (a tag, a term …),
    each list (a specific's pair) and each source, held, then copied; the phrase's own
    objects and its record in the review log.  Such reviews of banks of six unlike shapes
    (the bundled one; long CJK texts and notes; ASCII notes; characters outside the BMP;
    many one-character tags; 29 specifics' pairs a phrase, which a first estimate, of
    strings alone, had put at half of what they take: fuzz re-check 74) peaked at 54-92%
    of it (with lists weighed 150; weighed 250 since, for the specifics' shape: 90%)."""
    length = len(line)
    values = max((line.count('"') - 2 * line.count('":')) // 2, 1)  # strings, not keys
    if line.isascii():
        fields = length
    else:
        extra = len(line.encode("utf-8", "surrogateescape")) - length  # 2 for CJK
        # Outside the BMP, CPython holds the whole line 4 bytes a character (read off its
        # size: max(line) had made a read of the bundled bank four times as slow).
        astral = sys.getsizeof(line) >= 4 * length + 76
        fields = length + (extra if astral else extra // 2)
    return (5 * fields + 100 * values + 250 * line.count("[")
            + 250 * line.count(_SOURCE_KEY) + 3000)


# A phrase line's id, found without parsing the line.
LINE_ID_RE = re.compile(r'"id"\s*:\s*"([^"\\]+)"')


def held_by_bank(bank_dir: str | os.PathLike[str]) -> tuple[int, set[str]]:
    """The held_cost of the bank's lines in all, and the ids they name: read a line at a
    time, none of them kept, for an import to weigh its new rows against the room left
    before it holds the bank (weighed only by the write, rows just within the bound on
    their own would be held with the whole bank before they were refused)."""
    cost, ids = 0, set()
    with committed_files(bank_dir) as files:
        for _, line in _each_line(files):
            cost += held_cost(line)
            if match := LINE_ID_RE.search(line):
                ids.add(match.group(1))
    return cost, ids


def _each_line(files: dict[str, Path]) -> Iterator[tuple[str, str]]:
    """(stem, line) for each line of the phrase files, read a line at a time and none
    kept; a file that is no regular file, or cannot be read, is passed over (read_lines
    says what it is, and why)."""
    for stem, path in files.items():
        if not path.is_file():
            continue  # (a FIFO named x.jsonl would block)
        try:
            with path.open(encoding="utf-8", errors="surrogateescape") as handle:
                for line in handle:
                    yield stem, line
        except OSError:
            continue


def _too_many(bank: Path, held: str, written: bool = False) -> DrafterError:
    """The refusal of a bank past one of its limits (MAX_BANK_PHRASES and after it);
    ``written``: refused by a write, which changed nothing (a refused review had been
    taken for a change, and the --undo after it undid the import before it: fuzz
    re-check 76, n5)."""
    return DrafterError(f"{shown(bank)}: {held}, more than a bank may hold ({MAX_BANK_PHRASES:,} "
                        f"phrases, {MAX_BANK_COST // 1_000_000:,} MB to hold, "
                        f"{MAX_BANK_SOURCES:,} sources; the bundled one holds about 92,000, "
                        "951 MB and 145,000): split it, moving some of its "
                        "phrases/*.jsonl files into a bank of their own"
                        + ("; nothing was changed" if written else ""))


def _file_costs(files: dict[str, Path]) -> dict[str, int]:
    """The held_cost of each file's lines, read a line at a time and none kept."""
    costs: dict[str, int] = {}
    for stem, line in _each_line(files):
        costs[stem] = costs.get(stem, 0) + held_cost(line)
    return costs


def _past_cost(costs: dict[str, int], after: str = "") -> str:
    """How far past MAX_BANK_COST the bank is (``costs``: by file), and the file that
    takes the most, the first to move into a bank of its own: a refusal that named no
    figure and no file had said the same for 2,000 lines too many or 20,000 (fuzz
    re-check 75 and 76, n2)."""
    largest = max(costs, key=costs.__getitem__)
    return (f"{_megabytes(sum(costs.values()))} to hold by an estimate from its lines"
            f"{after} ({PHRASES_DIR}/{largest}.jsonl {_megabytes(costs[largest])} of it)")


def _megabytes(size: int) -> str:
    """A size as a refusal says it, rounded up: rounded, 1,050.3 MB past a bound of
    1,050 MB had read "1,050 MB … more than a bank may hold (… 1,050 MB …)"."""
    if size >= 10_000_000:
        return f"{math.ceil(size / 1e6):,} MB"
    return f"{size / 1e6:.2g} MB"


def parse_lines(bank_dir: str | os.PathLike[str], lines: dict[str, list[str]],
                progress=None, shared: bool = False,
                stamps: dict[str, tuple] | None = None) -> LoadedBank:
    """The phrases of the lines read_lines gave, and the lines the loader cannot take;
    ``progress(count)`` is told how many phrases are read after each file; ``shared``:
    see load_phrases; ``stamps``: the stamp of the file each stem's lines were read
    from, kept with them for a folder kept parsed."""
    loaded = LoadedBank()
    seen: dict[str, str] = {}
    folder = Path(bank_dir) / PHRASES_DIR
    loaded.problems += unread_files(folder)
    key = folder.resolve()
    kept = _KEPT.get(key) if shared else None
    now = None
    if kept is not None:
        now = _Parsed()
        _KEPT[key] = now
        for stem, stamp in (stamps or {}).items():
            if stem in lines:
                now.files[stem] = (stamp, lines[stem])
    for stem, file_lines in lines.items():
        if progress is not None:
            progress(len(loaded.phrases))
        if now is not None:
            done = kept.clean.get(stem)
            if (done is not None and done.lines is file_lines
                    and seen.keys().isdisjoint(done.ids)):
                # The very lines read last time, every one a phrase: taken whole.
                seen.update(dict.fromkeys(done.ids, str(folder / f"{stem}.jsonl")))
                loaded.phrases.update(zip(done.ids, done.phrases, strict=True))
                loaded.lines.extend(done.taken)
                now.by_line.update(done.by_line)
                now.line_of.update(done.line_of)
                now.clean[stem] = done
                continue
            mine = _CleanFile(file_lines)
            parse = _parse_kept(kept, mine)
        else:
            mine, parse = None, _parse
        clean = True
        for line, phrase, problem in _checked(file_lines, folder / f"{stem}.jsonl", seen,
                                              parse):
            if problem:
                clean = False
                loaded.problems.append(problem)
                line = line if line.endswith("\n") else line + "\n"
                loaded.unreadable.setdefault(stem, []).append(line)
                continue
            loaded.phrases[phrase.id] = phrase
            loaded.lines.append(line)
            if mine is not None:
                mine.ids.append(phrase.id)
                mine.phrases.append(phrase)
                mine.taken.append(line)
        if mine is not None:
            now.by_line.update(mine.by_line)
            now.line_of.update(mine.line_of)
            if clean:
                now.clean[stem] = mine
    return loaded


@dataclass
class _CleanFile:
    """A phrase file kept parsed whose every line was a phrase: the next read of the
    same lines takes its phrases whole instead of looking up 90,000 lines one by one."""

    lines: list[str]  # the file's lines as read (the object itself)
    ids: list[str] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # the lines of ``phrases``
    by_line: dict[str, Phrase] = field(default_factory=dict)
    line_of: dict[str, str] = field(default_factory=dict)


def _parse_kept(kept: _Parsed, file: _CleanFile):
    """The parse for _checked of a kept folder: a line read before is its phrase."""

    def parse(line: str) -> Phrase:
        phrase = kept.by_line.get(line)
        if phrase is None:
            phrase = _parse(line)
        if line.endswith("\n"):
            file.line_of[phrase.id] = line
        file.by_line[line] = phrase
        return phrase

    return parse


def valid_lines(bank_dir: str | os.PathLike[str], lines: dict[str, list[str]]
                ) -> tuple[list[str], list[str]]:
    """The lines parse_lines takes, without keeping a Phrase for each: what the search
    index is built from (100k phrases held at once had doubled the build's memory); and
    what is wrong with each of the others, as parse_lines says it ("file:line: …")."""
    seen: dict[str, str] = {}
    folder = Path(bank_dir) / PHRASES_DIR
    taken: list[str] = []
    problems: list[str] = unread_files(folder)
    for stem, file_lines in lines.items():
        for line, _, problem in _checked(file_lines, folder / f"{stem}.jsonl", seen):
            if problem:
                problems.append(problem)
            else:
                taken.append(line)
    return taken, problems


# The lines git leaves in a file it could not merge.
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def _one_value_per_key(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object, refused when it names a key twice: json keeps the last value
    silently, so the next write would have dropped the other one unseen."""
    if twice := keys_given_twice(pairs):
        raise ValueError(f"field given twice: {', '.join(sorted(twice))}")
    return dict(pairs)


# (No slower than json.loads: the hook builds the dict json would have built.)
_PHRASE_DECODER = json.JSONDecoder(object_pairs_hook=_one_value_per_key)


def _parse(line: str) -> Phrase:
    return Phrase.from_dict(_PHRASE_DECODER.decode(line))


def _checked(lines: list[str], shown_as: Path, seen: dict[str, str], parse=_parse
             ) -> Iterator[tuple[str, Phrase | None, str | None]]:
    """Each line of the file ``shown_as`` (or of its committed next version) with its
    phrase, or with what is wrong with it ("file:line: …"); ``seen``: the ids read so
    far, each with where ("file:line", or the file), for duplicates; ``parse``: the
    line's phrase."""
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a byte-order mark a Windows editor put there
        if not line.strip():
            continue
        where = f"{shown_as}:{number}"
        if len(line) > MAX_LINE_CHARS:
            # (A phrase's text is bounded at load, but a list of three million terms had
            # taken the index build to 1.4 GB: the whole line is bounded first.)
            yield line, None, (f"{where}: a line of {len(line):,} characters; a phrase line "
                               f"is at most {MAX_LINE_CHARS:,}")
            continue
        try:
            phrase = parse(line)
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            yield line, None, f"{where}: {_what(line, exc)}"
            continue
        if phrase.id in seen:
            # (Where the other line is: the first read is the phrase, the later one the
            # duplicate, and which is read first is the files' order; lint had named only
            # the original, fuzz pass 81 m10.)
            yield line, None, (f"{where}: duplicate id {phrase.id}, the id of "
                               f"{seen[phrase.id]} too (this line is kept as it is until one "
                               "of the two is given another id or removed)")
            continue
        seen[phrase.id] = where
        yield line, phrase, None


def _what(line: str, exc: Exception) -> str:
    """What is wrong with a line the loader cannot take."""
    if line.startswith(CONFLICT_MARKERS):
        return "git merge conflict marker (resolve the conflict; the line is kept)"
    if isinstance(exc, RecursionError):
        exc = ValueError("nested too deeply")
    if line.startswith("\ufeff"):
        # An invisible byte-order mark, left mid-file by `cat a.jsonl b.jsonl`: the
        # decoder's "Expecting value at character 1" named nothing a user could see
        # (fuzz pass 4 of stop 69, A-m1).
        return ("the line opens with an invisible byte-order mark (U+FEFF), as a file "
                "joined onto another leaves it: delete it (the line is kept as it is, after "
                "the file's phrases, until fixed)")
    if isinstance(exc, json.JSONDecodeError):
        # Where in the line, not the decoder's own "line 2 column 1 (char 994)": the
        # line of the file is the one named before, and it has no line 2 (its newline,
        # reached with a brace missing, was the decoder's; fuzz pass 81 m12).
        body = line.rstrip("\r\n")
        if exc.msg.startswith("Unterminated string") or (
                exc.pos >= len(body) and exc.msg.startswith("Invalid control character")):
            # (The decoder's "Invalid control character" is the line's own end, met
            # inside a text: fuzz pass A of stop 67, m4.)
            return ("the line ends inside a text in quotes: it is cut short, or a closing "
                    "quote is missing (the line is kept as it is, after the file's phrases, "
                    "until fixed)")
        at = ("at the end of the line" if exc.pos >= len(body)
              else f"at character {exc.pos + 1:,} of the line")
        # (The decoder's own message may end on "at" already: "Invalid control character
        # at", said "at at character 323" by a fuzz pass of stop 62.)
        exc = ValueError(f"{exc.msg.removesuffix(' at')} {at}")
    return (f"{reader_terms(exc)} (the line is kept as it is, after the file's phrases, "
            "until fixed)")


def phrase_line(phrase: Phrase) -> str:
    return json.dumps(phrase.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"


def save_phrases(bank_dir: str | os.PathLike[str], phrases: Iterable[Phrase],
                 unreadable: dict[str, list[str]] | None = None,
                 beside: Iterable[tuple[Path, Path]] = ()) -> list[Path]:
    """Write the phrase files whose text changes, all committed together (see the
    module's docstring); returns the files written.  Lines the loader cannot take stay
    in their file, after its phrases, as they were (a write never drops them: fixing
    them is the maintainer's); ``unreadable``: those lines, when the caller loaded the
    bank under the lock it holds (else the bank is read again for them).  ``beside``:
    files beside the phrases, each staged (fileio.stage) and its target, committed with
    them; they are this function's from the call, removed unless committed.  The caller
    holds the bank lock."""
    report("writing the phrasebank")
    beside = list(beside)
    bank = Path(bank_dir).resolve()
    for temp, target in beside:
        if not (target.parent.resolve() == bank == temp.parent.resolve()
                and _beside_names_ok(temp.name, target.name)):
            raise ValueError(f"not a file beside the phrases: {target} (staged as {temp})")
    staged: list[tuple[Path, Path]] = []
    committed = False
    # (From here on any refusal removes the staged files beside: a mine refused for a
    # merge conflict had left its dictionary and taxonomy .tmp files in the bank.)
    try:
        _refuse_installed(bank_dir)
        folder = Path(bank_dir) / PHRASES_DIR
        if folder.is_symlink():
            # (Followed, a write had replaced the phrase files wherever it pointed: fuzz
            # pass 69, a user bank's phrases/ linked to another folder.)
            raise DrafterError(f"{shown(folder)} is a link (to {shown(os.readlink(folder))}); "
                               "drafter writes a bank's phrases only into its own folder: "
                               "make it a real folder, or name the bank where it points")
        folder.mkdir(parents=True, exist_ok=True)
        roll_forward(folder)
        if unreadable is None:
            unreadable = load_phrases(bank_dir).unreadable
        for stem, lines in sorted(unreadable.items()):
            marker = next((line for line in lines if line.startswith(CONFLICT_MARKERS)), None)
            if marker is not None:
                # Rewriting the file would sort the phrases between the markers among the
                # others and leave the markers after them: the conflict could no longer be
                # resolved as git shows it.  Nothing is written until it is.
                raise DrafterError(f"{folder / stem}.jsonl: an unresolved git merge conflict "
                                   f"({marker.strip()[:40]}); resolve it, then run this again")
        groups: dict[str, list[Phrase]] = {stem: [] for stem in unreadable}
        phrases = list(phrases)
        if len(phrases) > MAX_BANK_PHRASES:
            raise _too_many(bank, f"{len(phrases):,} phrases after this change", written=True)
        if (sources := sum(len(p.sources) for p in phrases)) > MAX_BANK_SOURCES:
            raise _too_many(bank, f"{sources:,} sources after this change", written=True)
        for phrase in phrases:
            section = phrase.section or "unclassified"
            if not KEY_RE.fullmatch(section):
                raise DrafterError(f"not a section key: {section!r} (phrase {phrase.id})")
            groups.setdefault(section, []).append(phrase)
        if len(groups) > MAX_PHRASE_FILES:  # (the files of unreadable lines among them)
            raise DrafterError(
                f"{shown(bank)}: phrases filed under {len(groups):,} "
                f"section types after this change, more than a bank may have files for "
                f"({MAX_PHRASE_FILES}; the bundled one has 14): file them under fewer; "
                "nothing was changed")
        kept = _KEPT.get(folder.resolve(), _Parsed())
        staged_lines: dict[str, list[str]] = {}
        staged_phrases: dict[str, list[Phrase]] = {}

        def line(phrase: Phrase) -> str:
            # A phrase given as it was read (the same object) is the line it was read from.
            was = kept.line_of.get(phrase.id)
            if was is not None and kept.by_line.get(was) is phrase:
                return was
            return phrase_line(phrase)

        costs: dict[str, int] = {}
        for section, members in sorted(groups.items()):
            target = folder / f"{section}.jsonl"
            members.sort(key=lambda p: p.id)
            written = [line(p) for p in members]
            written += unreadable.get(section, [])
            costs[section] = sum(map(held_cost, written))
            if sum(costs.values()) > MAX_BANK_COST:
                continue  # (past the bound: the rest only weighed, for the refusal's figure)
            if _as_read(kept, section, target, written):
                continue  # (its lines are those it was read with: nothing to compare)
            if _holds(target, written):
                continue  # (one decision rewrites one file, not all fourteen)
            staged.append((stage(target, _encoded(written)), target))
            staged_lines[section] = written
            staged_phrases[section] = members
        if sum(costs.values()) > MAX_BANK_COST:
            raise _too_many(bank, _past_cost(costs, " after this change"), written=True)
        for _, target in [*staged, *beside]:
            if target.is_dir():
                # Put in place after the commit, it could never be: every later command
                # would try again and fail (a directory cannot be replaced by a file).
                raise DrafterError(f"{target}: a folder where the phrasebank keeps a file; "
                                   "move it away, then run this again")
        stale = [p for p in phrase_file_paths(folder) if p.stem not in groups]
        journal = {"replace": [[temp.name, target.name] for temp, target in staged],
                   "remove": [path.name for path in stale],
                   "beside": [[temp.name, target.name] for temp, target in beside]}
        # (The folder first: a wait for it may still be stopped with Ctrl-C.)
        with _folder_lock(folder, shared=False), termination.held():
            written = stage(folder / JOURNAL_FILE, json.dumps(journal, ensure_ascii=False))
            try:
                os.replace(written, folder / JOURNAL_FILE)
            except BaseException:
                written.unlink(missing_ok=True)
                raise
            # The change is made: from here on its files are the bank, and a failure
            # leaves them for the next command to put in place, never to remove.
            committed = True
            termination.wrote(f"the phrasebank change in {folder.parent}")
            _sync_made(folder)
            _apply(folder, journal)
        if folder.resolve() in _KEPT:
            # The next read of a kept folder takes the files just written as they are.
            for section, written_lines in staged_lines.items():
                with contextlib.suppress(OSError):
                    kept.files[section] = (_file_stamp(folder / f"{section}.jsonl"),
                                           written_lines)
                # …and its lines' phrases as the ones just written, not parsed again: the
                # review screen holds these, and an undo after a redo of a big import had
                # held a second copy of each, 1.36 GB (fuzz re-check 77).  (The
                # unreadable lines come after the phrases'.)
                for phrase, written_line in zip(staged_phrases[section], written_lines,
                                                strict=False):
                    kept.by_line[written_line] = phrase
                    kept.line_of[phrase.id] = written_line
    finally:
        if not committed:
            for temp, _ in [*staged, *beside]:
                temp.unlink(missing_ok=True)
    return [target for _, target in [*beside, *staged]]


def _as_read(kept: _Parsed, stem: str, path: Path, lines: list[str]) -> bool:
    """Whether ``path`` is still the file of ``stem`` kept parsed and ``lines`` are its
    lines as read (the same string objects, so the comparison costs no hashing)."""
    was = kept.files.get(stem)
    if was is None:
        return False
    try:
        return was[0] == _file_stamp(path) and was[1] == lines
    except OSError:
        return False


def _encoded(lines: list[str]) -> Iterator[bytes]:
    """A phrase file's lines as written, one at a time (lines read with bytes that are
    not UTF-8 give them back as they were)."""
    return (line.encode("utf-8", "surrogateescape") for line in lines)


def _holds(path: Path, lines: list[str]) -> bool:
    """Whether ``path`` is a regular file holding ``lines`` (a symlink or any other kind
    of file is written over, as a write always did), read as the loader reads it: a
    byte-order mark, CRLF line ends and blank lines are no change, so a file an editor
    saved so is not rewritten by a write that changes nothing in it (fuzz pass, stop 62:
    every write had rewritten a CRLF file whole).  Compared a line at a time: the file's
    text, its bytes and the bytes read back, each held whole, had taken a mine into a
    bank of one large section to 976 MB."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        wanted = _as_loaded(_encoded(lines))
        with path.open("rb") as handle:
            for raw in _as_loaded(handle):
                if raw != next(wanted, None):
                    return False
        return next(wanted, None) is None
    except OSError:
        return False


def _as_loaded(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Lines of a phrase file as the loader takes them: no byte-order mark, no blank
    line, each ending in LF alone."""
    for number, raw in enumerate(lines):
        if number == 0:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        if raw.endswith(b"\r\n"):
            raw = raw[:-2] + b"\n"
        elif not raw.endswith(b"\n"):
            raw += b"\n"
        yield raw


_BOM = "\ufeff".encode()


def _apply(folder: Path, journal: dict[str, list]) -> None:
    """Carry out a committed journal: rename its files into place, remove the files it
    removes, then the journal.  Done again after a kill, it finishes what is left."""
    for temp, target in journal["beside"]:
        try:
            os.replace(folder.parent / temp, folder.parent / target)
        except FileNotFoundError:
            pass  # renamed before the kill
        except OSError as exc:
            raise CommitPending(
                f"{folder.parent / target}: cannot be replaced ({exc.strerror}); the change "
                f"is made and waits in {temp} beside it: the next drafter command puts it "
                "in place once the file can be written") from None
    for temp, target in journal["replace"]:
        try:
            os.replace(folder / temp, folder / target)
        except FileNotFoundError:
            pass  # renamed before the kill
        except OSError as exc:
            # Said of the phrase file, not of the temporary name the OS reports first
            # (a file made immutable, a read-only mount since the write began).
            raise CommitPending(
                f"{folder / target}: cannot be replaced ({exc.strerror}); the change is "
                f"made and waits in {temp} beside it: the next drafter command puts it in "
                "place once the file can be written") from None
    for name in journal["remove"]:
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError as exc:
            raise CommitPending(f"{folder / name}: cannot be removed ({exc.strerror}); the next "
                               "drafter command removes it once it can") from None
    _sync_made(folder)
    if journal["beside"]:
        _sync_made(folder.parent)
    (folder / JOURNAL_FILE).unlink()
    _sync_made(folder)


def _removal_loses(folder: Path, journal: dict[str, list]) -> str:
    """The first file a journal found on disk would remove whose lines are in no file the
    bank keeps once the journal is carried out ('' when none): a write removes only the
    files whose phrases it moved elsewhere, so a journal that loses one is forged."""
    if not journal["remove"]:
        return ""
    kept: set[str] = set()
    renamed = {target: temp for temp, target in journal["replace"]}
    existing = {path.name for path in phrase_file_paths(folder)}
    for name in existing - set(journal["remove"]):
        source = folder / renamed.get(name, name)
        if not source.exists():
            source = folder / name  # (renamed already, before a kill)
        kept.update(_line_keys(source))
    for temp, target in journal["replace"]:
        if target not in existing:  # a file the journal creates
            kept.update(_line_keys(folder / temp))
    for name in journal["remove"]:
        if not _line_keys(folder / name) <= kept:
            return name
    return ""


def _line_keys(path: Path) -> set[str]:
    """What identifies each line of a phrase file: its id, or the line itself when it
    has none that can be read."""
    keys = set()
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return keys
    for line in text.split("\n"):  # (as read_lines reads them: LF alone ends a line)
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            keys.add(str(record["id"]) if isinstance(record, dict) and "id" in record else line)
        except (ValueError, RecursionError):  # (bad JSON, or a number past the limit)
            keys.add(line)
    return keys


def _read_journal(folder: Path) -> dict[str, list] | None:
    """The committed change waiting in ``folder``, if any, its names checked: a phrase
    file, and a temporary file beside it, never a path."""
    path = folder / JOURNAL_FILE
    try:
        # Only a regular file: a FIFO in its place would block every command.
        text = read_regular_file(path, _JOURNAL_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        if not (path.exists() or path.is_symlink()):
            return None
        raise DrafterError(f"{path}: cannot read the commit journal ({exc.reason})") from None
    except UnicodeDecodeError as exc:
        raise DrafterError(f"{path}: cannot read the commit journal ({exc})") from None
    try:
        # (Nested too deeply, a RecursionError had ended every command: fuzz pass A of
        # stop 64, M3.  load_json says it as bad JSON.)
        journal = load_json(text)
        pairs = [(str(t), str(n)) for t, n in journal["replace"]]
        removed = [str(n) for n in journal["remove"]]
        # (A journal a version before these files were committed with the phrases wrote
        # has none.)
        beside = [(str(t), str(n)) for t, n in journal.get("beside", [])]
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        journal = None
    if journal is None or not all(_beside_names_ok(*pair) for pair in beside) or not all(
            _phrase_file_name(target) and temp.startswith(f".{target}.") and temp.endswith(".tmp")
            and "/" not in temp and os.sep not in temp for temp, target in pairs
    ) or not all(map(_phrase_file_name, removed)) or not all(
            # A staged file is one a write made: a plain file, never a link (a link
            # rolled forward had made a phrase file a link to a file outside the bank)
            # nor a folder (fuzz pass A of stop 64, m5, m6).
            _staged_plain(place / temp) for place, staged in ((folder, pairs),
                                                               (folder.parent, beside))
            for temp, _ in staged):
        raise DrafterError(f"{path}: damaged commit journal (it is only ever written whole, "
                           "so something else changed it); compare the phrase files with "
                           "the .tmp files beside them, keep what is right and remove it")
    return {"replace": [list(pair) for pair in pairs], "remove": removed,
            "beside": [list(pair) for pair in beside]}


def _staged_plain(path: Path) -> bool:
    """Whether a staged file is a plain file, or gone (already renamed into place)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _beside_names_ok(temp: str, target: str) -> bool:
    """Whether a journal's file beside the phrases is one a mine writes there, staged
    beside it under a temporary name (names, never paths)."""
    return (target in _beside_files() and temp.startswith(f".{target}.")
            and temp.endswith(".tmp") and "/" not in temp and os.sep not in temp)


def _beside_files() -> tuple[str, ...]:
    """The files beside the phrases that change with them."""
    from drafter.bank.fingerprints import FINGERPRINTS_FILE
    from drafter.bank.taxonomy import DOMAINS_FILE, TAXONOMY_FILE
    from drafter.bank.words import DICTIONARY_FILE

    return (DICTIONARY_FILE, FINGERPRINTS_FILE, TAXONOMY_FILE, DOMAINS_FILE, REVIEW_LOG_FILE)


def left_by_drafter(path: Path) -> bool:
    """Whether a file in a bank's folder is one a drafter write leaves there when killed
    before its first commit: the lock, or a file staged beside the phrases (a folder
    holding only these is a bank being made, not somebody else's folder)."""
    return path.name == LOCK_FILE or any(
        path.name.startswith(f".{name}.") and path.name.endswith(".tmp")
        for name in _beside_files())


def _phrase_file_name(name: str) -> bool:
    """A name a phrase file can have in the phrases folder: <section>.jsonl, its section
    a key (see is_phrase_file)."""
    return name.endswith(".jsonl") and bool(KEY_RE.fullmatch(name[:-len(".jsonl")]))


def is_phrase_file(path: Path) -> bool:
    """Whether a file of the phrases folder is a phrase file: named after the section
    type its phrases are filed under, a key (talent.jsonl).  No other file is read or
    written: an AppleDouble ._talent.jsonl, or a name so long that its temporary file's
    name had to be cut short, had been rewritten by every write and named in its commit
    journal, which the journal's own check then called damaged, and every command
    refused the bank (fuzz pass, stop 62: M1, M2).  Each is named as not read."""
    return _phrase_file_name(path.name)


def phrase_file_paths(folder: Path) -> list[Path]:
    """The phrase files of a phrases folder, by name."""
    return sorted(p for p in folder.glob("*.jsonl") if is_phrase_file(p))


def unread_files(folder: Path) -> list[str]:
    """What is wrong with each .jsonl file of the phrases folder that is no phrase file
    ("file: not read: …"), said by every command that reads the bank."""
    return [f"{shown(path)}: not read: a phrase file is named <section>.jsonl, its section "
            "type a key of a-z, 0-9 and _ (talent.jsonl); rename it, or move it out"
            for path in sorted(folder.glob("*.jsonl")) if not is_phrase_file(path)]


def _leftovers(folder: Path) -> bool:
    """Whether a killed write left something in ``folder`` (a journal, staged files)."""
    return (folder / JOURNAL_FILE).exists() or any(
        next(folder.glob(pattern), None) for pattern in _STAGED_GLOBS)


def roll_forward(folder: Path) -> None:
    """Finish the change a killed write committed, and remove the files a write killed
    before committing staged.  The caller holds the bank lock (no write is under way)."""
    if not _leftovers(folder):
        return
    with _folder_lock(folder, shared=False):
        journal = _read_journal(folder)
        if journal is not None:
            if lost := _removal_loses(folder, journal):
                raise DrafterError(
                    f"{folder / JOURNAL_FILE}: the commit journal would remove {lost}, whose "
                    "phrases are in no other phrase file (a write only removes a file it "
                    "has emptied, so something else wrote the journal); remove the journal")
            _apply(folder, journal)
        for pattern in _STAGED_GLOBS:
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def bank_stamp(bank_dir: str | os.PathLike[str]) -> tuple[tuple[str, int, int, int], ...]:
    """The phrase files' names, modification and change times and sizes: what changes
    when any writer commits a change (every change replaces whole files) or anyone edits
    a file, whatever times they give it back, read without a lock in well under a
    millisecond, so that a screen holding the bank can notice another process's change
    (a `phrasebank review --undo` on the command line)."""
    folder = Path(bank_dir) / PHRASES_DIR
    try:
        paths = phrase_file_paths(folder)
        return tuple((p.name, (st := p.stat()).st_mtime_ns, st.st_ctime_ns, st.st_size)
                     for p in paths)
    except OSError:
        return ()


@contextlib.contextmanager
def committed_files(bank_dir: str | os.PathLike[str]) -> Iterator[dict[str, Path]]:
    """The bank's phrase files, by section, as the last committed change left them, held
    steady while the caller reads them: a file a committed journal replaces is read from
    its new version until the renames are done.  A change a killed write left is
    finished first when no writer is at work and the bank can be written."""
    bank = Path(bank_dir)
    folder = bank / PHRASES_DIR
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            # (Read as an empty bank, it had made every search find nothing, in silence.)
            raise DrafterError(f"{folder}: not a folder; a phrasebank keeps its phrase "
                               "files in a folder of that name")
        yield {}
        return
    if _leftovers(folder) or _staged_beside(bank):
        _recover_if_free(bank)
    with _folder_lock(folder, shared=True):
        files = {path.stem: path for path in phrase_file_paths(folder)}
        if len(files) > MAX_PHRASE_FILES:
            raise DrafterError(f"{shown(folder)}: {len(files):,} phrase files, more than a bank "
                               f"may have ({MAX_PHRASE_FILES}, one a section type; the bundled "
                               "one has 14): move the phrases of most into a few, or into a "
                               "bank of their own")
        journal = _read_journal(folder)
        if journal is not None:
            for temp, target in journal["replace"]:
                if (folder / temp).exists():
                    files[target[:-len(".jsonl")]] = folder / temp
            for name in journal["remove"]:
                files.pop(name[:-len(".jsonl")], None)
        for path in files.values():
            if path.is_symlink() and not path.exists():
                # (Every command had ended on a bare "No such file or directory", of the
                # link's own name: the full-size fuzz pass of stop 59.)
                raise DrafterError(f"{path}: a symbolic link to {os.readlink(path)}, which "
                                   "does not exist; restore its target or remove the link")
        yield dict(sorted(files.items()))


def _recover_if_free(bank: Path) -> None:
    """Roll a killed write forward if the bank lock is free and the folder writable; a
    reader that cannot (a read-only bank, a writer at work) reads the committed files."""
    import fcntl

    from drafter import config

    if config.inside_installed_package(bank):
        return
    try:
        handle = open_lock_file(bank / LOCK_FILE)
    except (OSError, DrafterError):
        return  # (a lock that is no plain file: the write that needs it says so)
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # a writer is at work: it rolls forward itself
        try:
            with contextlib.suppress(OSError, CommitPending):
                roll_forward(bank / PHRASES_DIR)
                _remove_staged_beside(bank)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _folder_lock(folder: Path, shared: bool) -> Iterator[None]:
    """Readers share the phrases folder; a commit has it to itself for its renames.  A
    wait for it is said once and given up after FOLDER_LOCK_TIMEOUT: a reader stopped
    mid-read (Ctrl-Z) had kept every writer waiting for ever without a word, and a
    writer stopped in its renames every reader (fuzz pass 44)."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        others = ("another drafter process writing it" if shared
                  else "other drafter processes reading or writing it")
        # (Reading the bundled bank takes seconds, its commit less than one: a wait is
        # said after a second.)
        bounded_flock(
            fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX, FOLDER_LOCK_TIMEOUT,
            say_after=_FOLDER_WAIT_SAID, poll=0.05,
            waiting=lambda: (f"drafter: waiting for {others}: {folder} (at most "
                             f"{FOLDER_LOCK_TIMEOUT:.0f} s)"),
            gave_up=lambda: (f"{folder}: {others} for {FOLDER_LOCK_TIMEOUT:.0f} s (one "
                             "stopped with Ctrl-Z? resume or end it); nothing was changed"))
        yield
    finally:
        os.close(fd)  # releases the lock


def bounded_flock(lock, flags: int, timeout: float, *, say_after: float, poll: float,
                  waiting: Callable[[], str], gave_up: Callable[[], str]) -> None:
    """Take the flock ``flags`` on ``lock`` (a file or a descriptor) once it is free: a
    wait is said once, ``say_after`` seconds in (``waiting()``, through LOCK_WAIT_NOTICE),
    and given up after ``timeout`` seconds (BankLocked, saying ``gave_up()``).  The bank's
    write lock, the phrases folder's lock and a search waiting for another process's
    build of the index wait alike."""
    import fcntl
    import time

    start, said = time.monotonic(), False
    while True:
        try:
            fcntl.flock(lock, flags | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waited = time.monotonic() - start
            if not said and waited >= say_after:
                LOCK_WAIT_NOTICE(waiting())
                said = True
            if waited >= timeout:
                raise BankLocked(gave_up()) from None
            time.sleep(poll)


# Seconds a reader or a commit waits for the phrases folder.  (A commit's renames take
# under a second, a reader's read of the bundled bank a few: a wait past this is one
# stopped with Ctrl-Z, and is given up, said, within the half minute a user waits.)
FOLDER_LOCK_TIMEOUT = 25.0
_FOLDER_WAIT_SAID = 1.0  # seconds of waiting before it is said


def _sync_folder(folder: Path) -> None:
    """Make the renames and removals in ``folder`` durable, in order."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_made(folder: Path) -> None:
    """_sync_folder once a change is committed: a disk that fails to confirm it is said
    as such, with the change made, not as the bare error of a write that failed (an
    fsync refused with ENOSPC after the renames had said `No space left on device`, rc 1,
    of a decision fully written: fuzz pass 81 m3)."""
    try:
        _sync_folder(folder)
    except OSError as exc:
        raise CommitPending(
            f"{folder}: the change is made, but the disk did not confirm it is kept "
            f"({exc.strerror or exc}); it is read as made, and the next drafter command "
            "finishes it: check the disk (space, errors) before relying on it") from None


# Seconds a writer waits for another to finish (a review while an import of the whole
# bundled bank runs, about 20 s), said at once with whom it waits for.  Longer work (a
# mine of a large corpus) is not waited out: the writer gives up, says so and changes
# nothing, as git does on a held index.lock, rather than sit silent past half a minute.
LOCK_TIMEOUT = 25.0


def open_lock_file(path: Path):
    """A lock file (a phrasebank's .lock, or the cache's .build.lock), opened for
    writing only when it is a plain file of its own:
    a .lock that was a symbolic link (committed to git, or planted) had its target
    emptied, outside the bank, by every write (fuzz re-check, stop 38); so had a hard
    link's other name (fuzz pass 39)."""
    import stat

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError:
        if path.is_symlink():
            raise DrafterError(f"{path}: a symbolic link, not the phrasebank's lock file; "
                               "nothing was written (remove it: drafter makes its own)") from None
        if path.is_dir():  # (said as a bare "Is a directory": fuzz pass A of stop 65, m3)
            raise DrafterError(f"{path}: a folder, not the phrasebank's lock file; nothing "
                               "was written (remove it: drafter makes its own)") from None
        raise
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise DrafterError(f"{path}: not a regular file; a phrasebank's lock must be one "
                           "(remove it: drafter makes its own)")
    if status.st_nlink > 1:
        # A hard link shares its file with another name, perhaps outside the bank: the
        # holder's note written into it had emptied that file (fuzz pass 39).
        os.close(fd)
        raise DrafterError(f"{path}: a hard link to another file, not the phrasebank's "
                           "lock file; nothing was written (remove it: drafter makes its "
                           "own)")
    return os.fdopen(fd, "a+")


@contextlib.contextmanager
def bank_lock(bank_dir: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the phrasebank's write lock.  A second writer waits for the first to finish
    (two `drafter mine` runs are serialised) and gives up with BankLocked after
    ``timeout`` seconds."""
    import fcntl

    _refuse_installed(bank_dir)
    path = Path(bank_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_lock_file(path) as handle:
        # Whoever waits is told for whom, at once, not left staring at nothing (a short
        # wait on a loaded machine may end at once).
        bounded_flock(
            handle, fcntl.LOCK_EX, timeout, say_after=0.0, poll=0.2,
            waiting=lambda: (f"drafter: waiting for {lock_holder(handle)} to finish "
                             f"writing {bank_dir} (at most {timeout:.0f} s)"),
            gave_up=lambda: (f"{bank_dir}: {lock_holder(handle)} is still writing this "
                             f"phrasebank after {timeout:.0f} s; try again when it is done"))
        note_holder(handle)
        try:
            if (Path(bank_dir) / PHRASES_DIR).is_dir():
                roll_forward(Path(bank_dir) / PHRASES_DIR)  # what a killed writer left
            _remove_staged_beside(Path(bank_dir))
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _staged_beside(bank: Path) -> list[Path]:
    """What a killed writer staged beside the phrases: the next version of the
    dictionary, the fingerprints or a taxonomy file (never the files themselves)."""
    return [leftover for name in _beside_files() for leftover in bank.glob(f".{name}.*.tmp")]


def _remove_staged_beside(bank: Path) -> None:
    """Remove what a killed writer staged beside the phrases.  The caller holds the bank
    lock (no write is under way)."""
    for leftover in _staged_beside(bank):
        leftover.unlink(missing_ok=True)


def note_holder(handle) -> None:
    """Write into a lock file just taken who holds it (process id and the command as
    typed), for whoever waits to name (see lock_holder)."""
    handle.seek(0)
    handle.truncate()
    command = command_typed()
    with contextlib.suppress(OSError):
        # Only said to whoever waits: a full disk here had ended the command with a
        # bare "No space left on device"; the write that follows names its file
        # (fuzz passes 40 and 41).  (Unbuffered: nothing is left to fail at close.)
        os.write(handle.fileno(), f"{os.getpid()} {command}\n".encode())


def command_typed() -> str:
    """The command as a person typed it, without the script's path or options: "drafter
    phrasebank review" (sys.argv[1] had named "drafter --phrasebank": fuzz pass 44)."""
    import click

    context = click.get_current_context(silent=True)
    if context is not None:
        return context.command_path
    return " ".join([Path(sys.argv[0]).name or "drafter", *sys.argv[1:2]])


def lock_holder(handle) -> str:
    """Who holds the lock, as the holder wrote it (process id and command), or, when it
    wrote nothing (not drafter: `flock .lock sleep 60`), as the kernel lists it."""
    handle.seek(0)
    written = handle.read().strip()
    if written and termination.process_alive(written.partition(" ")[0]):
        return f"another drafter process (pid {written})"
    # (What a drafter that held it once wrote stays when it is gone: another program
    # holding it now had been named as that dead process, a blind re-check of stop 60.)
    # (A lock held by another program had been called "another drafter process": fuzz
    # pass 66 m-4.)
    holder = _flock_holder(handle.fileno())
    return f"another process ({holder})" if holder else "another process"


def _flock_holder(fd: int) -> str:
    """"pid N: command" of the process /proc/locks lists as holding a lock on the file
    of ``fd`` (Linux; "" elsewhere or when it cannot be told).  A line reads
    "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF": the pid, then the file as
    major:minor:inode (a waiter's own line starts "1: ->" and is passed over)."""
    try:
        status = os.fstat(fd)
        # (The device in hex, as the kernel prints it: an inode alone may be another
        # file system's.)
        file_id = (f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:"
                   f"{status.st_ino}")
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            lines = locks.read(1 << 20).splitlines()
    except OSError:
        return ""
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or fields[1] == "->" or not fields[4].isdigit():
            continue
        if fields[5] == file_id:
            pid = fields[4]
            try:
                with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
                    return f"pid {pid}: {comm.read().strip()}"
            except OSError:
                return f"pid {pid}"
    return ""


def _notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


LOCK_WAIT_NOTICE = _notice  # how a writer that has to wait says so (the TUI may replace it)


def _refuse_installed(bank_dir: str | os.PathLike[str]) -> None:
    from drafter import config

    if config.inside_installed_package(bank_dir):
        raise ReadOnlyBank(f"{bank_dir}: the phrasebank installed with drafter is read-only; "
                           "changes go to your own phrasebank (see 'drafter info') or to "
                           "one named with --phrasebank")


@dataclass
class MergeCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def damaged_ids(loaded: LoadedBank) -> dict[str, str]:
    """The ids named on lines the loader could not take and by no phrase it took, each
    with the file of its line: the phrase is there, damaged.  A new phrase under such an
    id is not added: written before the kept line, it had been read in its place once
    the line was mended, and the maintainer's approved line called the duplicate (fuzz
    pass A, stop 67)."""
    found: dict[str, str] = {}
    for stem, lines in loaded.unreadable.items():
        for line in lines:
            for phrase_id in _ids_on(line) - loaded.phrases.keys():
                found.setdefault(phrase_id, f"{PHRASES_DIR}/{stem}.jsonl")
    return found


def _ids_on(line: str) -> set[str]:
    """Every id a damaged line may name: written plainly, and, where it reads as JSON,
    every value of an "id" key (escaped as \\u0030…, or given twice: a blind re-check of
    stop 67 found both added again beside the reviewed phrase)."""
    ids = set(LINE_ID_RE.findall(line))

    def pairs(items: list) -> dict:
        ids.update(v for k, v in items if k == "id" and isinstance(v, str))
        return {}

    if len(line) <= 1_000_000:  # (a line's whole length is bounded by the loader)
        with contextlib.suppress(ValueError, RecursionError):
            json.loads(line, object_pairs_hook=pairs)
    return ids


def damaged_line_problem(phrase_id: str, where: str) -> str:
    """What is said of a phrase not added because its id is on a damaged line."""
    return (f"{where}: {phrase_id} is on a line that cannot be read ('drafter phrasebank "
            "lint' names it); it was not added again beside it: mend that line, then run "
            "this again")


def merge_mined(existing: dict[str, Phrase],
                mined: Iterable[Phrase], damaged: Collection[str] = ()
                ) -> tuple[dict[str, Phrase], MergeCounts]:
    """Fold freshly mined phrases into the bank without undoing a maintainer's work:
    a reviewed phrase (approved, rejected, merged) is frozen as it was reviewed, fields
    listed in a candidate's ``decided`` keep their values, and sources only ever grow.
    What mining reads off a phrase's text for the index (its domains, salient terms and
    specifics) follows the miner on reviewed phrases too, unless a maintainer set it.
    Phrases not mined again are kept; one whose id is ``damaged`` (see damaged_ids)
    is not added."""
    merged = dict(existing)
    counts = MergeCounts()
    for phrase in mined:
        old = merged.get(phrase.id)
        if old is None and phrase.id in damaged:
            continue
        if old is None:
            merged[phrase.id] = phrase
            counts.new += 1
            continue
        updated = fold_mined(old, phrase)
        if updated.to_dict() == old.to_dict():
            counts.unchanged += 1
        else:
            merged[phrase.id] = updated
            counts.updated += 1
    return merged, counts


def fold_mined(old: Phrase, phrase: Phrase) -> Phrase:
    """``old`` as mining ``phrase`` (of the same id) again leaves it, by merge_mined's
    rules; ``old`` itself is not changed."""
    updated = Phrase.from_dict(old.to_dict())
    reviewed = old.status != "candidate"
    for name in ("text", "sections", "domains", "terms", "speaker", "score", "level",
                 "placeholders", "specifics", "members", "frame"):
        derived = name in _DERIVED and old.text == phrase.text
        if (derived or not reviewed) and name not in old.decided:
            setattr(updated, name, getattr(phrase, name))
    updated.sources = kept_sources((*old.sources, *phrase.sources))
    return updated
