"""The SQLite FTS5 index and search, through the Python API and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter import PhraseBank
from drafter.bank.index import fill_index, fts_query, gram_tokens, index_path
from drafter.bank.model import Phrase, Source, phrase_id
from drafter.bank.store import save_phrases
from drafter.cli import main


def _phrase(text, kind="lead", sections=("political_stance",), score=0.5, status="candidate"):
    return Phrase(phrase_id(kind, text), text, kind, list(sections), status=status, score=score,
                  sources=[Source("s.txt", 1)])


@pytest.fixture
def bank(tmp_path):
    phrases = [
        _phrase("提高政治站位", score=0.9),
        _phrase("旗帜鲜明讲政治", score=0.4),
        _phrase("坚持问题导向", sections=("work_methods",)),
        _phrase("加强党支部标准化规范化建设", kind="heading", sections=("grassroots",)),
        _phrase("党管人才", kind="idiom", sections=("talent",), status="approved"),
        _phrase("以政治上的加强推动全面从严治党", kind="golden", sections=("discipline", "political_stance")),
        _phrase("被否决的政治句子", status="rejected"),
    ]
    save_phrases(tmp_path / "bank", phrases)
    return tmp_path


def _open(bank):
    return PhraseBank.open(bank / "bank", cache_dir=bank / "cache")


def test_tokens_and_queries():
    assert gram_tokens("提高政治站位") == "提高 高政 政治 治站 站位 位"
    assert gram_tokens("党，政治") == "党 政治 治"
    assert gram_tokens("落实5G网络COVID") == "落实 实 网络 络 5g covid"
    assert fts_query("政治站位") == '"政治 治站 站位"'
    assert fts_query("党") == '"党"*'
    assert fts_query("Co 网络") == '"co"* AND "网络"'
    assert fts_query("，。") is None


def test_substring_search_of_any_length(bank):
    with _open(bank) as pb:
        assert {h.text for h in pb.search("政治")} == {
            "提高政治站位", "旗帜鲜明讲政治", "以政治上的加强推动全面从严治党"}
        assert next(h.text for h in pb.search("党")) in {"党管人才", "加强党支部标准化规范化建设",
                                                       "以政治上的加强推动全面从严治党"}
        assert {h.text for h in pb.search("党")} == {"党管人才", "加强党支部标准化规范化建设",
                                                    "以政治上的加强推动全面从严治党"}
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
        assert pb.search("站位政治") == []  # order matters: a phrase, not a bag of bigrams


def test_a_query_with_no_words_finds_the_phrases_holding_it_as_typed(tmp_path):
    # %, （ or 🙂 alone had listed the bank's best phrases, as though nothing was asked.
    save_phrases(tmp_path / "bank", [_phrase("强化村（居）务监督"), _phrase("提高政治站位")])
    with _open(tmp_path) as pb:
        assert [h.text for h in pb.search("（")] == ["强化村（居）务监督"]
        assert pb.search("🙂") == [] and pb.search("%") == []
        assert len(pb.search("")) == 2  # (no query at all still lists the best)


def test_filters_ranking_and_hit_fields(bank):
    with _open(bank) as pb:
        hits = pb.search("政治", section="political_stance")
        assert [h.text for h in hits][:2] == ["提高政治站位", "以政治上的加强推动全面从严治党"] or \
            hits[0].text == "提高政治站位"
        assert {h.text for h in pb.search("政治", section="discipline")} == {"以政治上的加强推动全面从严治党"}
        assert [h.kind for h in pb.search("", kind="idiom")] == ["idiom"]
        assert [h.text for h in pb.search("政治", status="rejected")] == ["被否决的政治句子"]
        hit = pb.search("站位")[0]
        assert (hit.id, hit.kind, hit.section, hit.sections) == (
            phrase_id("lead", "提高政治站位"), "lead", "political_stance", ["political_stance"])
        assert hit.sources[0].file == "s.txt" and hit.score == 0.9
        assert len(pb.search("", limit=2)) == 2


def test_index_is_rebuilt_when_files_change_and_reused_otherwise(bank):
    with _open(bank) as pb:
        assert pb.rebuilt and len(pb) == 7
    with _open(bank) as pb:
        assert not pb.rebuilt
    save_phrases(bank / "bank", [_phrase("全新的政治短语")])
    with _open(bank) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("全新")] == ["全新的政治短语"]


def test_a_file_edited_and_given_its_old_size_and_time_back_is_indexed_again(bank):
    # cp -p, rsync -a or touch -r put the old size and modification time back on an
    # edited file: the index had kept answering with the old text (fuzz pass 41, F11).
    import os

    with _open(bank) as pb:
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    for path in (bank / "bank" / "phrases").glob("*.jsonl"):
        if "提高政治站位" in path.read_text(encoding="utf-8"):
            break
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("提高政治站位", "提高站位政治"),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with _open(bank) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("站位政治")] == ["提高站位政治"]
        assert pb.search("政治站位") == []


def _process_name() -> str:
    """This process's command name, as /proc lists it."""
    return Path(f"/proc/{os.getpid()}/comm").read_text(encoding="utf-8").strip()


def _build_held(bank, monkeypatch):
    """As while another process builds the bank's index: its temporary file in the
    cache, the build lock held (by a file of this process: flock tells them apart).
    Returns the temporary file, the notices said from now on, and the lock's file."""
    import fcntl

    from drafter.bank import phrasebank

    cache = bank / "cache" / "index"
    cache.mkdir(parents=True)
    temporary = cache / ".index.other.tmp"
    temporary.write_bytes(b"half an index")
    said: list[str] = []
    monkeypatch.setattr(phrasebank, "INDEX_NOTICE", said.append)
    lock = (cache / ".build.lock").open("a+")
    fcntl.flock(lock, fcntl.LOCK_EX)
    return temporary, said, lock


def test_a_second_process_waits_for_the_index_another_builds_and_reuses_it(bank, monkeypatch):
    # Two commands started together on a cold cache had each built the index, on two
    # cores at half speed: both ran past 30 s.  A build killed before had left its
    # temporary file for ever.
    import fcntl
    import threading

    from drafter.bank import phrasebank

    stale, said, lock = _build_held(bank, monkeypatch)  # another process is building
    opened = []
    waiter = threading.Thread(target=lambda: opened.append(_open(bank)))
    waiter.start()
    waiter.join(timeout=1)
    # (The holder named: here this very process, as the kernel lists it; a drafter
    # building writes its own pid and command, see the test below.)
    assert waiter.is_alive() and said == [
        f"drafter: waiting for another process (pid {os.getpid()}: "
        f"{_process_name()}) to finish indexing a phrasebank"]
    # What the other process builds meanwhile (a second _open here would wait as well).
    db, _ = phrasebank._rebuilt(bank / "bank", phrasebank.index_path(bank / "bank", bank / "cache"))
    db.close()
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    waiter.join(timeout=60)
    assert opened and not opened[0].rebuilt and len(opened[0]) == 7
    opened[0].close()
    assert not stale.exists()
    # Having taken the lock, it wrote who holds it, for the next one to wait to name.
    lock_file = bank / "cache" / "index" / ".build.lock"
    assert lock_file.read_text(encoding="utf-8").startswith(f"{os.getpid()} ")


def test_a_build_that_does_not_end_is_not_waited_for_past_a_bound(bank, monkeypatch):
    # Fuzz pass, stop 60: with another process's build stopped (Ctrl-Z), a search waited
    # 373 s and on.  Past the bound it builds the index itself, saying so, and leaves the
    # other build's temporary file alone.
    from drafter.bank import phrasebank

    monkeypatch.setattr(phrasebank, "BUILD_WAIT", 0.3)
    theirs, said, lock = _build_held(bank, monkeypatch)  # a build that does not end
    with lock, _open(bank) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("政治")]
    assert said[0].startswith("drafter: waiting for another process (pid ")
    assert said[1].endswith("has been indexing for 0 s (stopped?); indexing here instead")
    assert theirs.exists()


@pytest.mark.parametrize("planted", ["symlink", "hard link", "folder"])
def test_a_build_lock_that_is_not_a_file_of_its_own_harms_nothing_outside(bank, planted):
    # Fuzz pass, stop 67: a .build.lock planted as a link had its target, outside the
    # cache, emptied and overwritten with the builder's pid by every index build.
    cache = bank / "cache" / "index"
    cache.mkdir(parents=True)
    victim = bank / "victim.txt"
    victim.write_text("precious data\n", encoding="utf-8")
    lock = cache / ".build.lock"
    if planted == "symlink":
        lock.symlink_to(victim)
    elif planted == "hard link":
        os.link(victim, lock)
    else:
        lock.mkdir()
    with _open(bank) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("政治")]
    assert victim.read_text(encoding="utf-8") == "precious data\n"
    # Its place taken by a plain file of its own, which names the builder.
    assert lock.is_file() and not lock.is_symlink() and lock.stat().st_nlink == 1
    assert lock.read_text(encoding="utf-8").startswith(f"{os.getpid()} ")


def test_damaged_index_is_rebuilt(bank):
    with _open(bank):
        pass
    index = next((bank / "cache" / "index").glob("*.sqlite"))
    index.write_bytes(b"garbage")
    with _open(bank) as pb:
        assert pb.rebuilt and len(pb) == 7


@pytest.mark.parametrize("edit", [
    "UPDATE phrase SET text = NULL WHERE rowid = 1",
    "UPDATE phrase SET score = 'abc' WHERE rowid = 2",
    "UPDATE line SET data = '{' WHERE rowid = 1",
    # Fuzz pass, stop 60: the list of lines left out, no JSON list (a traceback in every
    # command that searches); the full-text table dropped (every draft without a
    # passage, and nothing said); another table's values mistyped.
    "UPDATE meta SET value = '[1' WHERE key = 'problems'",
    "UPDATE meta SET value = '[1]' WHERE key = 'problems'",
    "DROP TABLE phrase_fts",
    "CREATE TABLE extra (x)",
    "UPDATE unit SET phrase = 'x'",
    # …and rows deleted (every search had found nothing ever after).
    "DELETE FROM phrase WHERE rowid > 3", "DELETE FROM line",
    # A blind re-check, stop 60: lines that are JSON but no object (1 is stored as the
    # text '1' in a TEXT column), a phrase's domains gone.
    "UPDATE line SET data = 1", "UPDATE line SET data = '[]'",
    "UPDATE phrase SET domain = NULL, domains = NULL, dtags = NULL",
    # Fuzz pass A, stop 63: sources that are no objects of a file and a position.
    "UPDATE line SET data = json_set(data, '$.sources', 'x')",
    "UPDATE line SET data = json_set(data, '$.sources', json('[{\"file\":1,\"position\":\"a\"}]'))",
    "UPDATE line SET data = json_set(data, '$.sources', json('[1]'))",
    "UPDATE line SET data = json_set(data, '$.level', 'x')",
    # Fuzz pass A, stop 65: a source with a key no build writes, or a file name holding
    # half a character.
    "UPDATE line SET data = json_set(data, '$.sources[0].note', 'x')",
    "UPDATE line SET data = json_set(data, '$.sources', json('[{\"file\":\"\\ud800\",\"position\":1}]'))",
    # A blind re-check of stop 65: a key given twice (SQLite reads the first, Python the
    # last), an integer past Python's 4,300 digits, JSON nested deeper than Python reads.
    "UPDATE line SET data = substr(data, 1, length(data) - 1) || ', \"sources\": \"x\"}'",
    "UPDATE line SET data = json_set(data, '$.level', json('1' || printf('%.5000c', '0')))",
    "UPDATE line SET data = json_set(data, '$.members', json(printf('%.995c', '[') || "
    "printf('%.995c', ']')))"])
def test_an_index_with_a_value_no_build_writes_is_rebuilt(bank, edit):
    # Full fuzz pass, stop 59: rows edited in place pass SQLite's check; a NULL text, a
    # score in letters or a line that is no JSON ended search, outline and check in a
    # traceback.
    from drafter.draft.assemble import assemble

    with _open(bank):
        pass
    index = next((bank / "cache" / "index").glob("*.sqlite"))
    with sqlite3.connect(index) as db:
        db.execute(edit)
    with _open(bank) as pb:
        assert pb.rebuilt and len(pb) == 7 and pb.problems == []
        assert [h.text for h in pb.search("政治")]
        assert assemble("work_conference", {"topic": "作风建设"}, bank=pb, mode="full")


def test_an_index_edited_and_given_its_old_size_and_time_back_is_checked_again(bank):
    # A blind re-check, stop 60: rows of the cached index edited in place (a file of the
    # same size, its modification time set back) were searched as they were left, the
    # remembered check never run again.
    with _open(bank):
        pass
    with _open(bank):  # checked once and remembered
        pass
    index = next((bank / "cache" / "index").glob("*.sqlite"))
    before = index.stat()
    with sqlite3.connect(index) as db:
        db.execute("UPDATE phrase SET text = NULL WHERE rowid = 1")
    os.utime(index, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert index.stat().st_size == before.st_size
    with _open(bank) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("政治")]


def _zeroed_index(tmp_path, pages: int | None, keep_time: bool = False) -> tuple[int, Path]:
    """A bank of 3,000 phrases whose cached index, built, checked and remembered, then has
    ``pages`` pages from its middle zeroed (None: all of the second half); the phrase
    count and the index file.  ``keep_time``: zeroed as a failing disk does, the file's
    seal unchanged."""
    phrases = [_phrase(f"第{i}条安全生产措施要落实到位，确保万无一失。", status="approved")
               for i in range(3000)]
    save_phrases(tmp_path / "bank", phrases)
    with _open(tmp_path) as pb:
        count = len(pb)
    with _open(tmp_path):  # checked once and remembered
        pass
    index = next((tmp_path / "cache" / "index").glob("*.sqlite"))
    times = index.stat()
    data = bytearray(index.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    end = len(data) if pages is None else middle + 4096 * pages
    data[middle:end] = bytes(end - middle)
    index.write_bytes(bytes(data))
    if keep_time:
        # As a failing disk leaves it: the same file to every test drafter makes (its
        # change time too, which a test cannot set back: the remembered seal is).
        from drafter.bank import phrasebank

        os.utime(index, ns=(times.st_atime_ns, times.st_mtime_ns))
        index.with_suffix(".checked").write_text(phrasebank._seal(index), encoding="ascii")
    return count, index


def test_the_index_of_a_phrasebank_that_is_gone_is_deleted_at_the_next_build(tmp_path):
    # Each bank has its own index (200 MB for a copy of the bundled one): trial banks
    # deleted had left 1.6 GB in the cache (fuzz re-check, stop 38).
    import shutil

    phrase = Phrase("p1", "要压实安全生产责任。", "paragraph", ["key_tasks"], status="approved")
    for name in ("gone", "kept", "other"):
        save_phrases(tmp_path / name, [phrase])
        with PhraseBank.open(tmp_path / name, cache_dir=tmp_path / "cache"):
            pass
    indexes = {name: index_path(tmp_path / name, tmp_path / "cache")
               for name in ("gone", "kept", "other")}
    assert all(index.is_file() for index in indexes.values())
    shutil.rmtree(tmp_path / "gone")
    save_phrases(tmp_path / "kept", [phrase, Phrase("p2", "要深化隐患排查。", "paragraph",
                                                    ["key_tasks"])])
    with PhraseBank.open(tmp_path / "kept", cache_dir=tmp_path / "cache") as kept:
        assert kept.rebuilt and len(kept) == 2
    assert {name for name, index in indexes.items() if index.is_file()} == {"kept", "other"}


def test_the_index_before_a_change_is_offered_only_when_out_of_date_and_of_this_version(
        tmp_path):
    phrase = Phrase("p1", "要压实安全生产责任。", "paragraph", ["key_tasks"], status="approved")
    save_phrases(tmp_path / "bank", [phrase])
    cache = tmp_path / "cache"
    assert PhraseBank.previous(tmp_path / "bank", cache) is None  # none built yet
    with PhraseBank.open(tmp_path / "bank", cache_dir=cache):
        pass
    assert PhraseBank.previous(tmp_path / "bank", cache) is None  # up to date: open it
    save_phrases(tmp_path / "bank", [phrase, Phrase("p2", "要深化隐患排查。", "paragraph",
                                                    ["key_tasks"])])
    with PhraseBank.previous(tmp_path / "bank", cache) as before:
        assert len(before) == 1 and [h.id for h in before.search("安全生产")] == ["p1"]
    # An index of another version may not answer this one's queries.
    with sqlite3.connect(index_path(tmp_path / "bank", cache)) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
    assert PhraseBank.previous(tmp_path / "bank", cache) is None


def test_an_index_with_pages_zeroed_is_rebuilt(tmp_path):
    # Zeroed pages in the middle of the cached index: queries would answer wrongly
    # without an error; the quick check on open finds it and the index is rebuilt.
    count, index = _zeroed_index(tmp_path, 8)
    with _open(tmp_path) as pb:
        assert pb.rebuilt and len(pb) == count
    db = sqlite3.connect(index)
    assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    db.close()


@pytest.mark.parametrize("keep_time", [False, True])
def test_an_index_whose_schema_holds_bytes_not_utf8_is_rebuilt(tmp_path, keep_time):
    # SQLite's message for a damaged schema carries its bytes, and Python decodes the
    # message: a UnicodeDecodeError, not a DatabaseError, had ended search, outline and
    # check on every run, the index never rebuilt (fuzz pass A of stop 64, M2; 2,000
    # random byte flips did the same).
    from drafter.bank import phrasebank

    save_phrases(tmp_path / "bank", [_phrase("提高政治站位", status="approved")])
    with _open(tmp_path):
        pass
    index = next((tmp_path / "cache" / "index").glob("*.sqlite"))
    times = index.stat()
    data = bytearray(index.read_bytes())
    at = data.find(b"indexphrase_kindphrase")
    assert at > 0
    data[at + 5] = 0x8D
    create = data.find(b"CREATE INDEX phrase_kind", at)
    data[create:create + 6] = b"CREATX"
    index.write_bytes(bytes(data))
    if keep_time:  # (the remembered check passes: the first query meets the damage)
        os.utime(index, ns=(times.st_atime_ns, times.st_mtime_ns))
        index.with_suffix(".checked").write_text(phrasebank._seal(index), encoding="ascii")
    with _open(tmp_path) as pb:
        assert [h.text for h in pb.search("政治")] == ["提高政治站位"] and pb.rebuilt


def test_pages_damaged_after_the_check_are_healed_when_a_query_meets_them(tmp_path):
    # Zeroed with the file's size and time kept (as a failing disk does): the remembered
    # check passes, the first query that meets a damaged page fails, and the index is
    # rebuilt and asked again instead of the error reaching the user.
    count, _ = _zeroed_index(tmp_path, None, keep_time=True)
    with _open(tmp_path) as pb:
        assert not pb.rebuilt  # the remembered check passed
        assert len(pb) == count and pb.search("安全生产") and pb.rebuilt


def test_a_stray_journal_beside_the_index_is_removed_not_rolled_back(tmp_path):
    # Fuzz pass 40: random bytes in <index>-journal made SQLite, opening the index
    # read-only, try to roll a hot journal back: every search failed, rebuilt or not.
    save_phrases(tmp_path / "bank", [_phrase("提高政治站位")])
    with _open(tmp_path):
        pass
    index = next((tmp_path / "cache" / "index").glob("*.sqlite"))
    journal = Path(f"{index}-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + os.urandom(50_000))
    with _open(tmp_path) as pb:
        assert [h.text for h in pb.search("政治")] == ["提高政治站位"]
        assert not pb.rebuilt
    assert not journal.exists()


def test_a_fifo_or_symlink_beside_the_index_neither_blocks_nor_is_written_through(tmp_path):
    save_phrases(tmp_path / "bank", [_phrase("提高政治站位")])
    with _open(tmp_path), _open(tmp_path):  # built, then checked and remembered
        pass
    sidecar = next((tmp_path / "cache" / "index").glob("*.checked"))
    sidecar.unlink()
    os.mkfifo(sidecar)  # read as it was, it would block this open forever
    with _open(tmp_path) as pb:
        assert [h.text for h in pb.search("政治")] == ["提高政治站位"]
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    sidecar.unlink()
    sidecar.symlink_to(victim)
    with _open(tmp_path), _open(tmp_path):
        pass
    assert victim.read_text(encoding="utf-8") == "keep" and not sidecar.is_symlink()


@pytest.mark.parametrize("refusal", [PermissionError("read-only file system"),
                                     sqlite3.OperationalError("database or disk is full")])
def test_a_cache_that_cannot_be_written_is_searched_in_memory(bank, monkeypatch, refusal):
    from drafter.bank import phrasebank

    cache = bank / "cache"

    def no_file_can_be_written(bank_dir, target):
        # Not in the cache, nor anywhere else (a full disk, ulimit -f): the index in
        # memory is built without a temporary file.
        raise refusal

    monkeypatch.setattr(phrasebank, "build_index", no_file_can_be_written)
    with _open(bank) as pb:
        assert pb.rebuilt and len(pb) == 7
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    assert not list(cache.glob("index/*.sqlite"))


def test_a_cache_that_cannot_be_written_is_said_to_be_indexed_each_run(bank, monkeypatch):
    from drafter.bank import phrasebank
    from drafter.bank.phrasebank import PhraseBank

    said: list[str] = []
    monkeypatch.setattr(phrasebank, "INDEX_NOTICE", said.append)
    monkeypatch.setattr(phrasebank, "_worth_announcing", lambda bank_dir: True)
    monkeypatch.setattr(phrasebank, "_spare_cache", lambda: None)
    blocked = bank / "not-a-folder"
    blocked.write_text("a file where the cache would be", encoding="utf-8")
    for _ in range(2):
        with PhraseBank.open(bank / "bank", cache_dir=blocked) as pb:
            assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    assert len(said) == 2 and all("in memory" in s and "each run" in s for s in said)
    assert "once after each change" not in said[0]


def test_a_cache_that_cannot_be_written_is_kept_in_the_users_state_folder(
        bank, monkeypatch, tmp_path):
    # Fuzz pass 61: with the cache read-only or full, every run indexed the bank again
    # (38-44 s on a busy machine).  The index goes to drafter's folder in the user's
    # state directory, built once: not the system's temporary directory, where the
    # full-size fuzz pass of stop 60 found 226 MB outside the user's own folders.
    import os

    from drafter.bank import phrasebank
    from drafter.bank.phrasebank import PhraseBank

    blocked = bank / "not-a-folder"
    blocked.write_text("a file where the cache would be", encoding="utf-8")
    rebuilt = []
    for _ in range(2):
        with PhraseBank.open(bank / "bank", cache_dir=blocked) as pb:
            rebuilt.append(pb.rebuilt)
            assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    assert rebuilt == [True, False]
    spare = Path(os.environ["XDG_STATE_HOME"]) / "drafter"
    assert phrasebank._spare_cache() == spare and list(spare.glob("index/*.sqlite"))
    # An index folder there that is a link is not written through.
    shutil.rmtree(spare / "index")
    (tmp_path / "elsewhere").mkdir()
    (spare / "index").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert phrasebank._spare_cache() is None


@pytest.mark.parametrize("linked", ["index folder", "cache folder"])
def test_a_link_in_a_cache_folders_place_is_not_written_through(bank, monkeypatch, tmp_path,
                                                                 linked):
    # Fuzz pass 66: the cache's index folder replaced by a link to /etc had the index,
    # its stamp and its build lock written there; pass 67: so had ~/.cache/drafter made a
    # link, and jieba's dictionary and conversions would have followed.
    from drafter.bank import phrasebank
    from drafter.bank.phrasebank import PhraseBank
    from drafter.corpus import office
    from drafter.text import segment

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    cache.mkdir()
    elsewhere.mkdir()
    if linked == "index folder":
        (cache / "index").symlink_to(elsewhere, target_is_directory=True)
        given = cache
    else:
        (cache / "drafter").symlink_to(elsewhere, target_is_directory=True)
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
        given = None
    with PhraseBank.open(bank / "bank", cache_dir=given) as pb:
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    assert list((tmp_path / "state" / "drafter").glob("index/*.sqlite"))
    # With no folder of the user's own to be had either, it is searched in memory.
    monkeypatch.setattr(phrasebank, "_spare_cache", lambda: None)
    with PhraseBank.open(bank / "bank", cache_dir=given) as pb:
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    if linked == "cache folder":
        segment._jieba_base.cache_clear()
        try:
            assert segment._jieba_base().lcut("加强作风建设")
        finally:
            segment._jieba_base.cache_clear()  # (the next test's is the usual one)
        assert office.cached_docx(b"any") is None
    assert list(elsewhere.iterdir()) == []


def test_an_app_builds_the_index_in_a_child_process(bank, monkeypatch):
    # The TUI builds it apart, so the build holds no lock its keys wait on; the child
    # is the same drafter, and a cache it cannot write still ends in memory.
    from drafter.bank import phrasebank
    from drafter.bank.phrasebank import PhraseBank

    def not_here(bank_dir, target):
        raise AssertionError("built in this process")

    monkeypatch.setattr(phrasebank, "build_index", not_here)
    with PhraseBank.open(bank / "bank", cache_dir=bank / "apart", build_apart=True) as pb:
        assert pb.rebuilt and [h.text for h in pb.search("政治站位")] == ["提高政治站位"]
    assert list((bank / "apart" / "index").glob("*.sqlite"))
    blocked = bank / "not-a-folder"
    blocked.write_text("a file where the cache would be", encoding="utf-8")
    with PhraseBank.open(bank / "bank", cache_dir=blocked, build_apart=True) as pb:
        assert [h.text for h in pb.search("政治站位")] == ["提高政治站位"]


def test_search_command(bank, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(bank / "xdg"))
    result = CliRunner().invoke(main, ["--phrasebank", str(bank / "bank"), "search", "政治",
                                       "--section", "political_stance", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "政治" and data["hits"][0]["text"] == "提高政治站位"
    assert os.path.isdir(bank / "xdg" / "drafter" / "index")
    plain = CliRunner().invoke(main, ["--phrasebank", str(bank / "bank"), "search", "党", "-n", "1"])
    assert len(plain.stdout.strip().splitlines()) == 1


def test_a_common_word_does_not_crowd_a_rare_one_out_of_a_topics_material(tmp_path):
    # 乡村 in many phrases, 千万工程 in one: each word has its own limit.
    phrases = [_phrase(f"乡村振兴第{i}项工作要抓实", status="approved") for i in range(6)]
    phrases.append(_phrase("规划先行是“千万工程”的重要经验", status="approved"))
    save_phrases(tmp_path / "bank", phrases)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as opened:
        found = [c.text for c in opened.naming(["乡村", "千万工程"], limit=3)]
    assert any("千万工程" in t for t in found), found
    assert sum("乡村振兴" in t for t in found) == 3


def test_a_pasted_document_is_never_offered_for_drafting_or_search(tmp_path):
    # 1,400 passages of 49,000 characters had taken a full draft 112 s, every query
    # reading them through (fuzz pass, stop 38); past MAX_PHRASE_CHARS a text is no
    # phrase (lint names it).
    from drafter.bank.model import MAX_PHRASE_CHARS
    from drafter.bank.store import save_phrases

    long_text = "要压实安全生产责任，" * (MAX_PHRASE_CHARS // 10 + 1)
    save_phrases(tmp_path / "bank", [
        Phrase("p1", "要压实安全生产责任，层层抓好落实。", "paragraph", ["key_tasks"],
               status="approved", domains=["safety"], sources=[Source("a.txt", 1)]),
        Phrase("p2", long_text, "paragraph", ["key_tasks"], status="approved",
               domains=["safety"], sources=[Source("a.txt", 2)])])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        assert [c.id for c in bank.candidates(["key_tasks"], ["paragraph"])] == ["p1"]
        assert [c.id for c in bank.naming(["安全生产"])] == ["p1"]
        assert [h.id for h in bank.search("压实安全生产责任")] == ["p1"]
    # Nor is it tokenised for search: the grams of 1,400 such passages, built at once,
    # had taken the index build to 1.5 GB (fuzz re-check, stop 38).
    with sqlite3.connect(tmp_path / "index.sqlite") as db:
        fill_index(db, tmp_path / "bank")
        tokenised = db.execute("SELECT p.id FROM phrase_fts f JOIN phrase p ON "
                               "p.rowid = f.rowid WHERE phrase_fts MATCH '压实'").fetchall()
        statuses = dict(db.execute("SELECT id, status FROM phrase"))
    assert tokenised == [("p1",)]
    assert statuses == {"p1": "approved", "p2": "too-long"}


def test_the_subjects_passages_were_written_for_follow_the_bank_as_it_changes(tmp_path):
    # Read once per index file and shared by every bank opened on it (0.1 s of the
    # bundled bank's, each draft): a bank changed on disk is a new index, read anew.
    def written_for(subject: str, text: str) -> Phrase:
        return Phrase(phrase_id("paragraph", text), text, "paragraph", ["key_tasks"],
                      status="approved", score=0.8, sources=[Source("s.txt", 1)],
                      tags=[f"subject:{subject}"])

    first = [written_for("加强演出市场监管", "要严格营业性演出审批，规范票务市场秩序。")]
    save_phrases(tmp_path / "bank", first)
    cache = tmp_path / "cache"
    with PhraseBank.open(tmp_path / "bank", cache_dir=cache) as bank:
        assert list(bank.written_subjects()) == ["加强演出市场监管"]
        seen = bank.written_subjects()
    with PhraseBank.open(tmp_path / "bank", cache_dir=cache) as again:
        assert again.written_subjects() is seen  # (not read again)
    save_phrases(tmp_path / "bank", [*first, written_for("深化食品安全监管",
                                                         "要压实食品生产经营主体责任。")])
    with PhraseBank.open(tmp_path / "bank", cache_dir=cache) as changed:
        assert changed.rebuilt
        assert sorted(changed.written_subjects()) == ["加强演出市场监管", "深化食品安全监管"]
