"""Salient terms: the few words that say what a passage is about.

A word counts by how often the passage uses it times how rare it is in official speech:
drafter/text/speech_idf.txt, counted over the paragraphs of an archive of speeches and
reports (training/build_idf.py).  General-Chinese rarity (the IDF table jieba ships for
its keyword extractor) would call 确保, 压实 and 责任 rare, and they are what every
speech says; it still rates a word speech never used (a name, a new term).  Words every
speech uses fall below ``MIN_IDF`` and drop out; the same phrase always gets the same
terms, whatever else was mined with it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from drafter.text.chars import CJK

SPEECH_IDF_FILE = Path(__file__).with_name("speech_idf.txt")
_WORD_RE = re.compile(f"[{CJK}]{{2,}}")
# A word in one speech paragraph in 40 or more (发展, 工作, 坚持, 确保, 责任) says
# nothing of what one is about.
MIN_IDF = 3.8
_UNSEEN_IDF = 7.0  # a word the speech table lacks, when general Chinese knows it as rare
MAX_TERMS = 5
# Function words say nothing about a subject however rare they are (有些, 以后, 事先):
# adverbs, pronouns, conjunctions, prepositions, particles, place and time words,
# numbers and measures, interjections (jieba's tags).
_FUNCTION_TAGS = frozenset({"d", "ad", "r", "c", "p", "u", "uj", "ul", "f", "t", "m", "mq", "q",
                            "y", "e", "o"})


@lru_cache(maxsize=1)
def speech_idf() -> dict[str, float]:
    table: dict[str, float] = {}
    if SPEECH_IDF_FILE.is_file():
        for line in SPEECH_IDF_FILE.read_text(encoding="utf-8").splitlines():
            word, _, value = line.partition("\t")
            if value and not word.startswith("#"):
                table[word] = float(value)
    return table


@lru_cache(maxsize=1)
def rare_general_pairs() -> frozenset[str]:
    """The words of two characters jieba's general table rates rare (IDF 8 or more:
    保密 8.1, 家风 10.8; not 分钟 6.7), found by one scan of the file, a third of the time
    of reading the whole table (a topic asks this while its draft is assembled)."""
    return frozenset(re.findall(r"^(\S\S) (?:[89]|1\d)\.", _general_table_text(), re.M))


def _general_table_text() -> str:
    """jieba's IDF file, read where the package is installed without importing it: a
    draft is assembled without the segmenter, and importing jieba loads it."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        return ""
    return (Path(spec.origin).parent / "analyse" / "idf.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def general_idf() -> dict[str, float]:
    """jieba's general-Chinese IDF table (loaded once per process, ~0.2 s)."""
    table: dict[str, float] = {}
    text = _general_table_text()
    for line in text.splitlines():
        word, _, value = line.partition(" ")
        try:
            table[word] = float(value)
        except ValueError:
            continue
    return table


def rarity(word: str, general: bool = True) -> float:
    """How rare ``word`` is in speech; for a word the speech table lacks, general
    Chinese decides between rare (a name, a new term) and everyday.  ``general=False``
    takes such a word as rare without loading jieba's table (assembling a draft)."""
    known = speech_idf().get(word)
    if known is not None:
        return known
    if not general:
        return _UNSEEN_IDF
    return _UNSEEN_IDF if general_idf().get(word, 12.0) >= 6.0 else MIN_IDF - 1


def salient_terms(text: str, words: list[str], boost: frozenset[str] = frozenset(),
                  limit: int = MAX_TERMS) -> list[str]:
    """The words of ``text`` (cut into ``words`` by the segmenter) that best say what
    it is about, best first.  ``boost``: words that name a subject outright (domain cue
    words) count half again."""
    from drafter.text.wordtags import word_tags

    tags = word_tags()
    counts = Counter(word for word in words
                     if _WORD_RE.fullmatch(word) and tags.get(word) not in _FUNCTION_TAGS)
    scored = []
    for word, count in counts.items():
        weight = rarity(word)
        if weight < MIN_IDF:
            continue
        if word in boost:
            weight *= 1.5
        scored.append((-(count * weight), text.index(word), word))
    return [word for *_, word in sorted(scored)[:limit]]


# How rare a word of a heading must be to say what goes under it (理论武装 5.6, 隐患 6.5;
# 加强, 推动, 工作 are far below).
_CONTENT_IDF = 4.5


@lru_cache(maxsize=8192)
def content_words(text: str, stop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words of a short text (a heading) that say what it is about, longest first:
    the speech table's words of two to four characters found in it, rare enough to carry
    a subject, none inside a longer one found (在强化理论武装上下功夫 → 理论武装, …).
    A dictionary scan, not the segmenter: a draft is assembled without loading jieba."""
    table = speech_idf()
    found: list[str] = []
    for size in (4, 3, 2):
        for start in range(len(text) - size + 1):
            word = text[start:start + size]
            if (table.get(word, 0.0) >= _CONTENT_IDF and word not in stop
                    and not any(word in longer for longer in found)):
                found.append(word)
    return tuple(found)
