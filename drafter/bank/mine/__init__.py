"""Documents → phrases, one small extractor per phrase kind.

Every phrase keeps its provenance (file, position, heading path) and the ranked section
types of the passage it came from; placeholders (XX, X月X日, *区) are kept verbatim and
flagged, never filled in.  Exact duplicates merge into one phrase with every source.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.bank.model import PLACEHOLDER_RE, SPEAKERS, Phrase, Source, phrase_id
from drafter.corpus.model import Document, Paragraph, Section

# 习近平总书记深刻指出，“…”  /  毛泽东同志说过：“…”
_QUOTE_RE = re.compile(
    f"(?P<speaker>{SPEAKERS})[^“”。！？]{{0,16}}?"
    r"(?:指出|强调|说过|说|提出|要求|教导我们|告诫我们|讲过|所说|曾说|明确提出|深刻阐明)"
    r"[^“”。！？]{0,6}?[，：:]?\s*“(?P<text>[^“”]{6,240})”")
_TRANSITION_RE = re.compile(r"^(?:下面|接下来|借此机会|为此|在此基础上|基于此|对此)[，,]")
_OPENING_LINE_RE = re.compile(r"(?:今天|这次|本次).{0,12}(?:召开|举行|齐聚|欢聚)|刚才|主要任务|"
                              r"我(?:完全|都)(?:赞同|同意)|根据(?:会议)?安排")
_CLAUSE_SPLIT_RE = re.compile(r"[，、；]")
_CONTRAST_RE = re.compile(r"既.{1,12}又|不是.{1,12}而是|只有.{1,12}才|越是.{1,12}越")


@dataclass
class _Context:
    file: str
    position: int = 0
    segmenter: object = None


def mine_document(doc: Document, segmenter=None) -> list[Phrase]:
    """All phrases of one classified document (see bank.classify.classify_document).
    With a segmenter, 四字格 and set phrases (jieba's idiom tags) are mined too."""
    ctx = _Context(Path(doc.source).name)
    ctx.segmenter = segmenter
    found: list[Phrase] = []
    for paragraph in doc.preamble:
        found += _from_paragraph(paragraph, ctx, "", opening=True)
    for section in doc.sections:
        found += _from_section(section, ctx, [])
    for paragraph in doc.closing or ():
        found += _from_paragraph(paragraph, ctx, "", closing=True)
    return found


def mine_documents(docs: Iterable[Document]) -> list[Phrase]:
    """Phrases of many documents, exact duplicates merged (sources kept)."""
    return merge_duplicates(p for doc in docs for p in mine_document(doc))


def merge_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    by_id: dict[str, Phrase] = {}
    sources: dict[str, set[Source]] = {}
    repeats: dict[str, int] = {}
    for phrase in phrases:
        known = by_id.get(phrase.id)
        if known is None:
            by_id[phrase.id] = phrase
            sources[phrase.id] = set(phrase.sources)
            repeats[phrase.id] = 0
            continue
        sources[phrase.id].update(phrase.sources)
        repeats[phrase.id] += 1
        known.score = max(known.score, phrase.score)
    for key, phrase in by_id.items():
        phrase.sources = sorted(sources[key])
        # Said again and again: a stock phrase, worth a little more (up to +0.2).
        phrase.score = min(1.0, phrase.score + min(0.2, 0.05 * repeats[key]))
    return sorted(by_id.values(), key=lambda p: p.id)


# --- extractors --------------------------------------------------------------------------


def _from_section(section: Section, ctx: _Context, path: list[str]) -> Iterator[Phrase]:
    ctx.position += 1
    here = [*path, f"{section.marker or ''}{section.heading}"]
    where = " › ".join(path)
    kind = "lead" if section.run_in else "heading"
    if section.heading:
        yield _phrase(kind, section.heading, section.section_types, ctx, where,
                      level=section.level, score=_heading_score(section))
    siblings = [c for c in section.children if c.heading]
    if len(siblings) >= 2 and len({c.marker_style for c in siblings}) == 1:
        yield from _parallel(siblings, section, ctx, " › ".join(here))
    for paragraph in section.paragraphs:
        yield from _from_paragraph(paragraph, ctx, " › ".join(here))
    for child in section.children:
        yield from _from_section(child, ctx, here)


def _from_paragraph(paragraph: Paragraph, ctx: _Context, where: str, opening: bool = False,
                    closing: bool = False) -> Iterator[Phrase]:
    ctx.position += 1
    types = paragraph.section_types
    text = paragraph.text
    for match in _QUOTE_RE.finditer(text):
        quote = match.group("text").strip()
        if len(quote) < 10 and quote[-1] not in "。！？":
            continue  # a quoted term (“五大发展理念”), not words someone said
        yield _phrase("quote", quote, types, ctx, where, speaker=match.group("speaker"),
                      score=0.6 + min(len(quote), 80) / 400)
    for sentence in paragraph.sentences:
        if closing:
            yield _phrase("closing", sentence, [("closing", 1.0)], ctx, where, score=0.7)
        elif opening and _OPENING_LINE_RE.search(sentence) and len(sentence) <= 120:
            yield _phrase("opening", sentence, [("opening", 1.0)], ctx, where, score=0.6)
        elif _TRANSITION_RE.match(sentence) and len(sentence) <= 80:
            yield _phrase("transition", sentence, types, ctx, where, score=0.5)
        elif (golden := _golden_score(sentence)) > 0:
            yield _phrase("golden", sentence, types, ctx, where, score=golden)
    if ctx.segmenter is not None:
        for word in _idioms_in(text, ctx.segmenter):
            yield _phrase("idiom", word, types, ctx, where, score=0.5)
    if 80 <= len(text) <= 500 and not opening and not closing and types:
        share = types[0][1]
        yield _phrase("paragraph", text, types, ctx, where, score=0.3 + 0.5 * share)


def _parallel(siblings: list[Section], parent: Section, ctx: _Context,
              where: str) -> Iterator[Phrase]:
    heads = [c.heading for c in siblings]
    frame = shared_frame(heads)
    if not frame:
        return
    text = "；".join(heads)
    types = parent.section_types or siblings[0].section_types
    yield _phrase("parallel", text, types, ctx, where, members=heads, frame=frame,
                  score=0.5 + 0.1 * min(len(heads), 5))


def shared_frame(members: list[str]) -> str:
    """The frame sibling headings share, with their differences as slots:
    突出政治性，以正确的方向引领组织工作 / 突出系统性，以科学的举措推进组织工作 →
    突出{X}性，以{Y}的{Z}组织工作.  Empty when they share too little to be a set."""
    base = members[0]
    keep = [True] * len(base)
    for other in members[1:]:
        matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
        matched = [False] * len(base)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                matched[i] = True
        keep = [k and m for k, m in zip(keep, matched, strict=True)]
    if sum(keep) < 2 or sum(keep) < 0.25 * len(base):
        return ""
    slots = "XYZWUV"
    out: list[str] = []
    slot = 0
    for ch, kept in zip(base, keep, strict=True):
        if kept:
            out.append(ch)
        elif not out or not out[-1].startswith("{"):
            out.append("{" + slots[min(slot, len(slots) - 1)] + "}")
            slot += 1
    return "".join(out)


def _golden_score(sentence: str) -> float:
    """金句: a short sentence built of parallel clauses (出战斗力、出凝聚力、出创造力;
    既要…又要…; 让党放心、让人民满意).  0 when it is not one."""
    body = sentence.rstrip("。！？；")
    if not 8 <= len(body) <= 48 or "“" in body:
        return 0.0
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(body) if c]
    if len(clauses) < 2:
        return 0.0
    lengths = {len(c) for c in clauses}
    same_start = len({c[0] for c in clauses}) == 1 or len({c[:2] for c in clauses}) == 1
    same_end = len({c[-1] for c in clauses}) == 1
    even = max(lengths) - min(lengths) <= 1
    if len(clauses) >= 3 and even and (same_start or same_end):
        return 0.9
    if len(clauses) == 2 and even and same_start and len(clauses[0]) >= 4:
        return 0.7
    if _CONTRAST_RE.search(body) and len(body) <= 36:
        return 0.6
    return 0.0


def _heading_score(section: Section) -> float:
    length = len(section.heading)
    fit = 1.0 if 6 <= length <= 24 else 0.6 if length <= 40 else 0.3
    share = section.section_types[0][1] if section.section_types else 0.0
    return 0.4 * fit + 0.4 * share + (0.2 if section.marker else 0.0)


def _phrase(kind: str, text: str, types, ctx: _Context, where: str, score: float = 0.5,
            **extra) -> Phrase:
    text = text.strip()
    sections = [key for key, _ in (types or [])] or ["key_tasks"]
    placeholders = sorted(set(PLACEHOLDER_RE.findall(text)))
    if placeholders:
        score -= 0.2  # usable only once filled in
    return Phrase(id=phrase_id(kind, text), text=text, kind=kind, sections=sections,
                  score=max(0.0, min(1.0, score)), placeholders=placeholders,
                  sources=[Source(ctx.file, ctx.position, where)], **extra)


_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{4,}")


def _idioms_in(text: str, segmenter) -> list[str]:
    """The idioms in ``text`` that segmentation keeps whole, in order, once each.

    Segmenting every paragraph was most of mining's time, and most runs of Chinese hold
    no idiom at all: look their substrings up first, and segment only a run that has a
    candidate, to make sure the idiom is a word there (实事求是 in 求实事求是的 may not be)."""
    idioms = idiom_words()
    heads = _idiom_heads()
    found: dict[str, None] = {}
    for run in _HAN_RUN_RE.findall(text):
        if any(run[i:i + 4] in heads for i in range(len(run) - 3)):
            found.update((word, None) for word in segmenter.cut(run) if word in idioms)
    return list(found)


@lru_cache(maxsize=1)
def _idiom_heads() -> frozenset[str]:
    """The first four characters of every idiom (all are four or more long): one set
    lookup per position finds every place an idiom could start."""
    return frozenset(word[:4] for word in idiom_words())


@lru_cache(maxsize=1)
def idiom_words() -> frozenset[str]:
    """Words jieba's bundled dictionary tags as idioms (i, four to eight characters) or
    four-character set phrases (l): 真抓实干, 举一反三, 与时俱进 …"""
    import jieba

    words = set()
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3 and ((parts[2] == "i" and 4 <= len(parts[0]) <= 8)
                                    or (parts[2] == "l" and len(parts[0]) == 4)):
                words.add(parts[0])
    return frozenset(words)
