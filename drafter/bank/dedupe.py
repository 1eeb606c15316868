"""Near-duplicate phrases: the same sentence mined twice with a word changed.

Pairs nearly the same (drafter.text.similar: MinHash candidates, rapidfuzz ratio ≥ 90)
among phrases of one kind are grouped; each group keeps its best phrase (by score, then
id) with every source of the group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from drafter.bank.model import Phrase, normalise
from drafter.text.similar import similar_pairs


def merge_near_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    phrases = sorted(phrases, key=lambda p: p.id)
    texts = [normalise(p.text) for p in phrases]
    parent = list(range(len(phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in similar_pairs(texts, [p.kind for p in phrases]):
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
