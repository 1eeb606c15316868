"""Salient terms: the few words that say what a passage is about.

A word counts by how often the passage uses it times how rare it is in general Chinese:
the inverse document frequencies jieba ships with its keyword extractor (jieba/analyse/
idf.txt, computed on a large general corpus), so the same phrase always gets the same
terms, whatever else was mined with it.  Words every speech uses (工作, 发展, 加强, 推进)
are rare nowhere and drop out by their low IDF; a word jieba's table does not know (a
domain word such as 两个维护, or a name) counts as rare.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_WORD_RE = re.compile("[\u4e00-\u9fff]{2,}")
_UNKNOWN_IDF = 10.0  # a word the general table lacks: rarer than most
_MIN_IDF = 6.0  # below this a word is everyday vocabulary (坚持 5.8, 推进 5.7, 工作 4.2)
MAX_TERMS = 5


@lru_cache(maxsize=1)
def general_idf() -> dict[str, float]:
    """jieba's general-Chinese IDF table (loaded once per process, ~0.2 s)."""
    from importlib.resources import files

    table: dict[str, float] = {}
    text = files("jieba").joinpath("analyse", "idf.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, _, value = line.partition(" ")
        try:
            table[word] = float(value)
        except ValueError:
            continue
    return table


def salient_terms(text: str, words: list[str], boost: frozenset[str] = frozenset(),
                  limit: int = MAX_TERMS) -> list[str]:
    """The words of ``text`` (cut into ``words`` by the segmenter) that best say what
    it is about, best first.  ``boost``: words that name a subject outright (domain cue
    words) count half again."""
    idf = general_idf()
    counts = Counter(word for word in words if _WORD_RE.fullmatch(word))
    scored = []
    for word, count in counts.items():
        weight = idf.get(word, _UNKNOWN_IDF)
        if weight < _MIN_IDF:
            continue
        if word in boost:
            weight *= 1.5
        scored.append((-(count * weight), text.index(word), word))
    return [word for *_, word in sorted(scored)[:limit]]
