"""The part-of-speech tags of jieba's bundled dictionary, read once.

jieba's dict.txt tags every word: ns place names (重庆, 陇西, 岷县), nr person names,
nt organisations, i idioms (成语), l set phrases (习用语), n nouns, v verbs …  Looking a
word up here costs a dict access; tagging running text with jieba.posseg costs seven
times a plain cut.  Mining needs tags only for the few words it is deciding about (is
this four-character unit an idiom? is this word a place?), so it looks them up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], dict[str, int]]:
    # One regular-expression scan of the file, not a split per line in Python: half the
    # time (a second and more on a slow machine).
    rows = _DICTIONARY_ROW_RE.findall(_dictionary_text())
    return {word: tag for word, _, tag in rows}, {word: int(freq) for word, freq, _ in rows}


_DICTIONARY_ROW_RE = re.compile(r"^(\S+) (\d+) (\S+)$", re.M)  # word, frequency, tag


def word_tags() -> dict[str, str]:
    """word → jieba tag, for every word of jieba's general dictionary."""
    return _dictionary()[0]


def word_freq() -> dict[str, int]:
    """word → its frequency in jieba's general dictionary."""
    return _dictionary()[1]


# -- without importing jieba ---------------------------------------------------------
# Assembling a draft or suggesting while the writer types must not wait for jieba:
# importing it and reading its tags took 1.2 s, paid by the first draft of a process
# (every `drafter outline`).  A few regular-expression scans of its dictionary file
# answer what they ask in a tenth of that.


@lru_cache(maxsize=1)
def _dictionary_text() -> str:
    """jieba's dict.txt (word, frequency, tag a line), read where the package is
    installed, without importing it ('' when it is not installed)."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        return ""
    return (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Every word of jieba's general dictionary."""
    return frozenset(re.findall(r"^(\S+) ", _dictionary_text(), re.M))


# (Kept for every tag set the code asks, some ten of them: with room for four, drafting
# evicted and re-scanned the dictionary, a quarter of a second a draft.)
@lru_cache(maxsize=32)
def words_tagged(tags: frozenset[str]) -> frozenset[str]:
    """The words of jieba's general dictionary with one of ``tags`` (n, ns, vn …)."""
    pattern = "|".join(sorted(map(re.escape, tags)))
    return frozenset(re.findall(rf"^(\S+) \d+ (?:{pattern})$", _dictionary_text(), re.M))


def word_at(text: str, start: int, longest: int = 4) -> str:
    """The longest word of the general dictionary that begins ``text[start:]`` (the
    single character there when none does): where a segmenter would cut it, near
    enough for one word."""
    words = dictionary_words()
    for size in range(min(longest, len(text) - start), 1, -1):
        if text[start:start + size] in words:
            return text[start:start + size]
    return text[start:start + 1]


def word_before(text: str, end: int, longest: int = 4) -> str:
    """The longest word of the general dictionary that ends at ``text[:end]`` ('' when
    none of two characters or more does)."""
    words = dictionary_words()
    for size in range(min(longest, end), 1, -1):
        if text[end - size:end] in words:
            return text[end - size:end]
    return ""
