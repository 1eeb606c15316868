"""Documents → phrases, one small extractor per phrase kind.

    heading, lead      the section heads, standalone or run-in (whole, at most 40 characters)
    quote              quotations with their speaker                      (quotes.py)
    golden             金句, sentences quotable on their own               (golden.py)
    idiom              四字格 and set phrases                              (idioms.py)
    opening, transition, closing   the lines that move a speech along    (lines.py)
    parallel           sibling heads, enumerations and lists on one frame  (parallel.py)
    paragraph          范段, whole paragraphs that start and end at sentence ends

Every phrase keeps its provenance (file, position, heading path), its ranked section
types and domains, its salient terms and its specifics (specifics.py: places, units,
people, audiences, dates and figures that bind it to its source).  Placeholders (XX,
X月X日, *区) are kept verbatim and flagged, never filled in.  A news write-up's narration
is mined for the quotations it carries and nothing else.  Exact duplicates merge into one
phrase with every source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drafter.bank.mine.golden import golden_score
from drafter.bank.mine.idioms import idiom_words, keep_recurring, set_phrases_in
from drafter.bank.mine.lines import line_kind
from drafter.bank.mine.parallel import (
    enumeration_set,
    frames_leaving_each_out,
    inline_lists,
    set_frame,
    shared_frame,
)
from drafter.bank.mine.quotes import find_quotes
from drafter.bank.mine.specifics import find_specifics
from drafter.bank.model import (
    MAX_HEADING_LEVEL,
    PLACEHOLDER_RE,
    SCORE_DIGITS,
    Phrase,
    Source,
    kept_sources,
    phrase_id,
)
from drafter.corpus.model import Document, Paragraph, Section
from drafter.corpus.news import reported_words
from drafter.text.chars import CJK, CONTROL_RE, TERMINAL

__all__ = ["finish", "frames_leaving_each_out", "idiom_words", "merge_duplicates",
           "mine_document", "mine_documents", "shared_frame"]

_ENDING = 2  # paragraphs at the end of the body that may hold the closing lines
MAX_HEAD = 40  # a longer head is a sentence with a number, not a heading to reuse
PARAGRAPH_LENGTH = (80, 500)
_PARAGRAPH_START_RE = re.compile(rf"^[{CJK}“（《0-9A-Za-z—]")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_MAX_FIGURES = 6
_LEANS_BACK_RE = re.compile(r"^(?:这|那|其|此|该|上述|以上|因此|所以|但是|但|而且|并且|对此|为此|"
                            r"由此|与此同时|同时|此外|另外)")
_HEAD_TAIL_OPEN = set("的和与及或为在对把以将从向于被让使、，：:“《（—")
# How much a short phrase's own words count against the passage it came from: an idiom
# says little about the job it does, a 40-character 金句 a good deal.
_OWN_HALF = 40
# Filing a phrase: 重点任务 is what every deploying passage also is, so a phrase is filed
# first under a more telling type when that type is nearly as likely (its share against
# key_tasks' share times this).  Search still finds it under both of its first two.
_FILING_DISCOUNT = {"key_tasks": 0.6}


@dataclass
class _Mined:
    phrase: Phrase
    heading: str | None  # the heading above it, as the classifier sees it
    context: tuple[list, list]  # the passage's ranked section types and domains
    own: bool  # classify its own words too (quotes, 金句, lines, sets, idioms)


@dataclass
class _Context:
    file: str
    position: int = 0
    segmenter: object = None
    found: list[_Mined] = field(default_factory=list)
    # The last paragraphs of the body: a report's 各位代表！…让我们… often stays inside
    # its last part instead of standing apart as the closing.
    ending: set[int] = field(default_factory=set)


def mine_document(doc: Document, segmenter=None, classifier=None) -> list[Phrase]:
    """All phrases of one classified document (see bank.classify.classify_document).

    With a segmenter, set phrases are confirmed by segmentation and every phrase gets
    its salient terms and dictionary-tagged specifics; with a classifier, a phrase's
    own words join its passage's in deciding its section types and domains."""
    # (A control character of a file's name is no part of a phrase's source: ESC c in one
    # had reset the terminal of whoever exported the bank as CSV, and the bank's own
    # export was refused by its import: fuzz pass A of stop 65, m6 and m7.)
    ctx = _Context(CONTROL_RE.sub("\ufffd", Path(doc.source).name), segmenter=segmenter)
    body = [p for section in doc.walk() for p in section.paragraphs]
    ctx.ending = {id(p) for p in body[-_ENDING:]}
    for paragraph in doc.preamble:
        _from_paragraph(paragraph, ctx, "", None, "preamble")
    for section in doc.sections:
        _from_section(section, ctx, [])
    closing = list(doc.closing or ())
    for paragraph in closing:
        _from_paragraph(paragraph, ctx, "", None, "closing")
    if classifier is not None:
        _classify(ctx.found, classifier)
    boost = classifier.domain_cues if classifier is not None else frozenset()
    for mined in ctx.found:
        _describe(mined.phrase, segmenter, boost)
    return [m.phrase for m in ctx.found]


def mine_documents(docs: Iterable[Document], segmenter=None, classifier=None) -> list[Phrase]:
    """Phrases of many documents, exact duplicates merged (sources kept), set phrases
    that only one document uses left out."""
    return finish(p for doc in docs for p in mine_document(doc, segmenter, classifier))


def finish(phrases: Iterable[Phrase]) -> list[Phrase]:
    """What a whole corpus decides, once every document is mined: duplicates merged,
    and set phrases that no second document uses dropped."""
    return keep_recurring(merge_duplicates(phrases))


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
        phrase.sources = kept_sources(sources[key])
        # Said again and again: a stock phrase, worth a little more (up to +0.2).
        phrase.score = round(min(1.0, phrase.score + min(0.2, 0.05 * repeats[key])), SCORE_DIGITS)
    return sorted(by_id.values(), key=lambda p: p.id)


# --- extractors --------------------------------------------------------------------------


def _from_section(section: Section, ctx: _Context, path: list[str]) -> None:
    ctx.position += 1
    here = [*path, f"{section.marker or ''}{section.heading}"]
    where = " › ".join(path)
    context = (section.section_types or [], section.domains or [])
    if _whole_head(section.heading):
        _add(ctx, "lead" if section.run_in else "heading", section.heading, context, where,
             parent_heading(path), own=False,
             level=max(1, min(section.level, MAX_HEADING_LEVEL)),  # (what the bank loads)
             score=_heading_score(section))
    siblings = [c for c in section.children if c.heading]
    if len(siblings) >= 2 and len({c.marker_style for c in siblings}) == 1:
        heads = [c.heading for c in siblings]
        frame = set_frame(heads)
        if frame and all(_whole_head(h) for h in heads) and len(set(heads)) == len(heads):
            _add(ctx, "parallel", "；".join(heads), context, " › ".join(here),
                 section.heading, own=True, members=heads, frame=frame,
                 score=0.5 + 0.1 * min(len(heads), 5))
    _dash_runs(section.paragraphs, ctx, " › ".join(here), section.heading)
    for paragraph in section.paragraphs:
        place = "ending" if id(paragraph) in ctx.ending else "body"
        _from_paragraph(paragraph, ctx, " › ".join(here), section.heading, place)
    for child in section.children:
        _from_section(child, ctx, here)


def _from_paragraph(paragraph: Paragraph, ctx: _Context, where: str, heading: str | None,
                    place: str) -> None:
    ctx.position += 1
    context = (paragraph.section_types or [], paragraph.domains or [])
    text = paragraph.text
    for quote in find_quotes(text):
        _add(ctx, "quote", quote.text, context, where, heading, own=True,
             speaker=quote.speaker, score=0.6 + min(len(quote.text), 80) / 400)
    for sentence in paragraph.sentences:
        # Words a frame reports without quotation marks (习近平指出，不忘初心，方得始终。):
        # quotable on their own as a 金句, the frame left behind.
        words = reported_words(sentence)
        if words and (golden := golden_score(words)) > 0:
            _add(ctx, "golden", words, context, where, heading, own=True, score=golden)
    if paragraph.narration:
        return  # a reporter's words: only what it quotes or reports is a phrase
    closes = False
    for number, sentence in enumerate(paragraph.sentences):
        kind = line_kind(sentence, place, first=number == 0)
        closes = closes or kind == "closing"
        if kind:
            _add(ctx, kind, sentence, context, where, heading, own=True,
                 score={"opening": 0.6, "transition": 0.55, "closing": 0.7}[kind])
        elif (golden := golden_score(sentence)) > 0:
            _add(ctx, "golden", sentence, context, where, heading, own=True, score=golden)
    for members, frame in inline_lists(text):
        _add(ctx, "parallel", "、".join(members), context, where, heading, own=True,
             members=members, frame=frame, score=0.5 + 0.05 * min(len(members), 6))
    if paragraph.enumeration:
        found = enumeration_set([item.text for item in paragraph.enumeration])
        if found:
            members, frame = found
            _add(ctx, "parallel", "；".join(members), context, where, heading, own=True,
                 members=members, frame=frame, score=0.5 + 0.1 * min(len(members), 5))
    for word in set_phrases_in(text, ctx.segmenter):
        _add(ctx, "idiom", word, context, where, heading, own=True, score=0.5)
    if place in ("body", "ending") and not closes and _whole_paragraph(text) \
            and paragraph.section_types:
        share = paragraph.section_types[0][1]
        _add(ctx, "paragraph", text, context, where, heading, own=False,
             score=0.3 + 0.5 * share)


def _dash_runs(paragraphs: list[Paragraph], ctx: _Context, where: str,
               heading: str | None) -> None:
    """Paragraphs that each open with a dash (——中国将推动…): their first clauses,
    when they share a frame, as one parallel set."""
    run: list[Paragraph] = []
    for paragraph in [*paragraphs, None]:
        if paragraph is not None and paragraph.text.startswith("——") and not paragraph.narration:
            run.append(paragraph)
            continue
        if len(run) >= 3:
            heads = [re.split(r"[，。；：]", p.text[2:], maxsplit=1)[0] for p in run]
            frame = set_frame(heads)
            if frame and all(4 <= len(h) <= MAX_HEAD for h in heads) \
                    and len(set(heads)) == len(heads):
                first = run[0]
                _add(ctx, "parallel", "；".join(heads),
                     (first.section_types or [], first.domains or []), where, heading,
                     own=True, members=heads, frame=frame, score=0.6)
        run = []


def _add(ctx: _Context, kind: str, text: str, context: tuple[list, list], where: str,
         heading: str | None, own: bool, score: float = 0.5, **extra) -> None:
    text = text.strip()
    sections = _ranked_keys(dict(context[0]), discount=_FILING_DISCOUNT) or ["key_tasks"]
    placeholders = sorted(set(PLACEHOLDER_RE.findall(text)))
    if placeholders:
        score -= 0.2  # usable only once filled in
    phrase = Phrase(id=phrase_id(kind, text), text=text, kind=kind, sections=sections,
                    domains=[key for key, _ in context[1]],
                    score=round(max(0.0, min(1.0, score)), SCORE_DIGITS),
                    placeholders=placeholders,
                    sources=[Source(ctx.file, ctx.position, where)], **extra)
    ctx.found.append(_Mined(phrase, heading, context, own))


def parent_heading(path: list[str]) -> str | None:
    return path[-1] if path else None


def _whole_head(heading: str) -> bool:
    """A heading worth reusing: whole (not cut off mid-phrase), one sentence, not a
    paragraph that happens to be numbered."""
    return (2 <= len(heading) <= MAX_HEAD and heading[-1] not in _HEAD_TAIL_OPEN
            and not any(p in heading for p in TERMINAL))


def _whole_paragraph(text: str) -> bool:
    """A 范段: of a reusable length, starting a sentence and ending one, and not leaning
    on what came before it (这是关系全局的大事… points back to a head cut off above)."""
    low, high = PARAGRAPH_LENGTH
    figures = len(_NUMBER_RE.findall(text))
    return (low <= len(text) <= high and bool(_PARAGRAPH_START_RE.match(text))
            and not _LEANS_BACK_RE.match(text) and text.rstrip("”’）》")[-1:] in TERMINAL
            and figures < _MAX_FIGURES)  # a page of statistics argues nothing


def _heading_score(section: Section) -> float:
    length = len(section.heading)
    fit = 1.0 if 6 <= length <= 24 else 0.6 if length <= MAX_HEAD else 0.3
    share = section.section_types[0][1] if section.section_types else 0.0
    return 0.4 * fit + 0.4 * share + (0.2 if section.marker else 0.0)


# --- what each phrase does and is about --------------------------------------------------


def _classify(found: list[_Mined], classifier) -> None:
    """Section types and domains of phrases whose own words count: the classifier's
    reading of the phrase, weighed against its passage's by the phrase's length."""
    own = [m for m in found if m.own]
    if not own:
        return
    # A set phrase is read without its heading: 真抓实干 under 抓好安全生产 is no more
    # about safety than under any other heading.
    scored = classifier.scores([m.phrase.text for m in own],
                               [None if m.phrase.kind == "idiom" else m.heading for m in own])
    for mined, (sections, domains) in zip(own, scored, strict=True):
        weight = len(mined.phrase.text) / (len(mined.phrase.text) + _OWN_HALF)
        phrase = mined.phrase
        if phrase.kind not in ("opening", "closing"):
            # A set phrase's job is in its own words (实事求是: 工作方法) more than in the
            # paragraph around it.
            section_weight = max(weight, 0.6) if phrase.kind == "idiom" else weight
            phrase.sections = _ranked_keys(_mix(sections, mined.context[0], section_weight),
                                           discount=_FILING_DISCOUNT) or phrase.sections
        else:
            phrase.sections = [phrase.kind]
        # A set phrase is not about the paragraph it sits in (攻坚克难 in a paragraph on
        # the economy): its domains are its own words' alone.
        domain_weight = 1.0 if phrase.kind == "idiom" else weight
        phrase.domains = _ranked_keys(_mix(domains, mined.context[1], domain_weight))


def _mix(own: dict[str, float], context: list, weight: float) -> dict[str, float]:
    passage = dict(context)
    keys = set(own) | set(passage)
    return {k: weight * own.get(k, 0.0) + (1 - weight) * passage.get(k, 0.0) for k in keys}


def _ranked_keys(shares: dict[str, float], limit: int = 5, floor: float = 0.03,
                 discount: dict[str, float] | None = None) -> list[str]:
    weighed = {k: v * (discount or {}).get(k, 1.0) for k, v in shares.items() if v >= floor}
    ordered = sorted(weighed.items(), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in ordered[:limit]]


def _describe(phrase: Phrase, segmenter, boost: frozenset[str]) -> None:
    """Salient terms (``boost``: words that name a subject) and specifics (jieba's tags,
    when there is a segmenter to cut the text into the words they tag)."""
    from drafter.text.terms import salient_terms

    words = segmenter.cut(phrase.text) if segmenter is not None else None
    phrase.specifics = [s.to_list() for s in find_specifics(phrase.text, words)]
    if phrase.specifics:
        phrase.score = max(0.0, phrase.score - 0.15)  # usable only with its slots filled
    if words is not None and phrase.kind != "idiom":
        phrase.terms = salient_terms(phrase.text, words, boost)
