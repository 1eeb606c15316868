"""Render a full exported draft with LibreOffice and measure the PDF as a reviewer would:
A4, 22 lines on every full page, 28 characters on every full line, text inside the type
area, page numbers — N — 7 mm under it, odd pages right and even pages left."""

from __future__ import annotations

import re

import pytest

from drafter.draft.assemble import assemble
from drafter.draft.model import Item
from drafter.export.docx import LINE_TWIPS, export_docx
from drafter.export.text import plain_text
from tests.support.render import MM, measure, render_pdf, soffice, visible_chars

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not "
                                "installed; .ci/run installs libreoffice-writer-nogui")

LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
PITCH = LINE_TWIPS / 20
CHAR = 16 - 0.25
# A line may hold a character less when the next one may not start a line (closing
# punctuation) or this one may not end it (opening punctuation): Chinese line breaking.
NO_LINE_START = "，。、；：？！”’）》〉」』】…—"
NO_LINE_END = "“‘（《〈「『【"
# The DOCX sets w:overflowPunct="0" (no punctuation past the right edge, as Word reads
# it), but LibreOffice's import maps that attribute inverted (overflowPunct 0 → hanging
# punctuation on), so in its rendering a closing mark may hang one character out.
HANG = 16


def _cluster_did_not_fit(count: int, expected: int, next_text: str) -> bool:
    """A short line is right when what opens the next line could not be split: opening
    marks, a character and the closing marks after it (“三个代表” keeps 表” together), or
    a number or Latin word kept whole."""
    text = next_text.lstrip()
    match = re.match(rf"[{NO_LINE_END}]*(?:[A-Za-z0-9.%]+|.)[{NO_LINE_START}]*", text)
    cluster = match.group() if match else text[:1]
    if re.match(r"[A-Za-z0-9]", cluster.lstrip(NO_LINE_END)):
        return count >= expected - 2  # half-width: its width is not counted in characters
    return count + len(cluster) > expected


def hangs(line) -> bool:
    return line.x1 > RIGHT + 0.5 * MM and line.text.rstrip()[-1] in NO_LINE_START


def inner_right(line) -> float:
    """The right edge of a line's text without a hanging punctuation mark."""
    return line.x1 - HANG if hangs(line) else line.x1


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    draft = assemble("work_conference", {"topic": "基层党组织建设", "speaker": "张三",
                                         "post": "市委书记", "date": "2025-03-02"},
                     mode="full", seed=0)
    # A layout test needs pages of running text, however much the bank has on the
    # topic: grow the draft with copies of its longest passages to 4,000 characters.
    leaves = [n for n in draft.nodes() if any(i.role == "paragraph" for i in n.items)]
    turn = 0
    while len(plain_text(draft)) < 4000:
        node = leaves[turn % len(leaves)]
        longest = max((i for i in node.items if i.role == "paragraph"), key=lambda i: len(i.text))
        node.items.append(Item(longest.text, "paragraph", longest.phrase))
        turn += 1
    path = folder / "speech.docx"
    export_docx(draft, path)
    measured = measure(render_pdf(path, folder))
    assert len(measured) >= 3, "the test needs a draft of several pages"
    return measured


def test_pages_are_a4(pages):
    for page in pages:
        assert abs(page.width / MM - 210) < 0.5 and abs(page.height / MM - 297) < 0.5


def test_every_full_page_has_22_lines_on_one_grid(pages):
    from itertools import pairwise

    from drafter.corpus.headings import match_marker

    for page, following in pairwise(pages):
        baselines = [line.baseline for line in page.lines]
        first, last = baselines[0], baselines[-1]
        for b in baselines:
            steps = (b - first) / PITCH
            assert abs(steps - round(steps)) < 0.08, f"page {page.number}: off the line grid"
        lines = round((last - first) / PITCH) + 1
        if match_marker(following.lines[0].text.strip()):
            # A heading is kept with the next paragraph (一、 with （一）, （一） with the
            # first line of its body): a page before such a chain ends up to three
            # lines short.
            assert 19 <= lines <= 22, f"page {page.number}"
        else:
            assert lines == 22, f"page {page.number}"
        assert len(page.lines) <= 22


def test_every_full_line_has_28_characters(pages):
    checked = moved = 0
    for page_index, page in enumerate(pages):
        lines = page.lines
        following = [*lines[1:], *(pages[page_index + 1].lines[:1]
                                   if page_index + 1 < len(pages) else [])]
        for line, nxt in zip(lines, [*following, None], strict=False):
            if line.size > 17 or re.search(r"[A-Za-z0-9]", line.text):
                continue  # the title; lines with half-width digits or Latin letters
            if inner_right(line) < RIGHT - CHAR / 2:
                continue  # the last line of a paragraph
            indent = round((line.x0 - LEFT) / CHAR)
            expected = 28 - indent
            count = visible_chars(line.text) - hangs(line)
            if count < expected and nxt is not None and _cluster_did_not_fit(
                    count, expected, nxt.text):
                moved += 1
                continue  # moved by a line-breaking rule (or a number kept whole)
            assert count == expected, f"page {page.number}: {count} chars: {line.text}"
            checked += 1
    assert checked > 50
    assert moved < checked / 4, "too many short lines to blame on line-breaking rules"


def test_text_stays_inside_the_type_area(pages):
    for page in pages:
        for line in page.lines:
            assert line.x0 >= LEFT - 0.5 * MM, line.text
            assert inner_right(line) <= RIGHT + 0.5 * MM, line.text
            assert line.baseline >= TOP and line.baseline <= BOTTOM, line.text


def test_page_numbers_where_they_belong(pages):
    for page in pages:
        assert [line.text.strip() for line in page.footer] == [f"— {page.number} —"]
        number = page.footer[0]
        assert 5.5 * MM <= number.top - BOTTOM <= 8.5 * MM  # 7 mm under the type area
        assert number.size == pytest.approx(14, abs=0.1)
        one_char = 14  # 4号, one character in from the edge of the type area
        if page.number % 2:
            assert abs(number.x1 - (RIGHT - one_char)) < 1 * MM
        else:
            assert abs(number.x0 - (LEFT + one_char)) < 1 * MM
