"""Errors drafter raises on purpose; each carries a message fit to show a user."""

from __future__ import annotations

from pathlib import Path


class DrafterError(Exception):
    """Base class: anything drafter reports to a user without a traceback."""


class UnreadableFile(DrafterError):
    """An input file that cannot be turned into text: empty, binary, corrupt, …"""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
