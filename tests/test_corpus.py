"""The five seed speeches: boilerplate gone, speech text all there, structure pinned.

"All there" is checked character by character: the Chinese characters of the speech
region of each raw file (line ranges read off the files by hand) must equal, as a
multiset, the Chinese characters of the parsed speech; nothing missing, nothing extra.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from drafter import load_document
from drafter.corpus.model import Document

from .conftest import corpus_file

# 1-based line numbers of each raw file that hold the speech itself (title included).
SPEECH_LINES = {
    "000": [1],
    "001": [7, *range(10, 43)],
    "002": list(range(16, 36)),
    "003": [7],
    "004": list(range(1, 20)),
}

_HAN = re.compile("[\u4e00-\u9fff]")


def _speech_chars(doc: Document) -> Counter[str]:
    """Characters of the parsed speech: title, salutation, headings, paragraphs."""
    parts = [doc.title or "", doc.subtitle or "", doc.salutation or ""]
    for paragraph in doc.paragraphs():
        parts.append(paragraph.text)
    for section in doc.walk():
        parts.append((section.marker or "") + section.heading)
    return Counter(_HAN.findall("".join(parts)))


@pytest.mark.parametrize("prefix", sorted(SPEECH_LINES))
def test_speech_text_is_all_there_and_nothing_else(prefix):
    path = corpus_file(prefix)
    lines = path.read_text(encoding="utf-8").split("\n")
    expected = Counter(_HAN.findall("".join(lines[n - 1] for n in SPEECH_LINES[prefix])))
    got = _speech_chars(load_document(path))
    assert expected - got == Counter(), "speech characters lost"
    assert got - expected == Counter(), "boilerplate characters kept"


@pytest.mark.parametrize("prefix", sorted(SPEECH_LINES))
def test_removed_text_is_kept_with_reasons_and_is_not_speech(prefix):
    path = corpus_file(prefix)
    doc = load_document(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    speech_lines = set(SPEECH_LINES[prefix])
    for item in doc.removed:
        assert item.reason and item.text
        # 003's PDF body repeats the page title on its first printed line.
        if item.line in speech_lines:
            assert item.reason in ("repeated block", "duplicate of the title"), item
    junk = [ln for n, ln in enumerate(lines, 1) if ln.strip() and n not in speech_lines]
    removed_text = "".join(r.text for r in doc.removed)
    for line in junk:
        squashed = re.sub(r"\s", "", line)
        if "作者为" in line:
            assert doc.speaker and doc.speaker in line
            continue
        assert squashed[:6] in re.sub(r"\s", "", _halfwidth(removed_text)) or \
            squashed[:6] in re.sub(r"\s", "", removed_text), f"not removed: {line!r}"


def _halfwidth(text: str) -> str:
    return text.translate(str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")"}))


def test_000_no_line_breaks_yields_paragraphs_title_and_closing():
    doc = load_document(corpus_file("000"))
    assert doc.title == "组织部长学习习近平总书记重要讲话精神研讨材料"
    assert doc.preamble[0].text.startswith("当前我国进入新时代新的历史方位")
    assert len(doc.preamble) >= 8
    assert all(len(p.text) <= 800 for p in doc.preamble)
    assert all(p.sentences and "".join(p.sentences) == p.text for p in doc.preamble)
    assert doc.closing and doc.closing[0].text.startswith("展望未来")
    assert [r.reason for r in doc.removed] == ["paywall", "paywall"]
    # 首先…其次…再次…最后 is found as an enumeration inside its paragraph.
    enumerations = [p.enumeration for p in doc.paragraphs() if p.enumeration]
    assert any([e.marker for e in items] == ["首先", "其次", "再次", "最后"] for items in enumerations)


def test_001_three_parts_with_bold_leads_as_run_in_heads():
    doc = load_document(corpus_file("001"))
    assert doc.title == "深入学习贯彻习近平总书记关于党的建设的重要思想 不断提高新时代新征程组织工作质量"
    assert doc.speaker == "中共重庆市委常委、组织部长"
    assert [s.marker for s in doc.sections] == ["一、", "二、", "三、"]
    assert [len(s.children) for s in doc.sections] == [3, 4, 3]
    for part in doc.sections:
        assert len(part.paragraphs) == 1  # the part's introduction stays its own
        for lead in part.children:
            assert lead.run_in and lead.level == 2 and lead.marker is None
            assert lead.paragraphs and lead.paragraphs[0].text
    assert [c.heading for c in doc.sections[2].children] == [
        "细化“施工图”、“任务书”", "层层压实责任、狠抓落地", "坚持问题导向、求解优解"]
    assert doc.sections[0].children[0].heading == "从理论、历史、实践相结合的维度领会把握这一重要思想的“源头活水”"


def test_002_two_parts_with_five_and_six_run_in_heads():
    doc = load_document(corpus_file("002"))
    assert doc.title == "在全市县区委组织部长座谈会上的总结讲话"
    assert doc.occasion == "全市县区委组织部长座谈会"
    parts = doc.sections
    assert [s.marker for s in parts] == ["第一个方面，", "第二个方面，"]
    assert [s.level for s in parts] == [1, 1]
    assert parts[0].heading == "牢牢掌握马克思主义的思想方法和工作方法"
    assert [len(s.children) for s in parts] == [5, 6]
    assert [c.marker for c in parts[1].children] == ["一要", "二要", "三要", "四要", "五要", "六要"]
    assert parts[0].children[0].heading == "坚持实事求是"
    assert all(c.run_in and c.level == 2 for s in parts for c in s.children)
    assert len(doc.preamble) == 2
    assert doc.closing and doc.closing[0].text.startswith("以上是我对如何抓好组织工作的一些思考")
    # 一是…的能力 inside 二要强化工作能力 is an enumeration, not a heading.
    ability = parts[1].children[1].paragraphs[0]
    assert [e.marker for e in ability.enumeration][:2] == ["一是", "二是"]


def test_003_pdf_text_tree_and_rejoined_words():
    doc = load_document(corpus_file("003"))
    assert doc.title == "党课：淬炼作风之剑，锻造组工精兵，为新时代组织工作高质量发展注入澎湃动能"
    assert doc.salutation == "同志们："
    parts = doc.sections
    assert [s.marker for s in parts] == ["一、", "二、"]
    assert parts[0].heading == "校准政治定盘星，铸就作风之魂，深刻把握新时代组织部门作风建设的方位坐标"
    for part in parts:
        assert [c.marker for c in part.children] == ["（一）", "（二）", "（三）"]
        assert all(c.level == 2 and not c.run_in for c in part.children)
    assert parts[0].children[0].heading == "熔铸忠诚之魂：将过硬作风作为践行“两个维护”的最直接检验"
    assert parts[1].children[0].heading == "传承制度之光：健全面向常长抓常严的长效机制体系"
    text = "".join(p.text for p in doc.paragraphs())
    assert "习近平总书记教导我们" in text and "习近 平" not in text
    assert " " not in text  # every wrapping space is gone
    assert "，" in text and "," not in text
    assert len(doc.preamble) == 1 and doc.preamble[0].text.startswith("今天我们齐聚一堂")


def test_004_three_parts_with_three_numbered_heads():
    doc = load_document(corpus_file("004"))
    assert doc.title == "市委书记在2024年全市组织工作会议上的讲话"
    assert doc.speaker == "市委书记"
    assert doc.salutation == "同志们："
    parts = doc.sections
    assert [s.heading for s in parts] == [
        "突出政治性，以正确的方向引领组织工作", "突出系统性，以科学的举措推进组织工作",
        "突出实效性，以宽广的视野提升组织工作"]
    for part in parts:
        assert [c.marker for c in part.children] == ["1.", "2.", "3."]
        assert all(c.run_in and c.level == 2 for c in part.children)
    assert parts[0].children[0].heading == "坚定政治信仰"
    assert doc.closing and doc.closing[0].text.startswith("同志们，让我们紧密团结")
    assert [r.reason for r in doc.removed] == ["generator footer"]
    # XX placeholders stay in the text: they are facts to fill in, not noise.
    assert "XX同志" in doc.preamble[0].text
