"""A bank handed to each test as a fresh copy of one made once a session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def fresh_copy(source: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of ``source`` at one path of this session (``name`` under its base temp
    dir), remade for each test.  Its search index is built again for each test: an
    index's fingerprint holds its files' change times, which no copy keeps (so keep
    such banks small).  Tests of one session run one at a time, so they never share
    it."""
    copy = tmp_path_factory.getbasetemp() / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    return copy


def copy_of_bundled_sections(bank: Path, largest: int = 1_000_000) -> Path:
    """The bundled bank's config files and its phrase files of at most ``largest``
    bytes (2,400 of its 92,000 phrases) copied to ``bank``: a bank of every kind of
    file a test can change, which commands read and index in a fraction of a second
    (the whole one takes 9 s to lint, 18-36 s to index)."""
    bundled = Path(__file__).resolve().parents[2] / "phrasebank"
    shutil.copytree(bundled, bank, ignore=lambda folder, names: [
        name for name in names if name.endswith(".jsonl")
        and (Path(folder) / name).stat().st_size > largest])
    assert len(list((bank / "phrases").glob("*.jsonl"))) >= 5, "too few sections copied"
    return bank
