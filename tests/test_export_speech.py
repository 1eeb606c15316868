"""一键排版: a speech the writer already has, read and laid out again per GB/T 9704."""

from __future__ import annotations

import difflib
import re

import docx
from click.testing import CliRunner

from drafter.cli import main
from drafter.draft.speech import load_speech, style_of_marker

SPEECH = [
    "在全市安全生产工作会议上的讲话",
    "（2025年3月18日）",
    "市长　李　明",
    "同志们：",
    "今天召开全市安全生产工作会议，主要任务是分析形势、部署任务。刚才，几位同志作了发言，我完全赞同。",
    "一、清醒认识当前安全生产形势",
    "今年以来，全市安全生产形势总体平稳，但风险隐患依然较多，一些企业主体责任落实不到位，"
    "个别地方监管存在盲区，必须引起高度重视。",
    "（一）正视风险隐患。建筑施工、道路运输、城镇燃气等领域隐患点多面广，必须逐一排查、逐一整改。",
    "（二）克服麻痹思想。平稳不等于安稳，好转不等于根本好转，决不能有丝毫松懈。",
    "二、扎实抓好重点领域安全",
    "（一）深化燃气安全整治。要全面排查老旧管网和瓶装气市场，对发现的问题逐项整改销号。",
    "（二）强化交通安全管理。要紧盯“两客一危”车辆，严厉打击超速、超载、疲劳驾驶等违法行为。",
    "同志们，安全生产责任重于泰山。让我们以更加务实的作风，确保全市安全生产形势持续稳定！",
]


def _cjk(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def _speech_docx(path) -> None:
    document = docx.Document()
    for line in SPEECH:
        document.add_paragraph(line)
    document.save(path)


def test_a_speech_docx_is_laid_out_per_gbt9704_keeping_its_text(tmp_path):
    source = tmp_path / "speech.docx"
    _speech_docx(source)
    out = tmp_path / "laid-out.docx"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(out)
    section = document.sections[0]
    # A4, margins of GB/T 9704-2012 (天头 37 mm, 订口 28 mm, a 156 × 225 mm type area).
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    written = "".join(p.text for p in document.paragraphs)
    wanted = _cjk("".join(SPEECH))
    matched = difflib.SequenceMatcher(None, wanted, _cjk(written), autojunk=False)
    kept = sum(block.size for block in matched.get_matching_blocks()) / len(wanted)
    assert kept >= 0.98
    texts = [p.text for p in document.paragraphs]
    assert "一、清醒认识当前安全生产形势" in texts and "二、扎实抓好重点领域安全" in texts
    assert any(t.startswith("（二）强化交通安全管理。") for t in texts)


def test_a_speech_becomes_a_draft_with_its_front_matter_and_numbering(tmp_path):
    source = tmp_path / "speech.txt"
    source.write_text("\n".join(SPEECH) + "\n", encoding="utf-8")
    draft = load_speech(source)
    assert draft.title == SPEECH[0] and "李" in draft.byline and draft.salutation == "同志们："
    assert draft.markers[:2] == ["一、", "（一）"]
    assert [n.heading for n in draft.body] == ["清醒认识当前安全生产形势", "扎实抓好重点领域安全"]
    assert draft.body[1].children[0].run_in
    assert draft.closing and draft.closing[0].text.startswith("同志们，安全生产责任重于泰山")
    out = tmp_path / "speech.md"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "一、清醒认识当前安全生产形势" in out.read_text(encoding="utf-8")


def test_a_marker_is_read_as_its_numbering_style():
    assert style_of_marker("（三）") == "（一）" and style_of_marker("十一、") == "一、"
    assert style_of_marker("2.") == "1." and style_of_marker("三要") == "一要"
    assert style_of_marker("") == "" and style_of_marker(None) == ""


def test_a_file_that_is_no_speech_is_named_with_its_reason(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1
    assert "broken.docx" in result.output and not (tmp_path / "x.docx").exists()


def test_tui_opens_a_speech_as_a_new_draft_and_never_writes_the_speech(tmp_path, monkeypatch):
    import drafter.tui

    source = tmp_path / "speech.docx"
    _speech_docx(source)
    before = source.read_bytes()
    from drafter.draft.library import drafts_dir
    from drafter.draft.model import load_draft

    # Without a terminal, nothing is made for it: said at once (fuzz pass 68: each run
    # in a pipe had left a new draft of the speech behind).
    result = CliRunner().invoke(main, ["tui", str(source)])
    assert result.exit_code == 1 and "needs a terminal" in result.stderr, result.output
    assert not drafts_dir().exists() or not any(drafts_dir().iterdir())
    opened = []
    monkeypatch.setattr(drafter.tui, "run", lambda draft_path=None, phrasebank=None:
                        opened.append(draft_path))
    monkeypatch.setattr(drafter.tui, "check_ready", lambda phrasebank=None: None)
    result = CliRunner().invoke(main, ["tui", str(source)])
    assert result.exit_code == 0, result.output

    (path,) = opened
    assert path.endswith(".json") and str(drafts_dir()) in path
    assert load_draft(path).body[0].heading == "清醒认识当前安全生产形势"
    assert source.read_bytes() == before


def test_a_run_in_head_keeps_its_own_end_in_check_export_and_parse(tmp_path):
    from drafter.check.source import from_file
    from drafter.export.text import plain_text

    source = tmp_path / "bang.txt"
    source.write_text("讲话\n同志们：\n一要坚持实事求是！要说实话、办实事、求实效。\n"
                      "二要坚持问题导向！要奔着问题去、盯着问题改。\n", encoding="utf-8")
    checked = " ".join(p.text for p in from_file(source).passages)
    assert "一要坚持实事求是！要说实话" in checked and "实事求是。" not in checked
    assert "一要坚持实事求是！要说实话" in plain_text(load_speech(source))
    parsed = CliRunner().invoke(main, ["parse", "--text", str(source)]).output
    assert "一要坚持实事求是！要说实话" in parsed


def test_every_export_takes_out_control_characters_alike(tmp_path):
    # A draft holding NUL, ESC and U+202E exported to .md and .txt kept them raw, and
    # drafter then refused its own file as binary (fuzz pass, stop 37); the DOCX took out
    # only some.
    from drafter.draft.model import Draft, Item, Node, save_draft

    draft = Draft(title="标题\x00\x07\x1b[31m红色\x1b[0m\u202e反向", salutation="同志们：",
                  opening=[Item("今天\x0b\x0c开会\r\n\u2028\u2029继续。", "prose")],
                  body=[Node("提高认识\x1b", items=[Item("要把工作落到实处。")])],
                  markers=["一、"], fields={"speaker": "张\x0b三", "topic": "安全\x00生产"})
    draft.renumber()
    source = tmp_path / "control.json"
    save_draft(draft, source)
    texts = {}
    for suffix in ("md", "txt", "docx"):
        out = tmp_path / f"control.{suffix}"
        result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
        texts[suffix] = ("\n".join(p.text for p in docx.Document(out).paragraphs)
                         if suffix == "docx" else out.read_text(encoding="utf-8"))
        check = CliRunner().invoke(main, ["check", str(out)])
        assert "binary" not in check.output, check.output
    for suffix, text in texts.items():
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e\u2028\u2029]", text), suffix
        assert "红色" in text and "反向" in text and "今天开会" in text, suffix
    # The file's properties too (a control character in the speaker had ended the DOCX
    # export in a traceback: fuzz pass, stop 38).
    properties = docx.Document(tmp_path / "control.docx").core_properties
    assert properties.author == "张三" and properties.subject == "安全生产"


async def test_the_open_box_opens_a_speech_as_a_new_draft_too(tmp_path):
    # Typed in the start screen's open box, a speech had been refused as invalid JSON,
    # though `drafter tui FILE` opened it (new user, stop 37).
    from drafter.tui.app import DrafterApp
    from drafter.tui.screens.start import StartScreen
    from tests.test_tui import draft_ready, wait_for

    source = tmp_path / "speech.docx"
    _speech_docx(source)
    before = source.read_bytes()
    app = DrafterApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen)
                       and app.screen.template_labels())
        await pilot.press("o")
        await wait_for(pilot, lambda: app.focused is not None
                       and app.focused.id == "open-path")
        app.focused.value = str(source)
        await pilot.press("enter")
        await wait_for(pilot, lambda: draft_ready(app))
        assert app.screen.draft.body[0].heading == "清醒认识当前安全生产形势"
        assert app.screen.path.suffix == ".json" and app.screen.path != source
    assert source.read_bytes() == before
