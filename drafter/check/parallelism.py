"""Sibling heads that break their siblings' frame or length class (对仗)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from statistics import median

from drafter.bank.mine import frames_leaving_each_out, shared_frame
from drafter.check.model import CheckedText, Finding


def check(text: CheckedText, **_: object) -> Iterator[Finding]:
    for group in text.siblings:
        heads = [p.heading for p in group]
        if len(group) < 3:
            continue
        typical = median(len(h) for h in heads)
        for passage, head in zip(group, heads, strict=True):
            if abs(len(head) - typical) > max(4, 0.4 * typical):
                yield Finding("parallelism.length", "parallelism", "warning",
                              f"head of {len(head)} characters among siblings of about "
                              f"{typical:.0f}", text.locate(passage),
                              suggestion="make the sibling heads the same length class",
                              excerpt=head)
        if shared_frame(heads):
            continue  # they read as a set
        lengths = sorted(len(h) for h in heads)
        for passage, frame in zip(group, frames_leaving_each_out(heads), strict=True):
            # Only a real frame counts (突出{X}性: 3 of 5 characters), not two heads
            # that happen to share a word (增强政治能力 / 严守政治纪律).
            literal = len(re.sub(r"\{[A-Z]\}", "", frame))
            if frame and literal >= 3 and literal >= 0.4 * _median_without(
                    lengths, len(passage.heading)):
                yield Finding("parallelism.frame", "parallelism", "warning",
                              f"head breaks the frame its siblings share: {frame}",
                              text.locate(passage), suggestion=f"recast it as {frame}",
                              excerpt=passage.heading)
                break


def _median_without(ordered: list[int], value: int) -> float:
    """The median of ``ordered`` (sorted) with one ``value`` taken out."""
    gone = bisect_left(ordered, value)
    size = len(ordered) - 1

    def at(j: int) -> int:
        return ordered[j if j < gone else j + 1]

    if size % 2:
        return at(size // 2)
    return (at(size // 2 - 1) + at(size // 2)) / 2
