"""A bank handed to each test as a fresh copy of one made once a session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def fresh_copy(source: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of ``source`` at one path of this session (``name`` under its base temp
    dir), remade for each test, the files' times kept.  A search index the app built
    for an earlier test's copy is then still right for this one (its fingerprint is the
    files' names, sizes and times, and the files are the same), so each test does not
    spend seconds building it again; a test that changes the files has it rebuilt, as
    a user would.  Tests of one session run one at a time, so they never share it."""
    copy = tmp_path_factory.getbasetemp() / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)  # copy2: times kept
    return copy
