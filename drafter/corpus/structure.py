"""Clean lines → a structured speech: front matter, heading tree, paragraphs, closing.

The stages (front matter in frontmatter.py, unbroken text in paragraphs.py):

1. front matter: title (one or two lines, or glued to the first sentence of a text
   with no line breaks), subtitle, speaker, date, occasion, salutation; short lines
   above the title are page furniture and are removed with a reason;
2. paragraphs: one per line, or cut from a text with no line breaks at its topic
   sentences;
3. headings: numbered markers of every family, validated as runs where a marker is
   ambiguous (一要 only counts when 二要 follows), standalone or run-in; unnumbered bold
   leads when a section's paragraphs all open with a short head sentence;
4. the tree: nested by marker rank, levels relative to the document's own top level;
5. closing: the call to action that ends the speech (同志们，让我们… / 希望大家…).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from drafter.corpus.frontmatter import split_front_matter
from drafter.corpus.headings import (
    LEAD_FAMILY,
    LEAD_RANK,
    STYLE_FAMILY,
    Marker,
    find_enumeration,
    follows,
    match_marker,
)
from drafter.corpus.model import Document, EnumItem, Line, Paragraph, Section
from drafter.corpus.paragraphs import (
    INLINE_CN_RE,
    UNBROKEN_LINE,
    UNBROKEN_WHOLE_DOCUMENT,
    segment_unbroken,
)
from drafter.corpus.patterns import CLOSING_RE, STRONG_CLOSING_RE
from drafter.text.sentences import split_sentences

# --- headings ----------------------------------------------------------------------------


@dataclass
class _Block:
    """A body paragraph on its way into the tree."""

    text: str
    line: Line
    marker: Marker | None = None
    head: str | None = None  # heading text without marker or end punctuation
    terminator: str = ""
    rest: str = ""  # paragraph text after a run-in head
    rest_sentences: list[str] | None = None
    run_in: bool = False
    family: str | None = None
    rank: int = 99


_STANDALONE_MAX = 80
_RUN_IN_MAX = 80


def _split_head(block: _Block, after: str) -> None:
    """Standalone heading (the whole paragraph) or run-in head (its first sentence)."""
    sentences = split_sentences(after)
    if len(sentences) <= 1 and len(after) <= _STANDALONE_MAX:
        block.head, block.terminator = _strip_end(after)
        return
    first = sentences[0]
    if len(first) <= _RUN_IN_MAX and first[-1] in "。！？!?":
        block.head, block.terminator = _strip_end(first)
        block.rest = after[len(first):].strip()
        block.rest_sentences = sentences[1:]
        block.run_in = True
        return
    # A long first sentence: the head is its first clause.
    clause = re.split(r"[，；：,;:]", first, maxsplit=1)[0]
    block.head, block.terminator = clause, ""
    block.rest = after[len(clause):].lstrip("，；：,;: ")
    block.run_in = True


def _strip_end(text: str) -> tuple[str, str]:
    text = text.strip()
    end = ""
    while text and text[-1] in "。！？!?；;":
        end = text[-1] + end
        text = text[:-1]
    return text.strip(), end


def _mark_headings(blocks: list[_Block]) -> None:
    markers = [match_marker(b.text) if not b.line.is_title else None for b in blocks]
    # The next marker of the same family after each one, found in one backward pass.
    following: list[Marker | None] = [None] * len(markers)
    seen: dict[str, Marker] = {}
    for i in range(len(markers) - 1, -1, -1):
        marker = markers[i]
        if marker is not None:
            following[i] = seen.get(marker.family)
            seen[marker.family] = marker
    accepted = [False] * len(blocks)
    last_accepted: dict[str, Marker] = {}
    for i, marker in enumerate(markers):
        if marker is None:
            continue
        # Unambiguous markers always count; ambiguous ones (1. 一要 首先) when they
        # continue a run or open one.
        prev = last_accepted.get(marker.family)
        nxt = following[i]
        opens_run = marker.number == 1 and nxt is not None and follows(marker, nxt)
        if marker.unambiguous or (prev and follows(prev, marker)) or opens_run:
            accepted[i] = True
            last_accepted[marker.family] = marker
    for block, marker, ok in zip(blocks, markers, accepted, strict=True):
        if ok and marker:
            block.marker = marker
            block.family = marker.family
            block.rank = marker.rank
            _split_head(block, marker.rest)
        elif block.line.heading_level:
            block.family = STYLE_FAMILY
            block.rank = block.line.heading_level
            block.head, block.terminator = _strip_end(block.text)
        elif block.line.bold_lead:
            block.family = LEAD_FAMILY
            block.rank = LEAD_RANK
            _split_head(block, block.text)


def _paragraph(text: str, sentences: list[str] | None = None) -> Paragraph:
    sentences = sentences if sentences is not None else split_sentences(text)
    return Paragraph(text=text, sentences=sentences, enumeration=_enumeration(text))


def _enumeration(text: str) -> list[EnumItem]:
    """一是… 二是… (or 首先… 其次…) inside one paragraph, when they form a run."""
    return [EnumItem(m.marker, m.text) for m in find_enumeration(text)]


# --- leads -------------------------------------------------------------------------------

_LEAD_MAX = 60
_NOT_A_LEAD_RE = re.compile(
    r"^(?:这|那|但|而|因此|所以|同时|此外|另外|总之|当前|目前|其中|对此|为此|如果|虽然|我们|我|大家|"
    r"他们|它|其|今天|刚才|下面|以上)")


def _lead_sentence(paragraph: Paragraph) -> str | None:
    """The paragraph's first sentence if it reads as an unnumbered run-in head."""
    if len(paragraph.sentences) < 2:
        return None
    first = paragraph.sentences[0]
    body = first[:-1]
    if (first[-1] not in "。！" or not 6 <= len(body) <= _LEAD_MAX
            or re.search(r"[，；：,;:？?\[\]]", body) or _NOT_A_LEAD_RE.match(body)
            or body[0].isdigit()):
        return None
    return first


def _promote_leads(section: Section, level: int, need_parallel: bool = False) -> None:
    """Paragraphs that all open with a short head sentence (typeset in bold in the
    original) become run-in subsections: the pattern of 署名文章 and 研讨发言.  With
    ``need_parallel`` (a speech with no headings at all, where short opening sentences
    are just as likely plain prose) the heads must also share their opening word."""
    paragraphs = section.paragraphs
    leads = [_lead_sentence(p) for p in paragraphs]
    if need_parallel:
        found = [x for x in leads if x]
        openings = Counter(x[:2] for x in found) + Counter(x[:1] for x in found)
        if not found or openings.most_common(1)[0][1] < max(2, 0.6 * len(found)):
            return
    count = sum(1 for x in leads if x)
    first_lead = next((i for i, x in enumerate(leads) if x), None)
    if first_lead is None or count < 2:
        return
    tail = paragraphs[first_lead:]
    if count < 0.6 * len(tail) or first_lead > 2:
        return
    # An opening paragraph whose first sentence is much longer than the heads after it
    # is the section's introduction, not one of the heads.
    others = sorted(len(x) for x in leads[first_lead + 1:] if x)
    if first_lead == 0 and len(others) >= 2 and len(leads[0]) > 1.6 * others[len(others) // 2]:
        leads[0] = None
        first_lead = next((i for i, x in enumerate(leads) if x), None)
        if first_lead is None or count - 1 < 2:
            return
        tail = paragraphs[first_lead:]
    intro = paragraphs[:first_lead]
    children: list[Section] = []
    for paragraph, lead in zip(tail, leads[first_lead:], strict=True):
        if lead or not children:
            head, end = _strip_end(lead or paragraph.sentences[0])
            rest_sentences = paragraph.sentences[1:]
            rest = "".join(rest_sentences)
            child = Section(heading=head, level=level, marker=None, marker_style=LEAD_FAMILY,
                            run_in=True, terminator=end)
            if rest:
                child.paragraphs.append(_paragraph(rest, rest_sentences))
            children.append(child)
        else:
            children[-1].paragraphs.append(paragraph)
    section.paragraphs = intro
    section.children = children


# --- the tree ----------------------------------------------------------------------------


@dataclass
class _Open:
    section: Section
    rank: int


def build_tree(blocks: list[_Block]) -> tuple[list[Paragraph], list[Section]]:
    preamble: list[Paragraph] = []
    top: list[Section] = []
    stack: list[_Open] = []
    for block in blocks:
        if block.head is None:
            paragraph = _paragraph(block.text)
            (stack[-1].section.paragraphs if stack else preamble).append(paragraph)
            continue
        while stack and stack[-1].rank >= block.rank:
            stack.pop()
        section = Section(
            heading=block.head,
            level=len(stack) + 1,
            marker=block.marker.text if block.marker else None,
            marker_style=block.family or "none",
            run_in=block.run_in,
            terminator=block.terminator,
        )
        if block.rest:
            section.paragraphs.append(_paragraph(block.rest, block.rest_sentences))
        (stack[-1].section.children if stack else top).append(section)
        stack.append(_Open(section, block.rank))
    return preamble, top


# --- closing -----------------------------------------------------------------------------

def _take_closing(preamble: list[Paragraph], sections: list[Section]) -> list[Paragraph] | None:
    container = preamble
    if sections:
        last = sections[-1]
        while last.children:
            last = last.children[-1]
        container = last.paragraphs
    if not container:
        return None
    last_is_closing = bool(CLOSING_RE.match(container[-1].text))
    before_is_closing = len(container) >= 2 and bool(CLOSING_RE.match(container[-2].text))
    if last_is_closing:
        take = 2 if before_is_closing else 1
    elif before_is_closing and len(container[-1].text) <= 20:
        take = 2  # 同志们，让我们…！ then a short 谢谢大家！
    else:
        return None
    if take >= len(container) and (not sections or not last.run_in):
        # Neither the whole speech nor the whole of a part (第三个方面，关于…的希望: 希望大家…)
        # is the closing; a strong closer (同志们，让我们…) may still be taken alone.
        if not sections:
            return None
        strong = [p for p in container[-take:] if STRONG_CLOSING_RE.match(p.text)]
        take = min(len(strong), len(container) - 1) or (
            1 if len(container) == 1 and strong else 0)
        if take == 0:
            return None
    closing = container[-take:]
    del container[-take:]
    return closing


# --- putting it together -----------------------------------------------------------------


def _relevel(sections: list[Section], level: int = 1) -> None:
    for section in sections:
        section.level = level
        _relevel(section.children, level + 1)


def structure(lines: list[Line], doc: Document) -> None:
    """Fill ``doc`` from clean lines; what it removes joins ``doc.removed``."""
    body = split_front_matter(lines, doc)

    unbroken = False
    cut = 0  # lines cut into paragraphs at their sentences
    blocks: list[_Block] = []
    for line in body:
        if not line.heading_level and (
                len(line.text) >= UNBROKEN_LINE
                or (len(line.text) >= UNBROKEN_WHOLE_DOCUMENT and len(body) <= 3)
                or (len(line.text) >= 150 and INLINE_CN_RE.search(line.text))):
            parts = segment_unbroken(line.text)
            unbroken = unbroken or len(parts) > 1
            cut += len(parts) > 1
            blocks += [_Block(part, Line(part, line.number)) for part in parts]
        else:
            blocks.append(_Block(line.text, line))
    _mark_headings(blocks)
    preamble, sections = build_tree(blocks)

    if not unbroken:
        leaves = [s for top in sections for s in top.walk() if not s.children]
        for leaf in leaves:
            _promote_leads(leaf, leaf.level + 1)
        if not sections and len(preamble) > 2:
            holder = Section(heading="", level=0)
            holder.paragraphs = preamble
            _promote_leads(holder, 1, need_parallel=True)
            if holder.children:
                preamble, sections = holder.paragraphs, holder.children
    _relevel(sections)
    doc.closing = _take_closing(preamble, sections)
    doc.preamble, doc.sections = preamble, sections
    if unbroken and len(body) > 3:
        # (A text of thousands of lines, a few of them long, had been said to have no
        # line breaks: fuzz pass 3 of stop 69, B-m9.)
        doc.warnings.append(f"{cut} line(s) too long for one paragraph were cut into "
                            "paragraphs at their sentences")
    elif unbroken:
        doc.warnings.append("the text had no line breaks; paragraphs were inferred "
                            "from its sentences")
