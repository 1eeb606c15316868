"""Paragraphs for text that lost its line breaks: headings cut out at their markers,
prose cut at its topic sentences."""

from __future__ import annotations

import re

from drafter.corpus.headings import CN_HEAD, match_marker, starts_enumeration
from drafter.corpus.patterns import CLOSING_RE
from drafter.text.chars import CJK
from drafter.text.numerals import NUMERAL_CHARS
from drafter.text.sentences import split_sentences

# Sentences that carry on the paragraph before them.
_CONTINUATION_RE = re.compile(
    r"^(?:同时|此外|另外|其次|再次|最后|并且|而且|因此|所以|从而|进而|这|其|对此|为此|由此|"
    r"[二三四五六七八九十]是|第[二三四五六七八九十]|要|需|也|还|但|而|又|并|且|即)")
# Sentences that open a new paragraph whatever their length: the turn to the close.
_PARAGRAPH_OPENER_RE = re.compile(r"^(?:展望未来|综上所述|总之|总而言之|同志们|让我们)")
# A line this long is a text that lost its line breaks; so is a shorter one that is
# (nearly) the whole document.
UNBROKEN_LINE = 1500
UNBROKEN_WHOLE_DOCUMENT = 300


# Where a heading begins inside a text that lost its line breaks: 一、 after a full stop
# (not 一、二季度), （一） after a full stop or straight after a heading's last word.
INLINE_CN_RE = re.compile(f"(?<=[。！？])(?={CN_HEAD})")
_INLINE_PAREN_RE = re.compile(f"(?<=[。！？{CJK}])(?=（[{NUMERAL_CHARS}]+）)")


def _split_inline_headings(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in INLINE_CN_RE.split(text):
        parts = _INLINE_PAREN_RE.split(piece)
        # （一） straight after a word only ends a heading (二、突出抓好…工作（一）…),
        # never a sentence of prose.
        merged = [parts[0]]
        for part in parts[1:]:
            prev = merged[-1]
            heading_only = match_marker(prev) and not any(p in prev for p in "。！？")
            if prev[-1] in "。！？" or heading_only:
                merged.append(part)
            else:
                merged[-1] = prev + part
        pieces += merged
    return [p for p in pieces if p]


def segment_unbroken(text: str) -> list[str]:
    """Cut a text that lost all its line breaks into headings and paragraphs.

    Headings are cut out at their markers; the prose between them is cut at its topic
    sentences: a short, self-standing sentence that is not a continuation opens a
    paragraph once the current one has some body; a paragraph never grows past ~600
    characters."""
    out: list[str] = []
    for piece in _split_inline_headings(text):
        out += _paragraphs_of(piece)
    return out


def _paragraphs_of(text: str) -> list[str]:
    sentences = split_sentences(text)
    paragraphs: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        opens = (len(sentence) <= 40 and sentence.count("，") <= 1
                 and not _CONTINUATION_RE.match(sentence)
                 and not starts_enumeration(sentence)) or bool(_PARAGRAPH_OPENER_RE.match(sentence))
        too_long = size >= 600 and not _CONTINUATION_RE.match(sentence)
        closes = bool(CLOSING_RE.match(sentence)) and size >= 10
        if current and ((opens and size >= 150) or too_long or closes):
            paragraphs.append("".join(current))
            current, size = [], 0
        current.append(sentence)
        size += len(sentence)
    if current:
        paragraphs.append("".join(current))
    return paragraphs
