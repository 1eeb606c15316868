"""Heading markers of Chinese official writing and what they say about structure.

The four levels of GB/T 9704 (一、 （一） 1. （1）) plus the markers speeches use:
第一个方面 / 第一部分, 第一，, run-in enumerations 一要… 一是…, and 首先… 其次… 最后.
Each family has a conventional *rank* (smaller = higher); the structure stage turns
ranks into relative levels, so a speech whose top level is 第一个方面 and one whose top
level is 一、 both get level 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.text.numerals import NUMERAL_CHARS, chinese_to_int

_N = f"[{NUMERAL_CHARS}]+"
# The markers that also number items inside a paragraph (一是… 第二，… 首先…), written
# once for both uses: as a paragraph's heading marker (FAMILIES) and as an enumeration
# within running text (_ENUM_RE).  {n} names the group that holds the number.
_ENUM = f"(?P<{{n}}>{_N})(?:是要|要|是)(?=[^，,、。])"
_ORDINAL = f"第(?P<{{n}}>{_N})[，、：,:]"
_SEQUENCE = "(?P<{n}>首先|其次|再次|再者|最后)[，,、：:]?"
_PAREN_ARABIC = r"[（(](?P<{n}>\d{{1,2}})[）)]"
_CIRCLED = "(?P<{n}>[\u2460-\u2473])"
# 一、 but not 一、二季度 or 三、四月份 (a range of numbers, not a heading).
CN_HEAD = f"{_N}、(?!{_N}(?:季度|个?月|年|季|日|号|次|批|类|级|届|等|、))"


@dataclass(frozen=True)
class MarkerFamily:
    name: str
    rank: int
    pattern: re.Pattern[str]
    # Unambiguous families are headings wherever they start a paragraph; the others
    # (1. 一要 首先 …) only when they form a numbered run.
    unambiguous: bool


FAMILIES: tuple[MarkerFamily, ...] = (
    MarkerFamily("part", 0, re.compile(
        f"^第(?P<n>{_N})(?:个方面|个部分|部分|方面|篇|章|讲|专题)(?:[，、：,:]\\s*|\\s+)?"), True),
    MarkerFamily("cn", 1, re.compile(f"^(?=(?P<n>{_N})、){CN_HEAD}\\s*"), True),
    MarkerFamily("paren_cn", 2, re.compile(f"^[（(](?P<n>{_N})[）)]\\s*"), True),
    MarkerFamily("arabic", 3, re.compile(r"^(?P<n>\d{1,3})[.．、](?!\d)\s*"), False),
    MarkerFamily("paren_arabic", 4, re.compile(r"^[（(](?P<n>\d{1,3})[）)]\s*"), True),
    MarkerFamily("circled", 5, re.compile("^(?P<n>[\u2460-\u2473])\\s*"), False),
    MarkerFamily("ordinal", 6, re.compile(f"^{_ORDINAL.format(n='n')}\\s*"), False),
    MarkerFamily("enum", 7, re.compile(f"^{_ENUM.format(n='n')}"), False),
    MarkerFamily("sequence", 7, re.compile(f"^{_SEQUENCE.format(n='n')}\\s*"), False),
)

# 最后 closes a 首先/其次 run whatever its length.
LAST = 99
_SEQUENCE_NUMBERS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "最后": LAST}
STYLE_FAMILY = "style"  # headings known only from a .docx/Markdown heading style
LEAD_FAMILY = "lead"  # unnumbered bold run-in heads
LEAD_RANK = 8


@dataclass(frozen=True)
class Marker:
    family: str
    rank: int
    number: int
    text: str  # the marker as written, e.g. "（一）", "一要", "第一个方面"
    rest: str  # what follows the marker
    unambiguous: bool


def _number(family: str, raw: str) -> int:
    if family == "sequence":
        return _SEQUENCE_NUMBERS[raw]
    if family == "circled":
        return ord(raw) - 0x2460 + 1
    if raw.isdigit():
        return int(raw)
    return chinese_to_int(raw) or 0


_MARKER_FIRST_CHARS = frozenset(NUMERAL_CHARS + "第（(0123456789首其再最" +
                                "".join(chr(c) for c in range(0x2460, 0x2474)))


def match_marker(text: str) -> Marker | None:
    """The heading marker a paragraph opens with, if any."""
    if not text or text[0] not in _MARKER_FIRST_CHARS:
        return None
    for family in FAMILIES:
        m = family.pattern.match(text)
        if not m:
            continue
        number = _number(family.name, m.group("n"))
        if number <= 0:
            continue
        rest = text[m.end():]
        if not rest.strip():
            continue
        return Marker(family.name, family.rank, number, m.group().strip(), rest.strip(),
                      family.unambiguous)
    return None


def follows(prev: Marker | None, cur: Marker) -> bool:
    """Whether ``cur`` continues the numbered run that ``prev`` belongs to."""
    if prev is None or prev.family != cur.family:
        return False
    if cur.family == "sequence":
        return cur.number == LAST or cur.number == prev.number + 1
    return cur.number == prev.number + 1


# In-paragraph enumerations: 一是… 二是…, 第一，… 第二，…, 首先… 其次… 最后…, at the start
# of a sentence or of a clause.  One combined pattern, so a paragraph is scanned once.
_ENUM_FAMILIES = ("enum", "ordinal", "sequence", "paren_arabic", "circled")
_ENUM_PATTERNS = (_ENUM, _ORDINAL, _SEQUENCE, _PAREN_ARABIC, _CIRCLED)
_ENUM_RE = re.compile(
    r"(?:^|[。！？；，：!?;,:])\s*(?P<m>"
    + "|".join(p.format(n=f) for p, f in zip(_ENUM_PATTERNS, _ENUM_FAMILIES, strict=True)) + ")")
# Cheap test that lets most paragraphs skip the scan.
_ENUM_HINT_RE = re.compile(f"[{NUMERAL_CHARS}][是要]|第{_N}[，、：,:]|"
                           r"首先|其次|再次|再者|最后|[（(]\d|[\u2460-\u2473]")
_ITEM_END_RE = re.compile(r"[。！？；，!?;,]")


@dataclass(frozen=True)
class EnumMatch:
    family: str
    number: int
    marker: str
    start: int
    text: str  # the item's head: from the marker to the end of its clause


def find_enumeration(text: str) -> list[EnumMatch]:
    """The longest numbered run of enumeration markers in a paragraph (≥ 2 items)."""
    if not _ENUM_HINT_RE.search(text):
        return []
    by_family: dict[str, list[EnumMatch]] = {}
    for m in _ENUM_RE.finditer(text):
        family = next(f for f in _ENUM_FAMILIES if m.group(f) is not None)
        number = _number(family, m.group(family))
        end = _ITEM_END_RE.search(text, m.end())
        head = text[m.end(): end.start() if end else len(text)].strip()
        if number > 0 and head:
            by_family.setdefault(family, []).append(
                EnumMatch(family, number, m.group("m").strip(), m.start("m"), head))
    best: list[EnumMatch] = []
    for items in by_family.values():
        run: list[EnumMatch] = []
        for item in items:
            if item.number == 1:
                run = [item]
            elif run and (item.number == run[-1].number + 1
                          or (item.family == "sequence" and item.number == LAST)):
                run.append(item)
            else:
                continue
            if len(run) > len(best):
                best = list(run)
    return best if len(best) >= 2 else []


_ENUM_START_RE = re.compile(
    "|".join(p.format(n=f) for p, f in zip(_ENUM_PATTERNS[:4], _ENUM_FAMILIES[:4], strict=True)))


def starts_enumeration(sentence: str) -> bool:
    """Whether a sentence opens with an enumeration marker (一是, 首先, 第二，…)."""
    return _ENUM_START_RE.match(sentence) is not None
