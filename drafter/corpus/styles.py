"""What a word processor's styles and tables say about a paragraph's place in a speech.

One definition for every reader of styled documents (.docx, .odt): which paragraph
style names mark a title, a subtitle or a heading level, when the bold text a
paragraph opens with is a run-in head (一是坚持…。 followed by the paragraph's body),
how a styled paragraph becomes lines, and how a table does (a row a line, or the
paragraphs of a table that only lays out the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from drafter.corpus.model import Line

# Word's and LibreOffice's names, English or Chinese (Heading 2, 标题 2).
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = ("title", "标题")
_SUBTITLE_STYLES = ("subtitle", "副标题")
# A run-in head ends as a sentence or a lead-in does, and is short.
_RUN_IN_HEAD_ENDS = "。！？：:"
_RUN_IN_HEAD_MAX = 80


def attribute_number(value: str | None) -> int | None:
    """A small number an attribute gives (an outline level, a weight), None for what is
    none.  Only ASCII digits: ² is a digit to str.isdigit, and int() refuses it; and
    5,000 digits are no level (fuzz passes 55 A8 and 57 N6 refused whole documents)."""
    if value is None or not re.fullmatch(r"[0-9]{1,3}", value.strip()):
        return None
    return int(value)


@dataclass(frozen=True)
class StyleRole:
    heading_level: int | None = None
    is_title: bool = False
    is_subtitle: bool = False


def style_role(style_name: str) -> StyleRole:
    """What a paragraph style's name makes its paragraphs: a title, a subtitle, a
    heading of some level, or body text."""
    name = style_name.strip().lower()
    if name in _TITLE_STYLES:
        return StyleRole(is_title=True)
    if name in _SUBTITLE_STYLES:
        return StyleRole(is_subtitle=True)
    match = _HEADING_STYLE_RE.match(name)
    return StyleRole(heading_level=int(match.group(1))) if match else StyleRole()


def run_in_head(bold_lead: str, whole: str) -> str | None:
    """The bold text a paragraph opens with, when it reads as a run-in head: shorter
    than the paragraph, short, and ending as a sentence or a lead-in."""
    head = bold_lead.strip()
    if (head and len(head) < len(whole.strip()) and head[-1] in _RUN_IN_HEAD_ENDS
            and len(head) <= _RUN_IN_HEAD_MAX):
        return head
    return None


def paragraph_lines(text: str, number: int, role: StyleRole,
                    bold_lead: str | None) -> Iterator[Line]:
    """The lines of one paragraph (its line breaks split it), its role and run-in head
    on the first."""
    first = True
    for part in text.split("\n"):
        if part.strip():
            yield Line(part.strip(), number,
                       heading_level=role.heading_level if first else None,
                       is_title=role.is_title and first,
                       bold_lead=bold_lead if first else None,
                       is_subtitle=role.is_subtitle and first)
            first = False


def cell_text(paragraph_texts: Iterable[str]) -> str:
    """A table cell's paragraphs as one piece of its row's line."""
    return " ".join(text for paragraph in paragraph_texts
                    if (text := paragraph.replace("\n", " ").strip()))


def row_line(cell_texts: Iterable[str], number: int) -> Line | None:
    """A table row as one line, its cells set apart by an ideographic space; None for a
    row with no text."""
    texts = [text for text in cell_texts if text]
    return Line("\u3000".join(texts), number, in_table=True) if texts else None


Cell = TypeVar("Cell")


def lays_out_page(cells: Sequence[Cell], paragraphs: Callable[[Cell], int],
                  text: Callable[[Cell], str]) -> bool:
    """Whether a table's cells (one or two, holding whole paragraphs of text) lay out the
    page rather than hold data: such a table is read as its paragraphs."""
    return len(cells) <= 2 and any(paragraphs(cell) >= 3 or len(text(cell)) > 200
                                   for cell in cells)
