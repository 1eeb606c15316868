"""Atomic file writes: write a temporary file beside the target, then rename it over.

An interrupted write leaves the previous file as it was; a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drafter.errors import DrafterError


class OutputExists(DrafterError):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: already exists (use --force to overwrite)")


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *,
                 overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; refuse an existing file unless ``overwrite``."""
    target = Path(path)
    if not overwrite and target.exists():
        raise OutputExists(target)
    if target.is_dir():
        raise DrafterError(f"{target}: is a directory")
    temp = None
    try:
        temp = stage(target, data)
        os.replace(temp, target)
    except OSError as exc:
        raise DrafterError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if temp and temp.exists():
            temp.unlink()
    return target


def stage(target: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``target``, synced and with the mode a
    plain write would give, and return it; the caller renames it over ``target`` (or
    several of them together, as the phrasebank does) or removes it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain write would:
        # the old file's, or what the umask allows.
        os.chmod(temp, _mode_for(target))
    except BaseException:
        os.unlink(temp)
        raise
    return Path(temp)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def shown(text: object) -> str:
    """``text`` (a file name, a reason naming one) safe to print to a terminal: control
    characters, which a crafted file name could use to move the cursor or recolour the
    screen, are written as escapes (\\x1b), the rest as it is."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
                   for ch in str(text))
