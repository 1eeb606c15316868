"""Atomic file writes: write a temporary file beside the target, then rename it over.

An interrupted or failed write (a full disk) leaves the previous file as it was; a reader
never sees half a file.  Also: parsing TOML and JSON that cannot exhaust the stack.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from drafter import termination
from drafter.errors import DrafterError, UnreadableFile
from drafter.text.chars import SURROGATE_RE


class OutputExists(DrafterError):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: already exists (use --force to overwrite)")


def atomic_write(path: str | os.PathLike[str], data: bytes | str | Iterable[str], *,
                 overwrite: bool = True, through_link: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; refuse an existing file unless ``overwrite``.
    ``through_link``: a file the user named (-o), which, when it is a symbolic link, is
    written where the link points, as a shell's redirection writes it: renamed over, the
    link itself had been replaced (export -o /dev/stdout, run as root, had made the
    system's /dev/stdout a plain file: fuzz pass, stop 62).  drafter's own files are
    never written through a link (one put there is replaced)."""
    target = Path(path)
    if through_link and target.is_symlink():
        target = Path(os.path.realpath(target))
    if not overwrite and target.exists():
        raise OutputExists(target)
    if target.is_dir():
        raise DrafterError(f"{target}: is a directory")
    if _device(target):
        _write_device(target, data)
        return target
    temp = stage(target, data)
    try:
        with termination.held():  # (the file in place and recorded, or neither)
            os.replace(temp, target)
            termination.wrote(str(target))
    except OSError as exc:
        raise WriteFailed(target, exc) from None
    finally:
        if temp.exists():
            temp.unlink()
    _remove_orphans(target)
    return target


def _device(target: Path) -> bool:
    """Whether ``target`` is no regular file but a device (/dev/null, /dev/stdout), which
    is written straight (_write_device): renamed over, a temporary file had replaced
    the device itself (an export -o /dev/full --force left /dev/full a plain file, and
    said nothing of the full disk it stands for: fuzz pass 42).  A FIFO or a socket is
    refused: a write to one nobody reads would wait forever."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode):
        return False
    if not stat.S_ISCHR(mode):
        raise DrafterError(f"{shown(target)}: is no regular file (a FIFO or a socket); "
                           "give a file to write")
    return True


def _write_device(target: Path, data: bytes | str | Iterable[str]) -> None:
    chunks = [data] if isinstance(data, (bytes, str)) else data
    try:
        with open(target, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    except OSError as exc:
        raise WriteFailed(target, exc) from None


ORPHAN_AGE = 600  # seconds: a temporary file this old beside its target is no write's


def _remove_orphans(target: Path) -> None:
    """Remove the temporary files a killed write of ``target`` left beside it (an export
    killed mid-write had left a 6 MB .full.jsonl.….tmp for good: fuzz pass 41, F10).
    Only old ones: another process may be writing the same file this moment."""
    import glob
    import time

    pattern = glob.escape(str(target.parent / _temp_prefix(target.name))) + "????????.tmp"
    for leftover in glob.glob(pattern):
        with contextlib.suppress(OSError):
            if time.time() - os.lstat(leftover).st_mtime > ORPHAN_AGE:
                os.unlink(leftover)


class WriteFailed(DrafterError):
    """A write the system refused (a full disk, a read-only folder): the file that was
    there is as it was."""

    def __init__(self, target: Path, exc: OSError):
        self.errno = exc.errno
        super().__init__(f"{target}: cannot write: {exc.strerror or exc}; "
                         "the files already there are left as they were")


def stage(target: Path, data: bytes | str | Iterable[str | bytes]) -> Path:
    """Write ``data`` to a temporary file beside ``target``, synced and with the mode a
    plain write would give, and return it; the caller renames it over ``target`` (or
    several of them together, as the phrasebank does) or removes it.  ``data`` may be
    pieces of text or bytes, written as they come (the review log of an import of 90,000
    phrases had been one string of 270 MB)."""
    chunks = ((data,) if isinstance(data, str | bytes | bytearray | memoryview) else data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise WriteFailed(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain write would:
        # the old file's, or what the umask allows.
        os.chmod(temp, _mode_for(target))
    except BaseException as exc:
        os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteFailed(target, exc) from None
        if isinstance(exc, UnicodeEncodeError):
            # Half of a character (a lone surrogate), which no UTF-8 file can hold: every
            # reader refuses one, and a value that still held one had ended the TUI's
            # save in a traceback (fuzz pass B of stop 68).  Said, the file left as it was.
            raise DrafterError(
                f"{target}: not written: the text holds "
                f"\\u{ord(exc.object[exc.start]):04x}, half of a character (a lone "
                "surrogate); the file already there is left as it was") from None
        raise
    return Path(temp)


_NAME_MAX = 255  # bytes in a file name, on every common file system
_TEMP_EXTRA = len(".tmp") + 8  # mkstemp's suffix and random part


def _temp_prefix(name: str) -> str:
    """``.NAME.``, the start of a temporary file's name beside NAME, cut short so that
    the whole temporary name stays a legal one when NAME is near the limit itself."""
    prefix = f".{name}.".encode("utf-8", "surrogateescape")
    room = _NAME_MAX - _TEMP_EXTRA
    return prefix[:room].decode("utf-8", "ignore") if len(prefix) > room else f".{name}."


def load_toml(text: str) -> dict:
    """``tomllib.loads``, with values nested too deeply for the parser (a file of
    100,000 ``[``) or keys of too many parts reported as a TOMLDecodeError like any
    other bad TOML."""
    if (line := _line_of_many_dots(text)) is not None:
        # (The parser holds every prefix of a dotted key: a key of 100,000 parts ran
        # it out of memory, a MemoryError traceback in every command reading the file:
        # full fuzz pass, stop 59.)
        raise tomllib.TOMLDecodeError(f"a key of more than {MAX_TOML_KEY_PARTS} dotted parts "
                                      f"(line {line})")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("values nested too deeply") from None
    except MemoryError:
        raise tomllib.TOMLDecodeError("too large for the parser") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:  # the integer-length limit (fuzz pass 51: a traceback)
        raise tomllib.TOMLDecodeError(TOO_LONG_NUMBER) from None


# A settings, rules or taxonomy file (the bundled ones: 35 KB together).  TOML parses at
# about 2 s a MB on a slow machine, and these are read by every command: 16 MB of rules
# had taken check and outline past 30 s (a blind re-check, stop 65).
MAX_TOML_BYTES = 2 * 1024 * 1024
MAX_TOML_KEY_PARTS = 100  # dotted parts of one key (the bundled files' keys have 2 at most)


# What a TOML text holds, for counting the dots of keys: strings (multi-line ones first)
# and comments, whose dots are no key's, line ends, and dots.
_TOML_DOT_TOKENS_RE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
    r"|#[^\n]*|\n|\.", re.S)


def _line_of_many_dots(text: str) -> int | None:
    """The number of the first line holding more than MAX_TOML_KEY_PARTS dots outside
    strings and comments (a key of that many parts: no value of these files has them),
    or None.  Every key is counted, however its parts are quoted and wherever it stands:
    a key whose first part was quoted ("k".a.a…), or inside an inline table, had been
    passed over, and 40,000 parts in a 90 KB taxonomy.toml took every command past 60 s
    and 5 GB (fuzz pass A of stop 68)."""
    if text.count(".") <= MAX_TOML_KEY_PARTS or not any(
            line.count(".") > MAX_TOML_KEY_PARTS for line in text.splitlines()):
        return None  # (every file read: the common case costs two scans in C)
    line, dots = 1, 0
    for token in _TOML_DOT_TOKENS_RE.finditer(text):
        found = token.group()
        if found == ".":
            dots += 1
            if dots > MAX_TOML_KEY_PARTS:
                return line
        elif found == "\n":
            line, dots = line + 1, 0
        else:
            line += found.count("\n")  # (a multi-line string)
    return None


def read_toml(path: str | os.PathLike[str]) -> dict:
    """The TOML file at ``path`` as a dict; UnreadableFile says in a user's words why it
    cannot be had (settings, rules and taxonomies are all read through here).  Only a
    regular file is read: a FIFO there had blocked, /dev/zero filled the memory."""
    data = read_regular_file(Path(path), MAX_TOML_BYTES)
    try:
        # (A mark of UTF-8 at the start, as Notepad writes, is no error of the user's.)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"not UTF-8 text (byte {exc.start}); a TOML file is "
                                   "UTF-8: save it as UTF-8") from None
    try:
        return load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnreadableFile(path, f"not valid TOML: {exc}") from None


def _mode_for(target: Path) -> int:
    """The mode a file written over ``target`` gets: the old file's, when it is a plain
    file; else what the umask allows (a log linked to /dev/zero had been replaced by a
    file anyone could write, the device's mode: fuzz re-check 79, n14)."""
    try:
        held = target.stat()
        if stat.S_ISREG(held.st_mode):
            return held.st_mode & 0o777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def shown(text: object) -> str:
    """``text`` (a file name, a reason naming one, a phrase) safe to print to a terminal:
    control characters, which a crafted file name or phrase could use to move the cursor
    or recolour the screen, are written as escapes (\\x1b), as are line breaks and
    invisible characters; spaces (the ideographic space of Chinese text too) and the rest
    as they are."""
    text = str(text)
    if text.isprintable():
        return text  # (nearly always: one scan in C)
    return "".join(_shown_character(ch) for ch in text)


def _shown_character(ch: str) -> str:
    if ch.isprintable() or unicodedata.category(ch) == "Zs":
        return ch
    if "\udc80" <= ch <= "\udcff":
        # A byte of a file name that is not UTF-8, as Python reads it: shown as the byte
        # (\xff), as `ls -b` and the shell name it, not as \udcff (fuzz pass 66 m-C).
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode()


def json_text(data: object, indent: int | None = None) -> str:
    """``data`` as JSON text for a person or a script to read: Chinese as it is, and a
    lone surrogate (the stand-in for a byte of a file name that is not UTF-8) as its
    JSON escape, so the text is always valid UTF-8 (written raw, it had made a batch's
    whole document unreadable to a JSON parser)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def keys_given_twice(pairs: list[tuple[str, object]]) -> list[str]:
    """The keys a JSON object's pairs name more than once, in the order they come again
    (json.loads would keep the last value of each without a word); [] when none."""
    if len({key for key, _ in pairs}) == len(pairs):
        return []
    seen: set[str] = set()
    return list(dict.fromkeys(key for key, _ in pairs if key in seen or seen.add(key)))


def load_json(text: str, pairs_hook=None, max_containers: int | None = None) -> object:
    """``json.loads``, with values nested too deeply for the parser (a line of
    100,000 ``[``) and integers too long for Python to convert (over 4,300 digits)
    reported as a JSONDecodeError like any other bad JSON.  ``pairs_hook`` is json's
    object_pairs_hook (a DrafterError it raises passes through as it is).
    ``max_containers``: at most this many lists and objects (counted before parsing, a
    bracket in a string counted too): 32 MB of nested empty lists had taken 1.47 GB to
    parse before the draft was refused (fuzz pass 49)."""
    if max_containers is not None and text.count("[") + text.count("{") > max_containers:
        raise json.JSONDecodeError(f"more than {max_containers:,} lists and objects",
                                   text[:100], 0)
    try:
        return json.loads(text, object_pairs_hook=pairs_hook)
    except RecursionError:
        raise json.JSONDecodeError("values nested too deeply", text[:100], 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # the integer-length limit (CVE-2020-10735)
        # (Said in the reader's terms, not Python's sys.set_int_max_str_digits: fuzz 42.)
        raise json.JSONDecodeError(TOO_LONG_NUMBER, text[:100], 0) from None


TOO_LONG_NUMBER = "a number of more than 4,300 digits"


def reader_terms(exc: Exception) -> str:
    """What a JSON reader's error says, in the reader's terms: Python's integer-length
    limit names sys.set_int_max_str_digits (fuzz passes 42 and 44)."""
    return TOO_LONG_NUMBER if "integer string conversion" in str(exc) else str(exc)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``; raises UnreadableFile with a reason.  A
    FIFO named x.txt would block forever, /dev/zero be read until memory runs out: only
    regular files up to ``max_bytes`` are read."""
    with open_regular_file(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise too_large(path, size, max_bytes)
        # Read no more than the limit whatever the size said: a file may grow while it
        # is read, and some (in /proc) say 0.
        data = read_from(handle, path, max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(path, len(data), max_bytes)
    return data


@contextlib.contextmanager
def open_regular_file(path: Path) -> Iterator[BinaryIO]:
    """``path`` open for reading, when it is a regular file; raises UnreadableFile with
    a reason (no such file, a directory, a pipe or device, permission denied)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(path, "a symbolic link that leads back to itself (a "
                                 "loop)") from None
        raise UnreadableFile(path, f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(path, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(path, "not a regular file (a pipe, socket or device)")
    try:
        handle = path.open("rb")
    except PermissionError:
        raise UnreadableFile(path, "permission denied") from None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read ({exc.strerror or exc})") from None
    with handle:
        yield handle


def read_from(handle: BinaryIO, path: Path, size: int) -> bytes:
    """Up to ``size`` bytes of an open file; a read the system refuses (an I/O error on
    a failing disk) raises UnreadableFile."""
    try:
        return handle.read(size)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read ({exc.strerror or exc})") from None


def too_large(path: Path, size: int, max_bytes: int) -> UnreadableFile:
    said, limit = f"{size / 2**20:.0f} MB", f"{max_bytes / 2**20:.0f} MB"
    if said == limit:  # (just over: "32 MB; the limit is 32 MB" had said nothing)
        said, limit = f"{size:,} bytes", f"{limit}, {max_bytes:,} bytes"
    return UnreadableFile(path, f"too large ({said}; the limit is {limit})")
