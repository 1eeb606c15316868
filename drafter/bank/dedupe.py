"""Near-duplicate phrases: the same sentence mined twice with a word changed.

Candidates come from MinHash-style signatures: each phrase is indexed under the eight
of its character bigrams with the smallest hashes, and only phrases of the same kind
sharing three of them are compared, so the work stays near linear; rapidfuzz's
ratio ≥ 90 confirms a pair (TEXT.md: bigram candidates plus
rapidfuzz beat simhash on short Chinese text).  Each group keeps its best phrase (by
score, then id) with every source of the group.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

from drafter.bank.model import Phrase, normalise

MIN_LENGTH = 8  # shorter phrases merge only when identical
SIMILARITY = 90.0
_SIGNATURE = 8  # bigrams kept per phrase: the ones with the smallest hashes (MinHash)
_MIN_SHARED = 3  # signature bigrams two phrases must share to be compared


def _signature(text: str) -> list[str]:
    grams = set(map(str.__add__, text, text[1:]))
    return sorted(grams, key=lambda g: (zlib.crc32(g.encode()), g))[:_SIGNATURE]


def merge_near_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    from rapidfuzz import fuzz

    phrases = sorted(phrases, key=lambda p: p.id)
    texts = [normalise(p.text) for p in phrases]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    signatures: list[list[str]] = []
    for i, (phrase, text) in enumerate(zip(phrases, texts, strict=True)):
        signature = _signature(text) if len(text) >= MIN_LENGTH else []
        signatures.append(signature)
        for gram in signature:
            index[(phrase.kind, gram)].append(i)
    parent = list(range(len(phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, signature in enumerate(signatures):
        shared: Counter[int] = Counter()
        for gram in signature:
            shared.update(j for j in index[(phrases[i].kind, gram)] if j > i)
        for j, count in shared.items():
            if count >= _MIN_SHARED and fuzz.ratio(texts[i], texts[j]) >= SIMILARITY:
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
