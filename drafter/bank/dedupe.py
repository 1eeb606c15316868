"""Near-duplicate phrases: the same sentence mined twice with a word changed.

Pairs nearly the same (drafter.text.similar: MinHash candidates, rapidfuzz ratio ≥ 90)
among phrases of one kind are grouped.  Mining keeps each group's best phrase (by score,
then id) with every source of the group; review merges a group's others into its first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from drafter.bank.model import Phrase, kept_sources, normalise
from drafter.text.similar import SIMILARITY, similar_components, unscored_groups


def _by_quality(phrase: Phrase) -> tuple:
    return (-phrase.score, phrase.id)


def near_duplicate_groups(phrases: Iterable[Phrase],
                          best: Callable[[Phrase], Any] = _by_quality,
                          similarity: float = SIMILARITY) -> list[list[Phrase]]:
    """Every group of phrases (one kind) nearly the same as one another (rapidfuzz ratio
    ≥ ``similarity``), each sorted by ``best`` (its first is the one to keep), groups of
    one included; in id order of their first members' ids, so the same bank gives the
    same groups.  Mining merges the groups at the default already: a maintainer looks
    for looser ones (促进区域协调发展 / 促进区域经济协调发展 are 89 alike)."""
    phrases = sorted(phrases, key=lambda p: p.id)
    texts = [normalise(p.text) for p in phrases]
    labels = similar_components(texts, [p.kind for p in phrases], similarity)
    groups: dict[int, list[Phrase]] = defaultdict(list)
    for label, phrase in zip(labels, phrases, strict=True):
        groups[label].append(phrase)
    # (In id order of their first members: a component's label is its first index.)
    return [sorted(members, key=best)
            for members in sorted(groups.values(), key=lambda m: m[0].id)]


def kinds_grouped_strictly(phrases: Iterable[Phrase],
                           similarity: float = SIMILARITY) -> dict[str, int]:
    """The kinds near_duplicate_groups groups at SIMILARITY although asked for a looser
    ``similarity`` (too many phrases, or too long, to score every pair of), each with its
    number of phrases compared; none at SIMILARITY or above."""
    if similarity >= SIMILARITY:
        return {}
    phrases = list(phrases)
    return unscored_groups([normalise(p.text) for p in phrases], [p.kind for p in phrases])


def merge_near_duplicates(phrases: Iterable[Phrase]) -> list[Phrase]:
    merged = []
    for members in near_duplicate_groups(phrases):
        best = members[0]
        if len(members) > 1:
            best.sources = kept_sources(s for p in members for s in p.sources)
        merged.append(best)
    return sorted(merged, key=lambda p: p.id)


class ClosestPhrase:
    """The phrase most like a given one among a bank's phrases of its kind, as the review
    screen shows it beside the phrase under the cursor (rapidfuzz ratio ≥ 70 on the
    normalised texts: looser than a group's 90, to show what a merge would be weighed
    against).  The texts are normalised once, into one list per kind, so that a cursor
    move hands rapidfuzz a ready list: building it per move from 40,000 paragraphs took
    0.2 s a key."""

    CUTOFF = 70

    def __init__(self, phrases: Iterable[Phrase]):
        self._by_kind: dict[str, tuple[list[Phrase], list[str]]] = {}
        for p in phrases:
            if p.status != "merged":
                held, norms = self._by_kind.setdefault(p.kind, ([], []))
                held.append(p)
                norms.append(normalise(p.text))

    def of(self, phrase: Phrase) -> tuple[Phrase, float] | None:
        """The closest other phrase of ``phrase``'s kind not merged away, with its
        similarity (0-100), or None when none reaches the cutoff."""
        from rapidfuzz import fuzz, process

        held, norms = self._by_kind.get(phrase.kind, ([], []))
        # The best few, for the phrase itself and any twin merged since are among them.
        for _, score, index in process.extract(normalise(phrase.text), norms,
                                               scorer=fuzz.ratio,
                                               score_cutoff=self.CUTOFF, limit=8):
            other = held[index]
            if other.id != phrase.id and other.status != "merged":
                return other, score
        return None
