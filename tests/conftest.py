"""Shared fixtures: the seed corpus beside the repository, and small file builders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_file(prefix: str) -> Path:
    matches = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed corpus not found beside the repository ({CORPUS})")
    return matches[0]


@pytest.fixture
def sample_speech() -> Path:
    return FIXTURES / "sample_speech.txt"
