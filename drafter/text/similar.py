"""Nearly the same text: the one definition the phrasebank's merging of near-duplicates
and the check for a sentence said twice share.

Candidates come from MinHash LSH: each text's signature is the eight of its character
bigrams with the smallest hashes, cut into four bands of two; only texts that agree on a
whole band (and on their group key, when given) are compared, and within a band only
with their neighbours by length, so the work stays linear even when thousands of texts
are alike (10,000 near-identical headings had taken 26 s and 2.9 GB compared pairwise).
rapidfuzz's ratio confirms a pair (bigram candidates plus rapidfuzz beat simhash on short
Chinese text).
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterator, Sequence
from functools import lru_cache

SIMILARITY = 90.0  # rapidfuzz ratio from which two texts are nearly the same
MIN_LENGTH = 8  # shorter texts are only ever the same, never nearly
_SIGNATURE = 8  # bigrams kept per text: the ones with the smallest hashes (MinHash)
_BAND = 2  # compared when a band of 2 signature bigrams matches
_WINDOW = 8  # neighbours by length a text is compared with inside one band
_DIGITS_RE = re.compile(r"\d+")
_SHORT = 20  # characters: shorter texts with one changed are other phrases (_other_word)
# Texts whose names and figures are remembered (_names_in, _figures): every sentence of a
# 20,000-sentence document, which 16,384 had not held, found again for each of its
# 356,000 near pairs (fuzz pass, stop 60: its check past 5 s).
_TEXTS_REMEMBERED = 65_536


def _other_word(a: str, b: str) -> bool:
    """Whether two short texts differ by a character put in place of another, which
    makes another word of it (深化一窗通办改革 and 深化一网通办改革, 按需分配 and 按劳
    分配): said again with a word added or left out (把群众冷暖放在心上 and 始终把…) they
    are the same, but a new user found different measures merged as one."""
    from rapidfuzz.distance import Levenshtein

    if _figures(a)[0] != _figures(b)[0]:
        # Another year or figure is another phrase: 2009年主要任务 and 2010年主要任务 had
        # been offered as one at 80 (new user).
        return True
    if _other_name(a, b):
        return True
    if min(len(a), len(b)) >= _SHORT:
        return False  # a long sentence with a character changed is still the same one
    return any(op.tag == "replace" for op in Levenshtein.editops(a, b))


# Names jieba's dictionary tags as a person (nr, nrfg, nrt), a place (ns) or a body (nt).
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})
# …that every speech says, and that two sayings of one sentence swap (中国 and 我国), or
# that the tag puts on everyday words (美丽中国, 英雄).
_COMMON_NAMES = frozenset("中国 中华 全国 世界 全球 国家 美丽 英雄 大国 党中央 中央".split())
_NUMERAL_RE = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿]+(?=[年届次个项倍大%])")


def _other_name(a: str, b: str) -> bool:
    """Whether two texts differ where one names a person, a place, a body or a count the
    other does not (过去一年…以习近平同志为… and 过去五年…以胡锦涛同志为…; 向匈牙利政府 and
    向秘鲁政府): a new user found such pairs offered as one at 80, a merge that would tie
    a passage to another leader or country.  (A name of one not found in the other must
    take in a character the two differ by.)"""
    if any(name not in b for name in _names_in(a)) or any(
            name not in a for name in _names_in(b)):
        return True
    return _figures(a)[1] != _figures(b)[1]


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def _names_in(text: str) -> frozenset[str]:
    """The words of 2-4 characters in ``text`` that name a person, a place or a body.
    Found once per text: looked for around each difference of each pair, 600 imported
    paragraphs of 2,000 characters near the same had taken 39 s to merge (fuzz pass
    67)."""
    from drafter.text.wordtags import words_tagged

    # (The names alone, found by one scan of the dictionary: reading every word's tag
    # took a 20,000-sentence draft's check several times as long.)
    names = words_tagged(_NAME_TAGS)
    return frozenset(word for start in range(len(text) - 1)
                     for word in (text[start:start + n] for n in (2, 3, 4))
                     if word in names and word not in _COMMON_NAMES)


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def _figures(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The figures ``text`` writes in digits, and the counts it names (五年, 二十届)."""
    return tuple(_DIGITS_RE.findall(text)), tuple(_NUMERAL_RE.findall(text))


def _signature(text: str) -> list[str]:
    grams = set(map(str.__add__, text, text[1:]))
    # (crc32, bigram) pairs built by map/zip in C: no Python call per bigram.
    hashed = zip(map(zlib.crc32, map(str.encode, grams)), grams, strict=True)
    return [gram for _, gram in heapq.nsmallest(_SIGNATURE, hashed)]


def similar_pairs(texts: Sequence[str], groups: Sequence[Hashable] | None = None,
                  similarity: float = SIMILARITY) -> Iterator[tuple[int, int, float]]:
    """(i, j, score) with i < j for texts at least ``similarity`` alike, each pair once;
    texts of different ``groups`` (a phrase's kind) are never paired.  Texts shorter
    than MIN_LENGTH are left out."""
    from rapidfuzz import fuzz

    if similarity < SIMILARITY:
        # The bands of 2 of 8 MinHash bigrams are tuned to find texts 90 alike; looser
        # pairs (促进区域协调发展 and 促进区域经济协调发展, 89) they mostly miss.  A
        # maintainer's looser request compares every pair of a group when it is small
        # enough to (rapidfuzz's cdist in C, all cores: 4,000 paragraphs in seconds).
        yield from _all_pairs(texts, groups, similarity)
        return
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if len(text) < MIN_LENGTH:
            continue
        signature = _signature(text)
        group = groups[i] if groups is not None else None
        for band in range(0, len(signature) - _BAND + 1, _BAND):
            buckets[(group, band, *signature[band:band + _BAND])].append(i)
    # ratio = 2·matches / (len a + len b) ≥ similarity needs the shorter text to be at
    # least this share of the longer one: a cheap test that skips most pairs.
    min_share = similarity / (200 - similarity)
    compared: set[tuple[int, int]] = set()
    for members in buckets.values():
        members.sort(key=lambda i: (len(texts[i]), i))
        for x, i in enumerate(members):
            for j in members[x + 1:x + 1 + _WINDOW]:
                pair = (i, j) if i < j else (j, i)
                if pair in compared:
                    continue
                compared.add(pair)
                short, long = sorted((len(texts[i]), len(texts[j])))
                if short < min_share * long:
                    break  # sorted by length: the rest of the window is longer still
                score = fuzz.ratio(texts[i], texts[j], score_cutoff=similarity)
                if score and not _other_word(texts[i], texts[j]):
                    yield (*pair, score)


ALL_PAIRS_UP_TO = 6000  # texts of one group compared every pair with every other
# …and characters compared in all, over every group (pairs times mean length, see
# _scored): a kind of 6,000 headings of 38 characters is some 1.4 billion, 6 s; 5,984 of
# the bank's paragraphs (mean 150 characters) had been 5.4 billion and 53 s (fuzz pass
# 66), six full kinds of headings 26 s.  Groups past it, in order, are grouped as at
# SIMILARITY.
ALL_PAIRS_WORK = 1_500_000_000
# A text told apart by a word from this many of its most alike texts in other components
# is taken to differ from the rest of them too (see _alike_labels).
_TOLD_APART = 32


def similar_components(texts: Sequence[str], groups: Sequence[Hashable] | None = None,
                       similarity: float = SIMILARITY) -> list[int]:
    """For each text, a label shared by the texts joined to it by pairs at least
    ``similarity`` alike (similar_pairs' pairs), directly or through others.

    A pair inside a component already joined is not confirmed again (_other_word is
    Python, run per pair): at a maintainer's looser similarity, 3,471 near-identical
    headings are 6 million pairs alike, whose confirming one by one had run for minutes
    (fuzz pass 63).  The components are those of every pair, but for a text told apart
    from its _TOLD_APART most alike texts of other components: it is not joined to
    their further members (a bound on adversarial input; see _alike_labels)."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    if similarity >= SIMILARITY:
        for i, j, _ in similar_pairs(texts, groups, similarity):
            join(i, j)
        return [find(i) for i in range(len(texts))]
    members = _members(texts, groups)
    scored = _scored(members, texts)
    for key, indexes in members.items():
        chosen = [texts[i] for i in indexes]
        if key not in scored:
            for a, b, _ in similar_pairs(chosen, None, SIMILARITY):
                join(indexes[a], indexes[b])
            continue
        for a, label in enumerate(_alike_labels(chosen, similarity)):
            join(indexes[a], indexes[label])
    return [find(i) for i in range(len(texts))]


def all_pairs_groups(texts: Sequence[str], groups: Sequence[Hashable] | None
                     ) -> set[Hashable]:
    """The groups (kinds) whose every pair is scored at a looser similarity: each of at
    most ALL_PAIRS_UP_TO texts, in the order of their keys while ALL_PAIRS_WORK lasts."""
    return _scored(_members(texts, groups), texts)


def unscored_groups(texts: Sequence[str], groups: Sequence[Hashable] | None
                    ) -> dict[Hashable, int]:
    """The groups a looser similarity does not reach (see all_pairs_groups), each with
    the number of its texts long enough to compare: they are grouped as at SIMILARITY."""
    members = _members(texts, groups)
    scored = _scored(members, texts)
    return {key: len(indexes) for key, indexes in members.items() if key not in scored}


def _scored(members: dict[Hashable, list[int]], texts: Sequence[str]) -> set[Hashable]:
    left = ALL_PAIRS_WORK
    scored = set()
    for key, indexes in sorted(members.items(), key=lambda kv: str(kv[0])):
        # Pairs × mean length, a long text counted once per 64 characters of the other:
        # rapidfuzz compares a text 64 characters at a time (a machine word), so two
        # 2,000-character paragraphs cost 32 times their length (600 of them, imported,
        # had taken 39 s at 80: fuzz pass 67).
        work = len(indexes) * sum(len(texts[i]) * -(-len(texts[i]) // 64) for i in indexes)
        if len(indexes) <= ALL_PAIRS_UP_TO and work <= left:
            scored.add(key)
            left -= work
    return scored


def _members(texts: Sequence[str], groups: Sequence[Hashable] | None
             ) -> dict[Hashable, list[int]]:
    """The indexes of the texts long enough to compare, by group."""
    members: dict[Hashable, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if len(text) >= MIN_LENGTH:
            members[groups[i] if groups is not None else None].append(i)
    return members


def _alike_labels(texts: Sequence[str], similarity: float) -> list[int]:
    """For each of ``texts``, the index of a text of its component (see
    similar_components), every pair scored at once (rapidfuzz's cdist, in C); a pair is
    confirmed only when it would join two components, each row's candidates picked by
    numpy (a component relabels its smaller side when two join)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=similarity,
                           workers=-1, dtype="uint8")
    label = np.arange(len(texts))
    members = {i: [i] for i in range(len(texts))}
    for a in range(len(texts)):
        alike = np.flatnonzero(scores[a, a + 1:]) + a + 1
        alike = alike[label[alike] != label[a]]
        # Most alike first, and only so many told apart by _other_word (Python, some 20
        # µs a pair): 5,900 headings alike at 70 whose pairs mostly differ by a word had
        # asked it 17 million times, for minutes (fuzz pass 65).
        alike = alike[np.argsort(-scores[a, alike], kind="stable")]
        told_apart = 0
        for b in alike:
            if label[b] == label[a]:
                continue
            if _other_word(texts[a], texts[b]):
                told_apart += 1
                if told_apart >= _TOLD_APART:
                    break
                continue
            keep, gone = int(label[a]), int(label[b])
            if len(members[keep]) < len(members[gone]):
                keep, gone = gone, keep
            label[members[gone]] = keep
            members[keep] += members.pop(gone)
    return [int(x) for x in label]


def _all_pairs(texts: Sequence[str], groups: Sequence[Hashable] | None,
               similarity: float) -> Iterator[tuple[int, int, float]]:
    """similar_pairs by comparing every pair within each group all_pairs_groups names;
    another group's pairs are found as at 90 (its bands)."""
    from rapidfuzz import fuzz, process

    found: list[tuple[int, int, float]] = []
    members = _members(texts, groups)
    scored = _scored(members, texts)
    for key, indexes in members.items():
        chosen = [texts[i] for i in indexes]
        if key not in scored:
            found += [(indexes[a], indexes[b], score)
                      for a, b, score in similar_pairs(chosen, None, SIMILARITY)]
            continue
        scores = process.cdist(chosen, chosen, scorer=fuzz.ratio, score_cutoff=similarity,
                               workers=-1, dtype="uint8")
        for a, b in zip(*scores.nonzero(), strict=True):
            if a < b and not _other_word(chosen[a], chosen[b]):
                found.append((indexes[a], indexes[b], float(scores[a, b])))
    yield from sorted(found)
