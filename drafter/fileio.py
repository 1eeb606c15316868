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
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target
