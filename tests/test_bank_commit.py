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
from pathlib import Path
from drafter.bank.model import Phrase
from drafter.bank.store import bank_lock, save_phrases
from drafter.fileio import stage

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

# The files beside the phrases that a mine changes with them, when a fourth argument
# gives their new text.  (Staged under the bank's lock, as a mine stages them: a reader
# removes what it finds staged beside an unlocked bank as a killed writer's.)
with bank_lock(bank):
    beside = [(stage(Path(bank) / name, sys.argv[4] + name), Path(bank) / name)
              for name in ("dictionary.txt", "fingerprints.npz")] if len(sys.argv) > 4 else []
    for name in ("replace", "rename", "unlink", "fsync"):
        setattr(os, name, killing(getattr(os, name)))
    save_phrases(bank, phrases, beside=beside)
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
    """The phrase files and the files beside them that change with them."""
    beside = [bank / name for name in ("dictionary.txt", "fingerprints.npz")]
    return {p.name: p.read_bytes() for p in [*sorted((bank / "phrases").iterdir()), *beside]
            if p.is_file()}


def _phrases(bank: Path) -> dict[str, dict]:
    loaded = load_phrases(bank)
    assert loaded.unreadable == {"work_style": [DAMAGED]}  # kept through every state
    return {id_: p.to_dict() for id_, p in loaded.phrases.items()}


def _bank(path: Path, phrases: list[Phrase], beside: str = "") -> Path:
    save_phrases(path, phrases)
    if beside:
        for name in ("dictionary.txt", "fingerprints.npz"):
            (path / name).write_text(beside + name, encoding="utf-8")
    with (path / "phrases" / "work_style.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(DAMAGED)
    return path


def test_a_write_killed_at_any_instant_leaves_the_old_bank_or_the_new(tmp_path, monkeypatch):
    # The dictionary and fingerprints a mine writes are committed with the phrases: a
    # kill late in a mine had left them new over the old phrases.
    old_bank = _bank(tmp_path / "old", OLD, beside="旧")
    old_files, old_phrases = _files(old_bank), _phrases(old_bank)
    new_bank = _bank(tmp_path / "new", OLD)
    save_phrases(new_bank, NEW)
    for name in ("dictionary.txt", "fingerprints.npz"):
        (new_bank / name).write_text("新" + name, encoding="utf-8")
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
                                str(kill_at), "新"], env=env, capture_output=True, text=True)
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
    assert _files(bank) == new_files and not list(bank.glob(".*.tmp"))
    # Killed while staging, the old bank; once the journal is written, the new one.
    assert seen[0] == "old" and seen[-1] == "new", seen
    assert seen == sorted(seen, key=("old", "new").index), seen


def test_a_jsonl_file_no_section_is_named_after_is_named_never_read_nor_written(tmp_path):
    # Fuzz pass, stop 62, M1 and M2: an AppleDouble ._work_style.jsonl, or a name whose
    # temporary file's name had to be cut short, was rewritten by every write and named
    # in its journal, which the journal's own check then called damaged: a write killed
    # after its commit left a bank every command refused.
    bank = _bank(tmp_path / "bank", OLD)
    strays = {"._work_style.jsonl": b"\x00\x05\x16\x07Mac OS X\r\x00",
              "讲话摘录" * 20 + ".jsonl": (json.dumps(_phrase("p9", "talent").to_dict())
                                       + "\n" + DAMAGED).encode(),
              "Talent.jsonl": json.dumps(_phrase("p8", "talent").to_dict()).encode()}
    for name, data in strays.items():
        (bank / "phrases" / name).write_bytes(data)
    loaded = load_phrases(bank)
    assert not {"p8", "p9"} & set(loaded.phrases)
    for name in strays:
        assert any(name in p and "not read" in p for p in loaded.problems), loaded.problems
    source = tmp_path / "new.json"
    source.write_text(json.dumps([p.to_dict() for p in NEW]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for kill_at in range(1, 100):
        killed = tmp_path / f"bank{kill_at}"
        shutil.copytree(bank, killed)
        child = subprocess.run([sys.executable, "-c", _CHILD, str(killed), str(source),
                                str(kill_at)], env=env, capture_output=True, text=True)
        assert _phrases(killed) in (_phrases(bank), {p.id: p.to_dict() for p in NEW}), kill_at
        for name, data in strays.items():
            assert (killed / "phrases" / name).read_bytes() == data, (kill_at, name)
        if child.returncode == 0:
            break
    else:
        pytest.fail("the save never finished")


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
    '{"replace": [], "remove": ["../taxonomy.toml"]}',
    # (Nested too deeply for the parser: a RecursionError traceback in every command,
    # fuzz pass A of stop 64.)
    "[" * 5000 + "]" * 5000, '{"replace": ' + "[" * 5000 + "]" * 5000 + ', "remove": []}'])
def test_a_damaged_journal_is_named_and_nothing_is_touched(tmp_path, journal):
    bank = _bank(tmp_path / "bank", OLD)
    (bank / "phrases" / JOURNAL_FILE).write_text(journal, encoding="utf-8")
    before = _files(bank)
    with pytest.raises(DrafterError, match=r"\.commit: damaged commit journal"):
        load_phrases(bank)
    assert _files(bank) == before


@pytest.mark.parametrize("staged_as", ["link", "folder"])
def test_a_journal_whose_staged_file_is_no_plain_file_is_damaged(tmp_path, staged_as):
    # A forged journal whose .tmp was a link to a file outside the bank had been rolled
    # forward, the phrase file made that link; a folder left the bank half changed
    # (fuzz pass A of stop 64, m5 and m6).
    bank = _bank(tmp_path / "bank", OLD)
    folder = bank / "phrases"
    outside = tmp_path / "outside.txt"
    outside.write_text("not the bank's\n", encoding="utf-8")
    staged = folder / ".closing.jsonl.k1.tmp"
    if staged_as == "link":
        staged.symlink_to(outside)
    else:
        staged.mkdir()
    (folder / JOURNAL_FILE).write_text(json.dumps(
        {"replace": [[staged.name, "closing.jsonl"]], "remove": []}), encoding="utf-8")
    before = _files(bank)
    with pytest.raises(DrafterError, match=r"\.commit: damaged commit journal"):
        load_phrases(bank)
    assert _files(bank) == before and not (folder / "closing.jsonl").is_symlink()
    assert outside.read_text(encoding="utf-8") == "not the bank's\n"


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


_SECOND_SPEECH = """在全市防汛抗旱工作会议上的讲话

同志们：

今天召开全市防汛抗旱工作会议，主要任务是部署今年的防汛抗旱工作。

一、提高政治站位，切实增强做好防汛抗旱工作的责任感紧迫感

防汛抗旱事关人民群众生命财产安全，事关经济社会发展大局。各级各部门要坚持人民至上、
生命至上，把防汛抗旱工作作为当前的重大政治任务抓紧抓实。

二、突出工作重点，全力做好山洪地质灾害防御

要加强监测预警，落实“叫应”机制，做到预警信息直达基层责任人。要加强隐患排查，对山塘水库、
堤防涵闸逐一排查，建立台账、限期整改。

三、压实工作责任，确保各项措施落到实处

要严格落实以行政首长负责制为核心的防汛抗旱责任制，层层压实责任，坚决守住不死人、少伤人
的底线。
"""


def _mined_state(bank: Path) -> tuple:
    """What a mine changes, read back: the phrases, the dictionary's words and the
    documents the fingerprints know."""
    from drafter.bank.fingerprints import FingerprintIndex
    from drafter.bank.words import load_dictionary

    phrases = {id_: p.to_dict() for id_, p in load_phrases(bank).phrases.items()}
    prints = bank / "fingerprints.npz"
    names = sorted(FingerprintIndex.load(prints).names) if prints.exists() else []
    return phrases, sorted(load_dictionary(bank)), names


def test_a_mine_stopped_at_any_rename_leaves_its_files_all_old_or_all_new(tmp_path,
                                                                          monkeypatch):
    # Ctrl-C late in a mine had left the dictionary and fingerprints of the new run over
    # the old phrases.  Each rename of the commit is made to fail in turn.
    from drafter.bank import pipeline

    fixtures = Path(__file__).parent / "fixtures"
    base = tmp_path / "base"
    pipeline.mine_corpus([fixtures / "sample_speech.txt"], base)
    second = tmp_path / "防汛抗旱讲话.txt"
    second.write_text(_SECOND_SPEECH, encoding="utf-8")
    old = _mined_state(base)
    whole = tmp_path / "whole"
    shutil.copytree(base, whole)
    pipeline.mine_corpus([second], whole)
    new = _mined_state(whole)
    assert old[0] != new[0] and old[2] != new[2]
    real = os.replace
    seen = []
    for stop_at in range(1, 30):
        bank = tmp_path / f"bank{stop_at}"
        shutil.copytree(base, bank)
        calls = 0

        def stopping(*args, stop_at=stop_at, **kwargs):
            nonlocal calls
            calls += 1
            if calls == stop_at:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        with monkeypatch.context() as patched:
            patched.setattr(os, "replace", stopping)
            try:
                pipeline.mine_corpus([second], bank)
            except KeyboardInterrupt:
                pass
            else:
                break
        state = _mined_state(bank)  # (the next command finishes a committed change)
        assert state in (old, new), stop_at
        assert not [p for p in bank.rglob(".*.tmp")], stop_at
        seen.append("new" if state == new else "old")
    else:
        pytest.fail("the mine never finished")
    assert _mined_state(bank) == new
    assert seen[0] == "old" and "new" in seen, seen


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


def test_a_phrase_file_linked_to_nothing_is_named_as_such(tmp_path):
    # The full-size fuzz pass of stop 59: every command ended on a bare "No such file or
    # directory" of the link's name.  The link is left as it is.
    bank = _bank(tmp_path / "bank", OLD)
    link = bank / "phrases" / "zz.jsonl"
    link.symlink_to(tmp_path / "gone.jsonl")
    with pytest.raises(DrafterError) as raised:
        load_phrases(bank)
    assert str(raised.value) == (f"{link}: a symbolic link to {tmp_path / 'gone.jsonl'}, "
                                 "which does not exist; restore its target or remove the link")
    assert link.is_symlink()


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_phrase_file_that_fails_while_read_is_named(tmp_path):
    # Reading /proc/self/mem from its start fails with EIO, as a failing disk does; the
    # error had been a bare "Input/output error" from every command.
    bank = _bank(tmp_path / "bank", OLD)
    broken = bank / "phrases" / "zz.jsonl"
    broken.symlink_to("/proc/self/mem")
    with pytest.raises(DrafterError) as raised:
        load_phrases(bank)
    assert str(raised.value).startswith(f"{broken}: cannot read (")


# The same, for a review decision: the phrase files and the review log it is undone from.
_REVIEW_CHILD = _CHILD[:_CHILD.index("with bank_lock(bank):")] + (
    "for name in ('replace', 'rename', 'unlink', 'fsync'):\n"
    "    setattr(os, name, killing(getattr(os, name)))\n"
    "from drafter.bank.review import decide\n"
    "decide(bank, 'p1', sections=['work_methods'], known_sections=['work_methods', "
    "'work_style', 'closing'])\n")


def test_a_decision_killed_at_any_instant_is_logged_if_and_only_if_made(tmp_path):
    # Killed between writing the phrases and writing the log, a decision was made that
    # could not be undone; written first, the log then held a decision never made, which
    # --undo called "changed again since".  Now the log is committed with the phrases:
    # a change is logged exactly when made, and no temporary file of the log is left
    # once the next decision is written.
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
        logged = bool(read_log(bank))  # (first: it puts a committed change in place)
        made = _phrases(bank)["p1"]["sections"] == ["work_methods"]
        assert logged == made, kill_at
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


def test_a_disk_that_fails_to_confirm_a_made_change_is_said_so(tmp_path, monkeypatch):
    # An fsync of the folder refused (ENOSPC) after the journal's rename had said only
    # "No space left on device", rc 1, of a decision fully written (fuzz pass 81 m3): the
    # change is made, and said to be; a refusal before the commit still fails the write.
    import errno
    import stat

    bank = _bank(tmp_path / "bank", OLD)
    real = os.fsync

    def refuse_folders(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", refuse_folders)
    with pytest.raises(store.CommitPending) as info:
        save_phrases(bank, NEW)
    assert "the change is made" in str(info.value) and "No space left" in str(info.value)
    monkeypatch.setattr(os, "fsync", real)
    assert _phrases(bank) == {p.id: p.to_dict() for p in NEW}
    assert not list((bank / "phrases").glob(".*.tmp"))

    def refuse_files(fd):
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", refuse_files)
    with pytest.raises(DrafterError) as info:
        save_phrases(bank, OLD)
    assert not isinstance(info.value, store.CommitPending)
    assert "left as they were" in str(info.value)
    monkeypatch.setattr(os, "fsync", real)
    assert _phrases(bank) == {p.id: p.to_dict() for p in NEW}
