"""Outline editing with undo/redo, and the drafts library (recent list, recovery copies)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafter.draft import library
from drafter.draft.assemble import assemble
from drafter.draft.edit import DraftEditor, EditError, speaking_minutes
from drafter.draft.model import Draft, Item, Node
from drafter.export.text import plain_text


def outline() -> Draft:
    draft = Draft(markers=["一、", "（一）"], body=[
        Node("甲", children=[Node("甲一"), Node("甲二")]),
        Node("乙", children=[Node("乙一")]),
        Node("丙"),
    ])
    draft.renumber()
    return draft


def shape(draft: Draft) -> list[str]:
    return [f"{n.marker}{n.heading}" for n in draft.nodes()]


def test_every_edit_renumbers_and_undoes():
    editor = DraftEditor(outline())
    start = shape(editor.draft)
    steps = [
        (editor.move_down, ((0,),)),
        (editor.indent, ((1,),)),  # 甲 under 乙
        (editor.outdent, ((0, 1),)),
        (editor.add_after, ((0,), "新")),
        (editor.add_child, ((2,), "新子")),
        (editor.set_heading, ((0,), "乙改")),
        (editor.toggle_run_in, ((0,),)),
        (editor.delete, ((1,),)),
    ]
    shapes = [start]
    for action, args in steps:
        action(*args)
        shapes.append(shape(editor.draft))
    assert shapes[1] == ["一、乙", "（一）乙一", "二、甲", "（一）甲一", "（二）甲二", "三、丙"]
    assert shapes[2][:4] == ["一、乙", "（一）乙一", "（二）甲", "1.甲一"]
    # Undo walks every step back, redo forward again.
    for expected in reversed(shapes[:-1]):
        editor.undo()
        assert shape(editor.draft) == expected
    with pytest.raises(EditError):
        editor.undo()
    for expected in shapes[1:]:
        editor.redo()
        assert shape(editor.draft) == expected
    editor.undo()
    editor.add_after(None, "最后")  # a new change clears the redo stack
    assert not editor.can_redo


def test_undo_and_redo_say_where_the_change_happened():
    # So a UI can put its cursor on the node that changed, as it is after the undo.
    editor = DraftEditor(outline())
    editor.move_down((0,))
    editor.indent((1,))  # 甲 under 乙: (0, 1)
    editor.insert_item((0, 1), Item("新句"), 0)
    editor.delete_item((0, 1), 0)
    assert editor.undo_label == "delete sentence"
    step = editor.undo()
    assert (step.label, step.before) == ("delete sentence", ((0, 1), 0))
    assert editor.undo().before == ((0, 1), None)  # the sentence inserted is gone
    assert editor.undo().before == ((1,), None)  # 甲 back where it was indented from
    step = editor.undo()
    assert (step.before, step.after) == (((0,), None), ((1,), None))
    assert editor.draft.body[0].heading == "甲"
    assert editor.redo().after == ((1,), None)  # redo: where 甲 went
    assert editor.draft.body[1].heading == "甲"


def test_the_transition_is_undone_by_its_name():
    # New user 52: a change to 下面，我讲三点意见 was undone as "edit opening".
    draft = outline()
    draft.opening = [Item("今天召开会议。", "prose"), Item("下面，我讲三点意见。", "prose")]
    editor = DraftEditor(draft)
    editor.edit_passage("opening", 1, "下面，我讲四点意见。")
    assert editor.undo_label == "edit transition"
    editor.edit_passage("opening", 0, "今天我们召开会议。")
    assert editor.undo_label == "edit opening"
    editor.delete_passage("opening", 1)
    assert editor.undo().label == "delete transition paragraph"
    assert [i.text for i in editor.draft.opening] == ["今天我们召开会议。", "下面，我讲四点意见。"]


def test_items_edits_and_their_errors():
    editor = DraftEditor(outline())
    editor.insert_item((0,), Item("第一句。"))
    editor.insert_item((0,), Item("开头。"), index=0)
    editor.edit_item((0,), 1, "第一句改。")
    assert [i.text for i in editor.draft.body[0].items] == ["开头。", "第一句改。"]
    editor.replace_item((0,), 0, Item("换。", "lead"))
    editor.delete_item((0,), 1)
    assert [i.text for i in editor.draft.body[0].items] == ["换。"]
    for bad in (lambda: editor.node((9,)), lambda: editor.indent((0,)),
                lambda: editor.outdent((0,)), lambda: editor.set_heading((0,), "  "),
                lambda: editor.edit_item((0,), 5, "x"), lambda: editor.set_meta("nope", "x")):
        with pytest.raises(EditError):
            bad()
    version = editor.version
    editor.set_heading((0,), editor.draft.body[0].heading)  # no change, no undo step
    assert editor.version == version


def test_a_gap_typed_over_is_the_writers_own_text_in_every_full_draft():
    """New user 44 typed a sentence over a 〔待补〕 gap: it stayed a placeholder, so the
    full draft's export and `drafter fill` left it out and 换一批 threw it away."""
    from drafter.draft.assemble import expand, keeping_writers_own, writers_own

    draft = assemble("work_conference", {"topic": "安全生产"})
    def leaves(nodes, above=()):
        for i, node in enumerate(nodes):
            yield from leaves(node.children, (*above, i)) if node.children else [((*above, i),
                                                                                 node)]

    path, index = next((path, j) for path, node in leaves(draft.body)
                       for j, item in enumerate(node.items) if item.role == "placeholder")
    editor = DraftEditor(draft)
    # Edited to ask for something else, a gap is still one.
    editor.edit_item(path, index, "〔待补：本地事故数据〕")
    assert editor.node(path).items[index].role == "placeholder"
    editor.edit_item(path, index, "我市去年事故起数下降百分之十二。")
    own = editor.node(path).items[index]
    assert own.role == "text" and writers_own(own)
    assert own in keeping_writers_own(editor.node(path).items, [])
    full = expand(Draft.from_dict(editor.draft.to_dict()))
    assert "我市去年事故起数下降百分之十二。" in plain_text(full)
    # A draft saved before edits said so heals as it is read.
    saved = editor.draft.to_dict()
    for node in saved["body"]:
        for item in node["items"]:
            if item["text"] == "我市去年事故起数下降百分之十二。":
                item["role"] = "placeholder"
    assert "我市去年事故起数下降百分之十二。" in plain_text(expand(Draft.from_dict(saved)))


def test_speaking_minutes_follow_the_rate():
    draft = outline()
    draft.body[0].items = [Item("字" * 440)]
    assert speaking_minutes(draft, 220) == pytest.approx(draft.text_length() / 220)
    assert speaking_minutes(draft, 440) < speaking_minutes(draft, 220)


def test_a_copy_another_running_drafter_writes_is_not_offered_as_a_crash(tmp_path):
    # A second drafter started while the first edits the draft must not offer the first's
    # autosave as a crash (discarding it there had lost the first one's work); once the
    # first is gone without saving, its copy is a crash's and is offered.
    import json
    import subprocess
    import sys

    path = tmp_path / "d.json"
    library.save(path, outline())
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        copy = library.write_recovery(path, outline(), "other-session")
        data = json.loads(copy.read_text(encoding="utf-8"))
        data["writer"] = {**data["writer"], "pid": other.pid,
                          "since": library._started(other.pid)}
        copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert library.pending_recoveries(path) == []
    finally:
        other.kill()
        other.wait()
    assert [r.copy for r in library.pending_recoveries(path)] == [copy]


def test_recent_list_and_recovery_copies(tmp_path):
    draft = outline()
    draft.title = "测试稿"
    path = tmp_path / "d.json"
    library.save(path, draft)
    assert [r.title for r in library.recent_drafts()] == ["测试稿"]
    draft.title = "改过"
    crashed = library.write_recovery(path, draft, "crashed")  # a session that died
    draft.title = "又改过"
    session = library.new_session()
    mine = library.write_recovery(path, draft, session)
    assert mine != crashed and crashed.exists()  # a session never writes over another's
    pending = library.pending_recoveries(exclude={mine})
    assert len(pending) == 1 and pending[0].path == str(path.resolve())
    assert pending[0].load().title == "改过"
    assert library.pending_recoveries(tmp_path / "other.json") == []
    assert [r.copy for r in library.pending_recoveries(path, exclude={mine})] == [crashed]
    # Saving the file removes the saving session's copy only: the crashed session's
    # copy waits until the writer recovers or discards it.
    library.save(path, draft, session)
    assert not mine.exists()
    assert [r.copy for r in library.pending_recoveries()] == [crashed]
    pending[0].discard()
    assert library.pending_recoveries() == []
    path.unlink()
    assert library.recent_drafts() == []  # a draft that no longer exists is not offered
    first = library.new_draft_path(draft)
    first.parent.mkdir(parents=True, exist_ok=True)
    first.write_text("{}")
    assert library.new_draft_path(draft) != first


def test_a_damaged_recent_list_or_recovery_copy_is_ignored():
    folder = library.data_dir()
    (folder / "autosave").mkdir(parents=True, exist_ok=True)
    (folder / "recent.json").write_text("not json")
    (folder / "autosave" / "bad.json").write_text("{")
    assert library.recent_drafts() == []
    assert library.pending_recoveries() == []
    assert (folder / "autosave" / "bad.json").exists()  # kept for a person to look at


@pytest.mark.parametrize("saved", ["NaN", "Infinity", "-Infinity", "1e300", "-1e20"])
def test_a_recovery_copy_saved_at_no_time_a_clock_reaches_is_damaged(tmp_path, saved):
    # Fuzz pass 57 N1: offered, its time had ended the TUI at every start.
    path = tmp_path / "d.json"
    library.save(path, outline())
    copy = library.write_recovery(path, outline(), "crashed")
    data = copy.read_text(encoding="utf-8")
    copy.write_text(re.sub(r'"saved": [0-9.e+]+', f'"saved": {saved}', data), encoding="utf-8")
    assert f'"saved": {saved}' in copy.read_text(encoding="utf-8")
    damaged: list = []
    assert library.pending_recoveries(damaged=damaged) == [] and damaged == [copy]


def test_one_bad_entry_of_the_recent_list_leaves_the_others(tmp_path):
    # Fuzz pass 45 n7: "opened": 1e308 emptied the list with an OverflowError.
    folder = library.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    good = tmp_path / "good.json"
    good.write_text("{}", encoding="utf-8")
    rows = [{"path": str(good), "title": "好", "template": "party_lecture", "opened": 1e308},
            {"path": str(good), "title": "好", "template": "party_lecture", "opened": "x"},
            {"title": "no path"}, "not an entry",
            {"path": str(good), "title": "好", "template": "party_lecture", "opened": 1.0}]
    (folder / "recent.json").write_text(json.dumps(rows), encoding="utf-8")
    assert [r.opened for r in library.recent_drafts()] == [1.0]


def test_a_draft_listed_twice_in_the_recent_list_is_offered_once(tmp_path):
    # Fuzz pass 47 m3: the TUI keys its rows by path, and a path listed twice (or 14,500
    # times) emptied its list ("the IDs are unique").
    folder = library.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    first, second = tmp_path / "d1.json", tmp_path / "d2.json"
    for path in (first, second):
        path.write_text("{}", encoding="utf-8")
    rows = [{"path": str(first), "opened": 3.0}, {"path": str(second), "opened": 2.0},
            # (…however the path is written: fuzz pass 48 q2.)
            {"path": str(first).replace("/d1.json", "//./d1.json"), "opened": 1.5},
            # (…or reached through a link: fuzz pass 49 q2.)
            {"path": str(tmp_path / "link.json"), "opened": 1.2},
            *[{"path": str(first), "opened": 1.0}] * 5_000]
    (tmp_path / "link.json").symlink_to(first)
    (folder / "recent.json").write_text(json.dumps(rows), encoding="utf-8")
    assert [(r.path, r.opened) for r in library.recent_drafts()] == [
        (str(first.resolve()), 3.0), (str(second.resolve()), 2.0)]
    many = [{"path": str(tmp_path / f"n{i}.json"), "opened": i} for i in range(200)]
    for row in many:
        Path(row["path"]).write_text("{}", encoding="utf-8")
    (folder / "recent.json").write_text(json.dumps(many), encoding="utf-8")
    assert len(library.recent_drafts()) == library.RECENT_LIMIT


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_recent_list_or_copy_that_is_no_regular_file_is_passed_over(kind):
    # Fuzz pass 46 M6: a FIFO named recent.json hung the start screen's lists, /dev/zero
    # behind it ended in a MemoryError; a copy in autosave alike.
    import os

    folder = library.data_dir()
    (folder / "autosave").mkdir(parents=True, exist_ok=True)
    for path in (folder / "recent.json", folder / "autosave" / "odd.json"):
        path.unlink(missing_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    damaged: list = []
    assert library.recent_drafts() == []
    assert library.pending_recoveries(damaged=damaged) == [] and damaged


def test_a_save_killed_before_its_file_is_in_place_leaves_the_edit_to_recover(
        tmp_path, monkeypatch):
    # Fuzz pass 63: the TUI killed at the rename of a save made within an autosave's
    # seconds of an edit lost the edit (only the save's temporary file held it), and
    # nothing was offered at the next start.
    import os

    from drafter import fileio

    path = tmp_path / "d.json"
    draft = outline()
    draft.title = "旧稿"
    library.save(path, draft)
    draft.title = "新稿"
    session = library.new_session()
    real = os.replace

    def killed_at_the_drafts_rename(source, target):
        if Path(target) == path:
            raise KeyboardInterrupt  # as a kill there would leave it
        real(source, target)

    monkeypatch.setattr(fileio.os, "replace", killed_at_the_drafts_rename)
    with pytest.raises(KeyboardInterrupt):
        library.save(path, draft, session)
    monkeypatch.setattr(library, "_still_running", lambda writer: False)  # (it was killed)
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "旧稿"
    [recovery] = library.pending_recoveries(path)
    assert recovery.load().title == "新稿"
    # A save that went through leaves no copy behind.
    monkeypatch.setattr(fileio.os, "replace", real)
    library.save(path, draft, session)
    assert library.pending_recoveries(path) == []


def test_a_recent_list_that_cannot_be_written_stops_no_open_or_save(tmp_path, monkeypatch):
    # Fuzz pass 64 n6: with the data folder full, `drafter tui w.json` stayed on the home
    # screen ("recent.json: cannot write: No space left") and a save whose file was
    # written said it was not.
    from drafter import fileio
    from drafter.errors import DrafterError

    path = tmp_path / "d.json"
    library.save(path, outline())
    real = fileio.atomic_write

    def full(target, *args, **kwargs):
        if Path(target).name == "recent.json":
            raise DrafterError(f"{target}: cannot write: No space left on device")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(library, "atomic_write", full)
    assert library.open_draft(path).title == outline().title
    draft = outline()
    draft.title = "改过"
    assert library.save(path, draft) == path
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "改过"


def test_a_data_folder_that_is_a_file_stops_no_save(tmp_path, monkeypatch):
    # Fuzz pass C, stop 67: with the data folder a file, removing the session's recovery
    # copy after a save raised NotADirectoryError, and the app ended on ctrl+s.
    blocked = tmp_path / "afile"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    path = tmp_path / "d.json"
    draft = outline()
    draft.title = "照存"
    assert library.save(path, draft, session="s1") == path
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "照存"


def test_a_recovery_copy_killed_before_its_rename_is_put_in_place_and_offered(
        tmp_path, monkeypatch):
    # Fuzz pass 64 MAJOR-C: killed at the rename of the copy a save writes first, the
    # edit was in no copy offered, and the copy's temporary file stayed for good.
    path = tmp_path / "d.json"
    library.save(path, outline())
    draft = outline()
    draft.title = "改过"
    copy = library.write_recovery(path, draft, "crashed")
    temp = copy.with_name(f".{copy.name}.k3x9q2mz.tmp")
    copy.rename(temp)  # as a kill between the copy's write and its rename leaves it
    # (A copy of this process's own is being written now, by another thread: see below.)
    written = json.loads(temp.read_text(encoding="utf-8"))
    temp.write_text(json.dumps({**written, "writer": {**written["writer"], "since": "0"}}),
                    encoding="utf-8")
    half = copy.with_name(f".{copy.name[:-5]}x.json.a1b2c3d4.tmp")
    half.write_text('{"path": "', encoding="utf-8")  # one still being written
    monkeypatch.setattr(library, "_still_running", lambda writer: False)
    [recovery] = library.pending_recoveries(path)
    assert recovery.load().title == "改过" and recovery.copy == copy
    assert not temp.exists() and half.exists()


def test_a_copy_this_process_is_writing_is_not_taken_from_under_it(tmp_path, monkeypatch):
    # CI at f428886: the TUI's save wrote its recovery copy's temporary file while a look
    # for pending copies (the same process) put it in place as a killed session's; the
    # save's own rename then found it gone (FileNotFoundError).
    path = tmp_path / "d.json"
    library.save(path, outline())
    copy = library.write_recovery(path, outline(), "mine")
    temp = copy.with_name(f".{copy.name}.k3x9q2mz.tmp")
    copy.rename(temp)  # this process's copy, between its write and its rename
    monkeypatch.setattr(library, "_still_running", lambda writer: False)
    assert library.pending_recoveries(path) == [] and temp.exists()


def test_indenting_stops_at_the_depth_a_draft_file_may_have(tmp_path):
    # One limit with the draft files' (fuzz pass B of stop 67, m5): an outline indented
    # past it would be saved and then refused on opening.
    from drafter.draft.model import MAX_DRAFT_DEPTH, load_draft, save_draft

    def chain(levels: int) -> Node:
        node = Node("底")
        for n in range(levels - 1):
            node = Node(f"第{n}", children=[node])
        return node

    for levels, allowed in ((MAX_DRAFT_DEPTH - 1, True), (MAX_DRAFT_DEPTH, False)):
        draft = Draft(markers=["一、"], body=[Node("首"), chain(levels)])
        draft.renumber()
        editor = DraftEditor(draft)
        if not allowed:
            with pytest.raises(EditError, match=f"at most {MAX_DRAFT_DEPTH} levels"):
                editor.indent((1,))
            continue
        editor.indent((1,))  # the chain under 首: its last heading at the limit
        save_draft(editor.draft, tmp_path / "d.json")
        assert len(list(load_draft(tmp_path / "d.json").nodes())) == levels + 1
