"""Near-duplicate phrases: the same sentence mined twice with a word changed.

Candidates come from an inverted index of character bigrams (a phrase meets only the
phrases it shares enough uncommon bigrams with, MinHash-style, so the work stays near
linear); rapidfuzz's ratio ≥ 90 confirms a pair (TEXT.md: bigram candidates plus
rapidfuzz beat simhash on short Chinese text).  Each group keeps its best phrase (by
score, then id) with every source of the group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from drafter.bank.model import Phrase, normalise

MIN_LENGTH = 8  # shorter phrases merge only when identical
SIMILARITY = 90.0
_COMMON_BIGRAM = 300  # bigrams in more phrases than this say nothing about a pair
_MIN_SHARED = 0.6  # share of a phrase's bigrams another must have to be compared


def merge_near_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    from rapidfuzz import fuzz

    phrases = sorted(phrases, key=lambda p: p.id)
    texts = [normalise(p.text) for p in phrases]
    grams = [set(map(str.__add__, t, t[1:])) if len(t) >= MIN_LENGTH else set() for t in texts]
    frequency: Counter[str] = Counter(g for gs in grams for g in gs)
    index: dict[str, list[int]] = defaultdict(list)
    for i, gs in enumerate(grams):
        for gram in gs:
            if frequency[gram] <= _COMMON_BIGRAM:
                index[gram].append(i)
    parent = list(range(len(phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, gs in enumerate(grams):
        if not gs:
            continue
        shared: Counter[int] = Counter()
        for gram in gs:
            if frequency[gram] <= _COMMON_BIGRAM:
                shared.update(j for j in index[gram] if j > i)
        for j, count in shared.items():
            if (phrases[j].kind == phrases[i].kind
                    and count >= _MIN_SHARED * min(len(gs), len(grams[j]))
                    and fuzz.ratio(texts[i], texts[j]) >= SIMILARITY):
                a, b = find(i), find(j)
                if a != b:
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
