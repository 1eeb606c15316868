"""Shared fixtures: the seed corpus beside the repository, and small file builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.archive import _mined_once, mined_archive  # noqa: F401 (fixtures for all tests)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker more than there are CPUs.  Many tests wait on processes of
    their own (mine's workers, pip, LibreOffice, the TUI's workers): with a worker a CPU,
    a CI run kept its two CPUs 80% busy."""
    import os

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) + 1


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


@pytest.fixture(scope="session", autouse=True)
def isolated_session_dirs(tmp_path_factory):
    """The user's folders for what runs before any test's own (below): a module's or a
    session's fixture.  test_docx_render's pages, drafted from the bundled bank by a
    module fixture, had built its 226 MB index in the real ~/.cache/drafter on every
    run of the suite (fuzz re-check 71 found one; sixteen were there)."""
    base = tmp_path_factory.getbasetemp()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
        patch.setenv("XDG_CONFIG_HOME", str(base / "session-xdg" / "config"))
        patch.setenv("XDG_DATA_HOME", str(base / "session-xdg" / "data"))
        patch.delenv("DRAFTER_PHRASEBANK", raising=False)
        patch.delenv("DRAFTER_DATA", raising=False)
        patch.delenv("DRAFTER_SETTINGS", raising=False)
        yield


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Tests never read or write the real user's config, data or cache: each test sees
    empty config and data dirs; the cache (search indexes) is shared by the session.
    Under pytest -n each worker process is a session of its own with its own base
    temp dir, so no two processes ever share one of these."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    # (Nor the state dir, where an index goes when the cache cannot be written.)
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("DRAFTER_SETTINGS", raising=False)
    # (-q in one test's command line silences what the library says of a wait for the
    # whole process: put back for each test, whichever ran before it on this worker.)
    from drafter.bank import phrasebank, store

    monkeypatch.setattr(phrasebank, "INDEX_NOTICE", phrasebank._notice)
    monkeypatch.setattr(store, "LOCK_WAIT_NOTICE", store._notice)
    monkeypatch.delenv("DRAFTER_PHRASEBANK", raising=False)
    monkeypatch.delenv("DRAFTER_DATA", raising=False)
