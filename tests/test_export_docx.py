"""The exported DOCX read back: effective fonts, sizes, spacing, indents, margins,
outline levels, page-number fields and provenance comments, as Word would resolve them."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm

from drafter.bank.model import Source
from drafter.cli import main
from drafter.draft.assemble import assemble
from drafter.draft.model import Draft, Item, Node, PhraseRef, save_draft
from drafter.export.docx import export_docx, title_lines
from tests.support.docx_read import Resolver, w

FANGSONG, HEITI, KAITI, XBS, SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"


def handmade_draft() -> Draft:
    """Every kind of block, written for the test (not drawn from any bank)."""
    ref = PhraseRef("p0123456789", "lead", [Source("seed.txt", 7, "一、示例")])
    draft = Draft(
        template="party_lecture", title="关于进一步加强和改进新时代组织部门自身建设的若干思考与实践探索",
        byline="市委常委、组织部部长　张三", date="（2025年3月2日）", salutation="同志们：",
        markers=["一、", "（一）", "1."],
        opening=[Item("今天，我们在这里召开会议。\x07控制字符要去掉。", "prose")],
        body=[
            Node("提高政治站位", children=[
                Node("坚定政治信仰", items=[Item("政治信仰是根本。", "lead", ref)]),
                Node("提升政治能力", children=[Node("学习", items=[Item("要学习。")])]),
            ]),
            Node("改进工作作风", run_in=False, children=[
                Node("一要坚持实事求是", run_in=True, items=[Item("实事求是是根本。", "lead", ref)]),
            ]),
        ],
        closing=[Item("同志们，让我们奋勇前进！", "prose")])
    draft.renumber()
    return draft


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "out.docx"
    export_docx(handmade_draft(), path, provenance=True)
    return docx.Document(str(path)), path


def _para(doc, start: str):
    for p in doc.paragraphs:
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def test_page_is_a4_with_the_standard_margins(document):
    doc, _ = document
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(getattr(section, f"{side}_margin").mm) for side in
            ("top", "bottom", "left", "right")] == [37, 35, 28, 26]
    type_width = section.page_width - section.left_margin - section.right_margin
    assert abs(type_width - Mm(156)) < Mm(0.1)


def test_body_is_sanhao_fangsong_on_an_exact_22_line_grid(document):
    doc, _ = document
    resolve = Resolver(doc)
    body = _para(doc, "今天，我们")
    eff = resolve.effective(body, body.runs[0])
    assert (eff.east_asia_font, eff.ascii_font, eff.size_pt) == (FANGSONG, FANGSONG, 16)
    assert not eff.theme_fonts and not eff.bold
    assert eff.char_spacing == -5  # -0.25 pt: 28 characters of 16 pt fit 156 mm
    line, rule = resolve.line_spacing(body)
    assert rule == "exact" and line * 22 <= Mm(225).twips < (line + 1) * 22 + 22
    assert 28 * (16 - 0.25) <= Mm(156).pt < 29 * (16 - 0.25)
    assert resolve.first_line_indent(body) == 640  # two characters
    assert "\x07" not in body.text and body.text.endswith("控制字符要去掉。")


def test_title_front_block_and_salutation(document):
    doc, _ = document
    resolve = Resolver(doc)
    title = doc.paragraphs[0]
    eff = resolve.effective(title, title.runs[0])
    assert (eff.east_asia_font, eff.size_pt) == (XBS, 22)
    assert resolve.alignment(title) == "center" and resolve.first_line_indent(title) == 0
    # The long title is broken into lines, upper ones no longer than lower ones.
    assert title._p.xml.count("<w:br/>") == 1
    byline = _para(doc, "市委常委")
    eff = resolve.effective(byline, byline.runs[0])
    assert (eff.east_asia_font, eff.size_pt) == (KAITI, 16)
    assert resolve.alignment(byline) == "center"
    assert resolve.effective(_para(doc, "（2025"), None).east_asia_font == KAITI
    salutation = _para(doc, "同志们：")
    assert resolve.first_line_indent(salutation) == 0
    assert resolve.effective(salutation).east_asia_font == FANGSONG


def test_heads_use_heading_styles_with_outline_levels_and_the_standard_fonts(document):
    doc, _ = document
    resolve = Resolver(doc)
    expected = {"一、提高政治站位": (0, HEITI), "（一）坚定政治信仰": (1, KAITI),
                "1.学习": (2, FANGSONG), "二、改进工作作风": (0, HEITI)}
    for text, (level, font) in expected.items():
        p = _para(doc, text)
        assert p.text == text  # the number is text, not list numbering
        assert p._p.pPr.find(w("numPr")) is None
        assert resolve.outline_level(p) == level, text
        eff = resolve.effective(p, p.runs[0])
        assert (eff.east_asia_font, eff.size_pt, eff.bold) == (font, 16, False), text
        assert p.style.name == f"Heading {level + 1}"


def test_run_in_head_is_styled_inside_its_paragraph(document):
    doc, _ = document
    resolve = Resolver(doc)
    p = _para(doc, "（一）一要坚持实事求是。")
    head, rest = p.runs[0], p.runs[1]
    assert head.text == "（一）一要坚持实事求是。" and rest.text == "实事求是是根本。"
    assert resolve.outline_level(p) is None
    assert resolve.effective(p, head).east_asia_font == KAITI  # （一） heads are 楷体
    assert resolve.effective(p, rest).east_asia_font == FANGSONG
    assert resolve.first_line_indent(p) == 640


def test_page_numbers_are_page_fields_odd_right_even_left(document):
    doc, _ = document
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align, side in ((section.footer, "right", "right"),
                                (section.even_page_footer, "left", "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'fldCharType="begin"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.pPr.find(w("jc")).get(w("val")) == align
        assert p._p.pPr.find(w("ind")).get(w(side)) == str(14 * 20)
        eff = Resolver(doc).effective(p, p.runs[0])
        assert (eff.east_asia_font, eff.size_pt) == (SONG, 14)


def test_no_theme_fonts_anywhere_and_east_asian_hint_set(document):
    _, path = document
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    for xml in (styles, body):
        assert "asciiTheme" not in xml and "eastAsiaTheme" not in xml
    assert 'w:hint="eastAsia"' in styles and 'w:eastAsia="zh-CN"' in styles


def test_provenance_comments_name_the_source(document):
    _, path = document
    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode()
    assert "seed.txt" in comments and "p0123456789" in comments
    plain = export_docx(handmade_draft())
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(plain)).namelist()


def test_each_reused_passage_gets_one_comment_of_its_own_as_word_reads_them():
    # python-docx numbers a new comment by reading every earlier one's id: 4,000 reused
    # passages had taken export --provenance 56 s (fuzz pass 3 of stop 69, B-M2).  The
    # ids are counted now; Word and python-docx must still read each comment where it is.
    from docx.oxml.ns import qn

    draft = handmade_draft()
    ref = PhraseRef("p0123456789", "paragraph", [Source("seed.txt", 7, "一、示例")])
    many = 1_200
    draft.body[0].children[0].items = [Item(f"要坚持第{n}条原则。", "paragraph", ref)
                                       for n in range(many)]
    doc = docx.Document(io.BytesIO(export_docx(draft, provenance=True)))
    comments = list(doc.comments)
    assert len(comments) >= many
    ids = [c.comment_id for c in comments]
    assert len(set(ids)) == len(ids)
    assert all(c.author == "drafter" and c.text.startswith("来源：") for c in comments)
    body = doc.element.body
    starts = [int(e.get(qn("w:id"))) for e in body.iter(qn("w:commentRangeStart"))]
    ends = [int(e.get(qn("w:id"))) for e in body.iter(qn("w:commentRangeEnd"))]
    assert sorted(starts) == sorted(ends) == sorted(ids)
    first = next(p for p in doc.paragraphs if p.text == "要坚持第0条原则。")
    anchored = first._p.find(qn("w:commentRangeStart"))
    assert anchored is not None
    assert "from seed.txt #7" in doc.comments.get(int(anchored.get(qn("w:id")))).text


def test_fonts_come_from_the_settings_file(tmp_path, monkeypatch):
    settings = tmp_path / "settings.toml"
    settings.write_text('[fonts]\nbody = "仿宋"\ntitle = "华文中宋"\n', encoding="utf-8")
    monkeypatch.setenv("DRAFTER_SETTINGS", str(settings))
    doc = docx.Document(io.BytesIO(export_docx(handmade_draft())))
    resolve = Resolver(doc)
    assert resolve.effective(doc.paragraphs[0]).east_asia_font == "华文中宋"
    assert resolve.effective(_para(doc, "今天")).east_asia_font == "仿宋"
    settings.write_text('[fonts]\nbdy = "仿宋"\n', encoding="utf-8")
    with pytest.raises(Exception, match="no setting 'bdy'"):
        export_docx(handmade_draft())


def test_title_lines_make_a_trapezoid():
    assert title_lines("在全市组织工作会议上的讲话") == ["在全市组织工作会议上的讲话"]
    lines = title_lines("关于进一步加强和改进新时代组织部门自身建设的若干思考与实践探索")
    assert "".join(lines) == "关于进一步加强和改进新时代组织部门自身建设的若干思考与实践探索"
    assert len(lines) == 2 and len(lines[0]) <= len(lines[1]) <= 20
    long = "学" * 55
    assert [len(x) for x in title_lines(long)] == [18, 18, 19]


def test_export_command_from_json(tmp_path):
    draft = assemble("work_conference", {"topic": "作风建设"}, mode="full")
    source = tmp_path / "d.json"
    save_draft(draft, source)
    runner = CliRunner()
    out = tmp_path / "d.docx"
    result = runner.invoke(main, ["export", str(source), "-o", str(out), "--provenance"])
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))
    assert doc.paragraphs[0].text == draft.title
    assert any(p.style.name == "Heading 1" for p in doc.paragraphs)
    result = runner.invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "drafter-draft", "version": 1, "body": [{"heading": 1}]}',
                   encoding="utf-8")
    result = runner.invoke(main, ["export", str(bad), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "body[0].heading: expected a string" in result.output
    assert not (tmp_path / "x.docx").exists()
