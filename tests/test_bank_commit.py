"""All phrase files of one change are committed together: a write killed at any instant
leaves the old bank or the new one, for readers too, and the next command tidies up."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.bank import store
from drafter.bank.model import Phrase, Source
from drafter.bank.store import JOURNAL_FILE, load_phrases, save_phrases
from drafter.errors import DrafterError

# Run in a child process: save the phrases of a JSON file into a bank, killed by SIGKILL
# (no cleanup, no finally) just before its KILL_AT-th call that changes or syncs a file.
_CHILD = r"""
import json, os, signal, sys
from drafter.bank.model import Phrase
from drafter.bank.store import save_phrases

bank, source, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
phrases = [Phrase.from_dict(d) for d in json.loads(open(source, encoding="utf-8").read())] if source != "-" else []
calls = 0

def killing(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

for name in ("replace", "rename", "unlink", "fsync"):
    setattr(os, name, killing(getattr(os, name)))
save_phrases(bank, phrases)
"""

DAMAGED = '{"id": "pbroken", "text": "缺了右括号"\n'


def _phrase(id_: str, section: str, note: str = "") -> Phrase:
    return Phrase(id_, f"短语{id_}", "lead", [section], note=note,
                  sources=[Source("a.txt", 1)])


OLD = [_phrase("p1", "work_style"), _phrase("p2", "work_style"),
       _phrase("p3", "work_methods"), _phrase("p4", "closing")]
# The change: p1 re-tagged to another file, p2 edited, p4 moved to a file that did not
# exist (so closing.jsonl goes away).
NEW = [_phrase("p1", "work_methods"), _phrase("p2", "work_style", note="改过"),
       _phrase("p3", "work_methods"), _phrase("p4", "opening")]


def _files(bank: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((bank / "phrases").iterdir())}


def _phrases(bank: Path) -> dict[str, dict]:
    loaded = load_phrases(bank)
    assert loaded.unreadable == {"work_style": [DAMAGED]}  # kept through every state
    return {id_: p.to_dict() for id_, p in loaded.phrases.items()}


def _bank(path: Path, phrases: list[Phrase]) -> Path:
    save_phrases(path, phrases)
    with (path / "phrases" / "work_style.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(DAMAGED)
    return path


def test_a_write_killed_at_any_instant_leaves_the_old_bank_or_the_new(tmp_path, monkeypatch):
    old_bank = _bank(tmp_path / "old", OLD)
    old_files, old_phrases = _files(old_bank), _phrases(old_bank)
    new_bank = _bank(tmp_path / "new", OLD)
    save_phrases(new_bank, NEW)
    new_files, new_phrases = _files(new_bank), _phrases(new_bank)
    assert old_phrases != new_phrases and set(old_files) != set(new_files)
    source = tmp_path / "new.json"
    source.write_text(json.dumps([p.to_dict() for p in NEW]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    seen = []
    for kill_at in range(1, 100):
        bank = tmp_path / f"bank{kill_at}"
        shutil.copytree(old_bank, bank)
        child = subprocess.run([sys.executable, "-c", _CHILD, str(bank), str(source),
                                str(kill_at)], env=env, capture_output=True, text=True)
        if child.returncode == 0:
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        # A reader that cannot finish the change (a read-only bank, or a writer holding
        # the lock) reads the old bank or the new one.
        with monkeypatch.context() as patched:
            patched.setattr(store, "_recover_if_free", lambda bank: None)
            before = _phrases(bank)
        assert before in (old_phrases, new_phrases), kill_at
        # The next command that opens the bank finishes or discards the change.
        after = _phrases(bank)
        assert after == before, kill_at
        assert _files(bank) == (new_files if after == new_phrases else old_files), kill_at
        seen.append("new" if after == new_phrases else "old")
    else:
        pytest.fail("the save never finished")
    assert _files(bank) == new_files
    # Killed while staging, the old bank; once the journal is written, the new one.
    assert seen[0] == "old" and seen[-1] == "new", seen
    assert seen == sorted(seen, key=("old", "new").index), seen


def test_a_leftover_is_cleaned_by_a_reader_and_a_change_rolled_forward_by_a_writer(tmp_path):
    bank = _bank(tmp_path / "bank", OLD)
    folder = bank / "phrases"
    (folder / ".work_style.jsonl.abc123.tmp").write_text("half a file", encoding="utf-8")
    (folder / f".{JOURNAL_FILE}.x1.tmp").write_text("{", encoding="utf-8")
    assert set(_phrases(bank)) == {"p1", "p2", "p3", "p4"}
    assert sorted(p.name for p in folder.iterdir()) == ["closing.jsonl", "work_methods.jsonl",
                                                        "work_style.jsonl"]
    # A committed change whose renames never happened: the next writer finishes it first.
    (folder / ".closing.jsonl.k1.tmp").write_text(
        store.phrase_line(_phrase("p9", "closing")), encoding="utf-8")
    (folder / JOURNAL_FILE).write_text(json.dumps(
        {"replace": [[".closing.jsonl.k1.tmp", "closing.jsonl"]], "remove": []}),
        encoding="utf-8")
    with store.bank_lock(bank):
        assert not (folder / JOURNAL_FILE).exists()
        assert set(_phrases(bank)) == {"p1", "p2", "p3", "p9"}


@pytest.mark.parametrize("journal", [
    "{", '{"replace": [["../../x.tmp", "closing.jsonl"]], "remove": []}',
    '{"replace": [], "remove": ["../taxonomy.toml"]}'])
def test_a_damaged_journal_is_named_and_nothing_is_touched(tmp_path, journal):
    bank = _bank(tmp_path / "bank", OLD)
    (bank / "phrases" / JOURNAL_FILE).write_text(journal, encoding="utf-8")
    before = _files(bank)
    with pytest.raises(DrafterError, match=r"\.commit: damaged commit journal"):
        load_phrases(bank)
    assert _files(bank) == before


def test_a_journal_that_would_remove_phrases_kept_nowhere_else_is_refused(tmp_path):
    # Well formed, but no write wrote it: a write removes only a file it has emptied.
    bank = _bank(tmp_path / "bank", OLD)
    (bank / "phrases" / JOURNAL_FILE).write_text(
        '{"replace": [], "remove": ["work_methods.jsonl"]}', encoding="utf-8")
    before = _files(bank)
    with pytest.raises(DrafterError, match=r"would remove work_methods\.jsonl"):
        load_phrases(bank)
    assert _files(bank) == before


def test_the_next_writer_removes_what_a_killed_one_staged_beside_the_phrases(tmp_path):
    bank = _bank(tmp_path / "bank", OLD)
    (bank / "dictionary.txt").write_text("作风建设\tapproved\t3\n", encoding="utf-8")
    staged = [bank / ".dictionary.txt.k2j4.tmp", bank / ".fingerprints.npz.x9.tmp",
              bank / ".taxonomy.toml.a1.tmp"]
    for path in staged:
        path.write_text("half", encoding="utf-8")
    (bank / ".notes.tmp").write_text("someone else's", encoding="utf-8")
    with store.bank_lock(bank):
        pass
    assert not any(path.exists() for path in staged)
    assert (bank / ".notes.tmp").exists() and (bank / "dictionary.txt").is_file()


def test_a_reader_removes_what_a_killed_writer_staged_beside_the_phrases_unless_one_writes(
        tmp_path):
    bank = _bank(tmp_path / "bank", OLD)
    staged = bank / ".dictionary.txt.k2j4.tmp"
    staged.write_text("half", encoding="utf-8")
    with store.bank_lock(bank):
        staged.write_text("a writer's, at work", encoding="utf-8")
        load_phrases(bank)  # (lint, search …)
        assert staged.exists()
    load_phrases(bank)
    assert not staged.exists()


def test_mining_puts_the_dictionary_and_taxonomy_in_place_before_the_phrases(tmp_path,
                                                                             monkeypatch):
    from drafter.bank import pipeline
    from drafter.bank.words import load_dictionary

    fixtures = Path(__file__).parent / "fixtures"
    bank = tmp_path / "bank"
    on_disk = {}

    def killed_at_the_phrases(bank_dir, phrases):
        on_disk["dictionary"] = set(load_dictionary(bank_dir))
        on_disk["keys"] = {name for name in ("taxonomy.toml", "domains.toml")
                           if (Path(bank_dir) / name).is_file()}
        on_disk["terms"] = {t for p in phrases for t in p.terms}
        raise KeyboardInterrupt  # the run stops here, as a kill would

    monkeypatch.setattr(pipeline, "save_phrases", killed_at_the_phrases)
    with pytest.raises(KeyboardInterrupt):
        pipeline.mine_corpus([fixtures / "sample_speech.txt"], bank)
    assert on_disk["keys"] == {"taxonomy.toml", "domains.toml"}
    # The words this run found, which its phrases' terms use, were already written.
    assert on_disk["dictionary"] and not list(bank.glob(".dictionary.txt.*.tmp"))
    assert on_disk["dictionary"] & on_disk["terms"]
    assert not load_phrases(bank).phrases  # and no phrase was


def test_a_reader_holds_the_phrases_folder_only_while_reading_the_files(tmp_path, monkeypatch):
    import fcntl

    bank = _bank(tmp_path / "bank", OLD)
    free_while_parsing = []
    real = Phrase.from_dict

    def parse(data):
        # A writer's exclusive lock on the folder: granted while the reader parses.
        fd = os.open(bank / "phrases", os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            free_while_parsing.append(True)
        except BlockingIOError:
            free_while_parsing.append(False)
        finally:
            os.close(fd)
        return real(data)

    monkeypatch.setattr(Phrase, "from_dict", staticmethod(parse))
    assert set(load_phrases(bank).phrases) == {"p1", "p2", "p3", "p4"}
    assert free_while_parsing and all(free_while_parsing)


@pytest.mark.parametrize("name", ["zz.jsonl", JOURNAL_FILE])
def test_a_fifo_among_the_phrase_files_is_named_not_waited_on(tmp_path, name):
    bank = _bank(tmp_path / "bank", OLD)
    fifo = bank / "phrases" / name
    os.mkfifo(fifo)
    with pytest.raises(DrafterError, match="not a regular file") as raised:
        load_phrases(bank)
    assert str(fifo) in str(raised.value)


# The same, for a review decision: the phrase files and the review log it is undone from.
_REVIEW_CHILD = _CHILD.replace(
    "save_phrases(bank, phrases)",
    "from drafter.bank.review import decide\n"
    "decide(bank, 'p1', sections=['work_methods'], known_sections=['work_methods', "
    "'work_style', 'closing'])")


def test_a_decision_killed_at_any_instant_can_always_be_undone_once_made(tmp_path):
    # Killed between writing the phrases and writing the log, a decision was made that
    # could not be undone; now the log is written first, so a change made is always
    # logged (a logged change not made is undone as nothing), and no temporary file of
    # the log is left once the next decision is written.
    from drafter.bank.review import read_log, undo_last

    old_bank = _bank(tmp_path / "old", OLD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for kill_at in range(1, 100):
        bank = tmp_path / f"bank{kill_at}"
        shutil.copytree(old_bank, bank)
        child = subprocess.run([sys.executable, "-c", _REVIEW_CHILD, str(bank), "-",
                                str(kill_at)], env=env, capture_output=True, text=True)
        if child.returncode == 0:
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        made = _phrases(bank)["p1"]["sections"] == ["work_methods"]
        logged = bool(read_log(bank))
        assert logged or not made, kill_at
        if made:
            undo_last(bank)
            assert _phrases(bank)["p1"]["sections"] == ["work_style"], kill_at
    else:
        pytest.fail("the decision never finished")
    from drafter.bank.review import decide

    decide(bank, "p2", note="再改", known_sections=["work_methods", "work_style", "closing"])
    assert not list(bank.glob(".*.tmp"))


def test_a_phrase_file_that_cannot_be_replaced_is_named_and_the_change_waits(tmp_path,
                                                                           monkeypatch):
    # A phrase file made immutable (chattr +i) after the write began: the error had named
    # only the temporary file, as a raw PermissionError.  The change is committed: readers
    # see it, and the next command that can write the file puts it in place.
    bank = _bank(tmp_path / "bank", OLD)
    real = os.replace

    def refuse(source, target, *args, **kwargs):
        if Path(target).name == "work_style.jsonl" and Path(source).name.endswith(".tmp"):
            raise PermissionError(1, "Operation not permitted", str(source))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(store.CommitPending) as info:
        save_phrases(bank, NEW)
    said = str(info.value)
    assert said.startswith(f"{bank / 'phrases' / 'work_style.jsonl'}: cannot be replaced")
    assert "next drafter command" in said
    assert _phrases(bank) == {p.id: p.to_dict() for p in NEW}  # read from the journal
    monkeypatch.setattr(os, "replace", real)
    assert _phrases(bank) == {p.id: p.to_dict() for p in NEW}
    assert not (bank / "phrases" / JOURNAL_FILE).exists()
    assert not list((bank / "phrases").glob(".*.tmp"))
