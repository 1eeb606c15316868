"""Near-duplicate phrases: the same sentence mined twice with a word changed.

Candidates come from MinHash LSH: each phrase's signature is the eight of its
character bigrams with the smallest hashes, cut into four bands of two; only phrases of
the same kind that agree on a whole band are compared, so the work stays near linear; rapidfuzz's
ratio ≥ 90 confirms a pair (measured here: bigram candidates plus
rapidfuzz beat simhash on short Chinese text).  Each group keeps its best phrase (by
score, then id) with every source of the group.
"""

from __future__ import annotations

import heapq
import zlib
from collections import defaultdict
from collections.abc import Iterable

from drafter.bank.model import Phrase, normalise

MIN_LENGTH = 8  # shorter phrases merge only when identical
SIMILARITY = 90.0
_SIGNATURE = 8  # bigrams kept per phrase: the ones with the smallest hashes (MinHash)
_BAND = 2  # LSH bands: phrases are compared when a band of 2 signature bigrams matches


def _signature(text: str) -> list[str]:
    grams = set(map(str.__add__, text, text[1:]))
    # (crc32, bigram) pairs built by map/zip in C: no Python call per bigram.
    hashed = zip(map(zlib.crc32, map(str.encode, grams)), grams, strict=True)
    return [gram for _, gram in heapq.nsmallest(_SIGNATURE, hashed)]


def merge_near_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    from rapidfuzz import fuzz

    phrases = sorted(phrases, key=lambda p: p.id)
    texts = [normalise(p.text) for p in phrases]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, (phrase, text) in enumerate(zip(phrases, texts, strict=True)):
        if len(text) < MIN_LENGTH:
            continue
        signature = _signature(text)
        for band in range(0, len(signature) - _BAND + 1, _BAND):
            buckets[(phrase.kind, band, *signature[band:band + _BAND])].append(i)
    parent = list(range(len(phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # ratio = 2·matches / (len a + len b) ≥ 90 needs the shorter text to be at least
    # this share of the longer one: a cheap test that skips most pairs.
    min_share = SIMILARITY / (200 - SIMILARITY)
    compared: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) in compared:
                    continue
                compared.add((i, j))
                a, b = find(i), find(j)
                if a == b:
                    continue
                short, long = sorted((len(texts[i]), len(texts[j])))
                if short < min_share * long:
                    continue
                if fuzz.ratio(texts[i], texts[j], score_cutoff=SIMILARITY):
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Phrase]] = defaultdict(list)
    for i, phrase in enumerate(phrases):
        groups[find(i)].append(phrase)
    merged = []
    for members in groups.values():
        best = min(members, key=lambda p: (-p.score, p.id))
        if len(members) > 1:
            best.sources = sorted({s for p in members for s in p.sources})
        merged.append(best)
    return sorted(merged, key=lambda p: p.id)
